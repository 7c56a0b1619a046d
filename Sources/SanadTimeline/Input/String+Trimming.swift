extension String {
    /// Without leading and trailing ASCII spaces (and nothing else: other white space can be
    /// part of what a source wrote).
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
