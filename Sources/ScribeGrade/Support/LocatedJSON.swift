import Foundation

/// A parsed JSON value that remembers the line and column it started on, so importers can
/// point errors at the offending field rather than at the whole file.
///
/// Foundation's `JSONSerialization` gives neither positions for valid documents nor reliable
/// ones for invalid documents; this parser (RFC 8259, strict) gives both.
public indirect enum LocatedJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([Located])
    /// Members in document order; a repeated key is reported as an error when parsing.
    case object([(key: String, value: Located)])

    /// A value with the 1-based line and column of its first character.
    public struct Located: Sendable, Hashable {
        public var value: LocatedJSON
        public var line: Int
        public var column: Int

        public init(value: LocatedJSON, line: Int, column: Int) {
            self.value = value
            self.line = line
            self.column = column
        }
    }

    public static func == (lhs: LocatedJSON, rhs: LocatedJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case let .bool(b): hasher.combine(b)
        case let .number(n): hasher.combine(n)
        case let .string(s): hasher.combine(s)
        case let .array(a): hasher.combine(a)
        case let .object(members):
            for member in members { hasher.combine(member.key); hasher.combine(member.value) }
        }
    }

    /// A short name of the value's type for error messages (`a string`, `an array`, …).
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    public var stringValue: String? { if case let .string(s) = self { return s } else { return nil } }
    public var numberValue: Double? { if case let .number(n) = self { return n } else { return nil } }
    public var boolValue: Bool? { if case let .bool(b) = self { return b } else { return nil } }
    public var arrayValue: [Located]? { if case let .array(a) = self { return a } else { return nil } }
    public var objectValue: [(key: String, value: Located)]? { if case let .object(o) = self { return o } else { return nil } }
}

extension LocatedJSON.Located {
    /// The member named `key` of an object, or `nil` if absent or not an object.
    public subscript(_ key: String) -> LocatedJSON.Located? {
        value.objectValue?.first { $0.key == key }?.value
    }

    /// This value's place in `file`.
    public func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }
}

/// Parses JSON text into `LocatedJSON.Located`, throwing `InputError` with the line and column
/// of the first syntax error.
public struct LocatedJSONParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private let path: String
    private let lineOffset: Int

    /// Parses one JSON document. `lineOffset` is added to every line (for JSONL, where a
    /// document starts on a later line of the file).
    public static func parse(_ text: String, path: String, lineOffset: Int = 0) throws -> LocatedJSON.Located {
        var parser = LocatedJSONParser(scalars: Array(text.unicodeScalars), path: path, lineOffset: lineOffset)
        // A byte-order mark is allowed as the file's first character only.
        if parser.scalars.first == "\u{FEFF}" { parser.advance() }
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index < parser.scalars.count {
            throw parser.error("unexpected content after the JSON value")
        }
        return value
    }

    private init(scalars: [Unicode.Scalar], path: String, lineOffset: Int) {
        self.scalars = scalars
        self.path = path
        self.lineOffset = lineOffset
    }

    private func error(_ message: String) -> InputError {
        InputError("invalid JSON: \(message)", at: SourceLocation(file: path, line: line + lineOffset, column: column))
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private mutating func skipWhitespace() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
    }

    private mutating func parseValue(depth: Int) throws -> LocatedJSON.Located {
        guard depth < 512 else { throw error("nesting too deep") }
        skipWhitespace()
        let startLine = line + lineOffset
        let startColumn = column
        guard let c = current else { throw error("unexpected end of input, expected a value") }
        let value: LocatedJSON
        switch c {
        case "{": value = try parseObject(depth: depth)
        case "[": value = try parseArray(depth: depth)
        case "\"": value = .string(try parseString())
        case "t": try expectWord("true"); value = .bool(true)
        case "f": try expectWord("false"); value = .bool(false)
        case "n": try expectWord("null"); value = .null
        case "-", "0"..."9": value = .number(try parseNumber())
        default: throw error("unexpected character '\(Character(c))', expected a value")
        }
        return LocatedJSON.Located(value: value, line: startLine, column: startColumn)
    }

    private mutating func expectWord(_ word: String) throws {
        for expected in word.unicodeScalars {
            guard current == expected else { throw error("expected '\(word)'") }
            advance()
        }
    }

    private mutating func parseObject(depth: Int) throws -> LocatedJSON {
        advance()
        var members: [(key: String, value: LocatedJSON.Located)] = []
        var seen: Set<String> = []
        skipWhitespace()
        if current == "}" { advance(); return .object(members) }
        while true {
            skipWhitespace()
            guard current == "\"" else { throw error("expected a quoted member name") }
            let keyLine = line, keyColumn = column
            let key = try parseString()
            guard seen.insert(key).inserted else {
                throw InputError("invalid JSON: duplicate member \"\(key)\"", at: SourceLocation(file: path, line: keyLine + lineOffset, column: keyColumn))
            }
            skipWhitespace()
            guard current == ":" else { throw error("expected ':' after member name") }
            advance()
            let value = try parseValue(depth: depth + 1)
            members.append((key, value))
            skipWhitespace()
            guard let c = current else { throw error("unexpected end of input inside an object") }
            if c == "," { advance(); continue }
            if c == "}" { advance(); return .object(members) }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray(depth: Int) throws -> LocatedJSON {
        advance()
        var elements: [LocatedJSON.Located] = []
        skipWhitespace()
        if current == "]" { advance(); return .array(elements) }
        while true {
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard let c = current else { throw error("unexpected end of input inside an array") }
            if c == "," { advance(); continue }
            if c == "]" { advance(); return .array(elements) }
            throw error("expected ',' or ']' in an array")
        }
    }

    private mutating func parseString() throws -> String {
        advance()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw error("unterminated string") }
            if c == "\"" { advance(); return String(out) }
            if c == "\\" {
                advance()
                guard let e = current else { throw error("unterminated string") }
                advance()
                switch e {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "/": out.append("/")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "u":
                    let high = try parseHex4()
                    if (0xD800...0xDBFF).contains(high) {
                        guard current == "\\" else { throw error("unpaired surrogate in \\u escape") }
                        advance()
                        guard current == "u" else { throw error("unpaired surrogate in \\u escape") }
                        advance()
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate in \\u escape") }
                        let scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                        out.append(Unicode.Scalar(scalar)!)
                    } else if (0xDC00...0xDFFF).contains(high) {
                        throw error("unpaired surrogate in \\u escape")
                    } else {
                        out.append(Unicode.Scalar(high)!)
                    }
                default: throw error("invalid escape '\\\(Character(e))'")
                }
                continue
            }
            if c.value < 0x20 { throw error("control character in string (newlines must be escaped as \\n)") }
            out.append(c)
            advance()
        }
    }

    private mutating func parseHex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            // ASCII digits only: `Character.hexDigitValue` also takes fullwidth ones ("０").
            guard let c = current, c.isASCII, let digit = Character(c).hexDigitValue else { throw error("expected four hex digits after \\u") }
            value = value * 16 + UInt32(digit)
            advance()
        }
        return value
    }

    private mutating func parseNumber() throws -> Double {
        var text = ""
        func take() { text.unicodeScalars.append(current!); advance() }
        func digits() -> Int {
            var count = 0
            while let c = current, ("0"..."9").contains(c) { take(); count += 1 }
            return count
        }
        if current == "-" { take() }
        if current == "0" { take() } else if digits() == 0 { throw error("invalid number") }
        if current == "." {
            take()
            guard digits() > 0 else { throw error("invalid number: digits expected after '.'") }
        }
        if current == "e" || current == "E" {
            take()
            if current == "+" || current == "-" { take() }
            guard digits() > 0 else { throw error("invalid number: digits expected in exponent") }
        }
        guard let value = Double(text), value.isFinite else { throw error("number out of range") }
        return value
    }
}
