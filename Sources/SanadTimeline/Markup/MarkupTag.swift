/// The name and attributes of the tag the tokenizer just read.
///
/// Names and values share one buffer, so that a tag costs two allocations, not one per
/// attribute: an SMS backup has hundreds of thousands of tags.
struct MarkupTag {
    var name: [UInt8] = []
    var selfClosing = false
    var storage: [UInt8] = []
    var attributes: [MarkupAttribute] = []
    /// A limit was reached: the name was cut, or attributes or values were dropped.
    var overflow = false

    mutating func reset() {
        name.removeAll(keepingCapacity: true)
        storage.removeAll(keepingCapacity: true)
        attributes.removeAll(keepingCapacity: true)
        selfClosing = false
        overflow = false
    }

    func nameIs(_ key: StaticString) -> Bool {
        key.withUTF8Buffer { k in name.count == k.count && name.elementsEqual(k) }
    }

    /// The attribute named `key` (exact, case-sensitive), first occurrence.
    func attribute(_ key: StaticString) -> MarkupAttribute? {
        key.withUTF8Buffer { k -> MarkupAttribute? in
            for a in attributes where a.name.count == k.count && storage[a.name].elementsEqual(k) { return a }
            return nil
        }
    }

    /// The raw value of `key`, entities not decoded.
    func raw(_ key: StaticString) -> ArraySlice<UInt8>? {
        attribute(key).map { storage[$0.value] }
    }

    /// The value of `key` with entities decoded, as bytes that may not be UTF-8.
    func decoded(_ key: StaticString) -> [UInt8]? {
        guard let raw = raw(key) else { return nil }
        var out: [UInt8] = []
        raw.withUnsafeBytes { MarkupEntities.decode($0, into: &out) }
        return out
    }

    /// The class attribute's space-separated words include `word`.
    func hasClass(_ word: StaticString) -> Bool {
        guard let value = raw("class") else { return false }
        return word.withUTF8Buffer { w in
            value.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }).contains { $0.elementsEqual(w) }
        }
    }
}
