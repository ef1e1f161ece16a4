extension Array where Element == Diagnostic {
    /// Each diagnostic once, grouped by file in the order files first appear, then by line and
    /// column, as a compiler prints them. Diagnostics without a line come first in their file.
    public func inSourceOrder() -> [Diagnostic] {
        var seen: Set<Diagnostic> = []
        var fileOrder: [String: Int] = [:]
        var unique: [Diagnostic] = []
        for diagnostic in self where seen.insert(diagnostic).inserted {
            if fileOrder[diagnostic.location.file] == nil { fileOrder[diagnostic.location.file] = fileOrder.count }
            unique.append(diagnostic)
        }
        return unique.enumerated().sorted { a, b in
            let (x, y) = (a.element.location, b.element.location)
            let key = { (l: SourceLocation, index: Int) in (fileOrder[l.file]!, l.line ?? 0, l.column ?? 0, index) }
            return key(x, a.offset) < key(y, b.offset)
        }.map(\.element)
    }
}
