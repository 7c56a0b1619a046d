/// `DeclaredZone.resolve` for a stream of events, with the same results.
///
/// Resolving asks the time-zone database three times per event. Messages mostly move forward
/// in time, so this remembers one span of instants in which the zone's offset does not change;
/// a local time whose whole ±1 day neighbourhood lies inside that span can only have that
/// offset, with no daylight-saving case, which is exactly what `resolve` would find.
struct ZoneResolver {
    let zone: DeclaredZone
    private var from = Int64.max
    private var until = Int64.min
    private var offset = 0

    init(_ zone: DeclaredZone) {
        self.zone = zone
    }

    mutating func resolve(_ local: LocalDateTime) -> (epochMilliseconds: Int64, zone: EventZone) {
        let wall = local.secondsAsIfUTC
        if wall - 86_400 >= from, wall + 86_400 < until {
            return ((wall - Int64(offset)) * 1000, EventZone(basis: zone.basis, name: zone.name, offsetSeconds: offset))
        }
        let resolved = zone.resolve(local)
        let start = wall - 86_400
        from = start
        offset = zone.offset(atInstant: start)
        until = zone.nextTransition(afterInstant: start) ?? Int64.max
        return resolved
    }
}
