import Foundation

/// A CSV file parsed per RFC 4180 (quoted fields may hold commas, quotes and newlines),
/// with the 1-based line each record starts on, so errors can point at it. A field that
/// `field(_:)` protected from spreadsheets with a leading `'` is read without it.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        public var line: Int
        public var fields: [String]
        let columns: [String: Int]

        /// The value in the named column, or `nil` if the column does not exist or the row is short.
        public subscript(_ column: String) -> String? {
            guard let index = columns[column], index < fields.count else { return nil }
            return fields[index]
        }
    }

    public var path: String
    public var header: [String]
    public var rows: [Row]

    /// Parses `text`; the first record is the header. Throws on an unterminated quote.
    public init(parsing text: String, path: String) throws {
        self.path = path
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var fieldStarted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(Self.unprotected(field))
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
            field = ""
            fieldStarted = false
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where !fieldStarted || field.isEmpty:
                inQuotes = true
                quoteLine = line
                fieldStarted = true
            case ",":
                fields.append(Self.unprotected(field))
                field = ""
                fieldStarted = false
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
                fieldStarted = true
            }
        }
        if inQuotes {
            throw InputError("unterminated quoted field", at: SourceLocation(file: path, line: quoteLine))
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }

        guard let first = records.first else {
            header = []
            rows = []
            return
        }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        if let bom = header.first, bom.hasPrefix("\u{FEFF}") { header[0] = String(bom.dropFirst()) }
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() where columns[name] == nil { columns[name] = index }
        rows = records.dropFirst().map { Row(line: $0.line, fields: $0.fields, columns: columns) }
    }

    /// Throws an error naming the file if any of `columns` is missing from the header.
    public func require(columns required: [String]) throws {
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw InputError(
                "missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); the header must name \(required.joined(separator: ","))",
                at: SourceLocation(file: path, line: 1))
        }
    }
}

extension CSVTable {
    /// The first characters that make a spreadsheet read a cell as a formula (OWASP's CSV
    /// injection list): `=`, `+`, `-`, `@`, tab and carriage return.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// A text cell for CSV output (RFC 4180), safe to open in a spreadsheet.
    ///
    /// Text starting like a formula gets a leading `'`, which spreadsheets show as "this is
    /// text" — unless it is a plain number such as `-0.25`, which is data. Text that already
    /// starts with `'`s before a formula character gets one more, so `CSVTable` (which drops
    /// one such `'` when reading) gives back exactly what was written. The cell is quoted when
    /// it holds a comma, quote, CR or LF, with quotes doubled.
    public static func field(_ value: String) -> String {
        var text = value
        if Self.looksLikeFormula(text[...]) { text = "'" + text }
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether `text`, after any leading `'`s, starts with a formula character and is not a
    /// plain decimal number.
    static func looksLikeFormula(_ text: Substring) -> Bool {
        let scalars = text.unicodeScalars.drop { $0 == "'" }
        guard let first = scalars.first, formulaStarts.contains(first) else { return false }
        return !(scalars.count == text.unicodeScalars.count && isPlainNumber(text))
    }

    /// `-0.25`, `+3`, `1e-5`: what a spreadsheet reads as a number, not a formula.
    static func isPlainNumber(_ text: Substring) -> Bool {
        text.wholeMatch(of: /[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/) != nil
    }

    /// A field as read, with the `'` that `field(_:)` put before a formula character removed.
    static func unprotected(_ field: String) -> String {
        guard field.unicodeScalars.first == "'", looksLikeFormula(field[...]) else { return field }
        return String(field.unicodeScalars.dropFirst())
    }
}
