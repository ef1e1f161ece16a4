/// Reads Praat TextGrid files in the text formats Praat writes: the long ("ooTextFile") format
/// with `xmin = 0` labels, and the short format of bare values.
///
/// Praat's own reader treats both alike: it reads the sequence of numbers, quoted strings and
/// `<exists>` flags and ignores the labels between them. This parser does the same, so
/// indentation (spaces or tabs), CRLF line ends and label spelling do not matter, and reports
/// a missing or mistyped value with its file, line and column. Strings use Praat's quoting:
/// a doubled `""` stands for one `"`, and a string may span lines. Binary TextGrids are refused.
public enum TextGridParser {
    public static func parse(_ text: String, path: String) throws -> TextGrid {
        var reader = TokenReader(tokens: try tokenize(text, path: path), path: path)
        let fileType = try reader.string("the file type (File type = \"ooTextFile\")")
        guard fileType.value == "ooTextFile" || fileType.value == "ooTextFile short" else {
            throw InputError("not a Praat text file: the file type is not \"ooTextFile\"", at: reader.location(of: fileType.token))
        }
        let objectClass = try reader.string("the object class (Object class = \"TextGrid\")")
        guard objectClass.value == "TextGrid" || objectClass.value.hasPrefix("TextGrid ") else {
            throw InputError("not a TextGrid: the object class is not \"TextGrid\"", at: reader.location(of: objectClass.token))
        }
        let start = try reader.number("xmin of the TextGrid")
        let end = try reader.number("xmax of the TextGrid")
        let exists = try reader.flag("tiers? <exists> or <absent>")
        var tiers: [TextGrid.Tier] = []
        if exists {
            let count = try reader.count("the number of tiers (size)")
            for tierIndex in 0..<count {
                tiers.append(try readTier(&reader, number: tierIndex + 1))
            }
        }
        if let extra = reader.peek {
            throw InputError("unexpected content after the last tier", at: reader.location(of: extra))
        }
        return TextGrid(start: start.value, end: end.value, tiers: tiers)
    }

    private static func readTier(_ reader: inout TokenReader, number: Int) throws -> TextGrid.Tier {
        let className = try reader.string("the class of tier \(number)")
        guard let kind = TextGrid.Tier.Kind(rawValue: className.value) else {
            throw InputError("tier \(number) has unknown class; expected \"IntervalTier\" or \"TextTier\"", at: reader.location(of: className.token))
        }
        let name = try reader.string("the name of tier \(number)")
        let start = try reader.number("xmin of tier \(number)")
        let end = try reader.number("xmax of tier \(number)")
        let size = try reader.count("the number of \(kind == .interval ? "intervals" : "points") in tier \(number)")
        var intervals: [TextGrid.Interval] = []
        var points: [TextGrid.Point] = []
        for item in 0..<size {
            switch kind {
            case .interval:
                let what = "interval \(item + 1) of tier \(number)"
                let xmin = try reader.number("xmin of \(what)")
                let xmax = try reader.number("xmax of \(what)")
                let text = try reader.string("the text of \(what)")
                guard xmax.value >= xmin.value else {
                    throw InputError("\(what) ends (xmax) before it starts (xmin)", at: reader.location(of: xmax.token))
                }
                if let previous = intervals.last, xmin.value < previous.start {
                    throw InputError("\(what) starts before the interval above it; intervals must be in time order", at: reader.location(of: xmin.token))
                }
                intervals.append(TextGrid.Interval(start: xmin.value, end: xmax.value, text: text.value, line: text.token.line))
            case .text:
                let what = "point \(item + 1) of tier \(number)"
                let time = try reader.number("the time of \(what)")
                let mark = try reader.string("the mark of \(what)")
                points.append(TextGrid.Point(time: time.value, mark: mark.value, line: mark.token.line))
            }
        }
        return TextGrid.Tier(
            kind: kind, name: name.value, start: start.value, end: end.value,
            intervals: intervals, points: points, line: className.token.line)
    }

    // MARK: - Tokens

    struct Token {
        enum Kind {
            case string(String)
            case number(Double)
            case flag(Bool)
        }

        var kind: Kind
        var line: Int
        var column: Int

        var description: String {
            switch kind {
            case .string: return "a string"
            case .number: return "a number"
            case .flag: return "a flag"
            }
        }
    }

    /// Splits the text into values, dropping labels (`xmin`, `=`, `intervals [3]:`, …) and
    /// `!` comments, which Praat also ignores.
    static func tokenize(_ text: String, path: String) throws -> [Token] {
        let scalars = Array(text.unicodeScalars)
        if scalars.starts(with: "ooBinaryFile".unicodeScalars) {
            throw InputError("binary TextGrid files are not supported; save it from Praat as a text file", at: SourceLocation(file: path, line: 1, column: 1))
        }
        var tokens: [Token] = []
        var i = 0
        var line = 1
        var column = 1
        func advance() {
            if scalars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        if i < scalars.count, scalars[i] == "\u{FEFF}" { advance() }
        while i < scalars.count {
            let c = scalars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { advance(); continue }
            if c == "!" {
                while i < scalars.count, scalars[i] != "\n" { advance() }
                continue
            }
            let startLine = line, startColumn = column
            if c == "\"" {
                advance()
                var value = String.UnicodeScalarView()
                var closed = false
                while i < scalars.count {
                    if scalars[i] == "\"" {
                        if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                            value.append("\"")
                            advance(); advance()
                            continue
                        }
                        advance()
                        closed = true
                        break
                    }
                    if scalars[i] != "\r" { value.append(scalars[i]) }
                    advance()
                }
                guard closed else {
                    throw InputError("unterminated string (a \" without its closing \")", at: SourceLocation(file: path, line: startLine, column: startColumn))
                }
                tokens.append(Token(kind: .string(String(value)), line: startLine, column: startColumn))
                continue
            }
            var word = String.UnicodeScalarView()
            while i < scalars.count, !" \t\n\r\"".unicodeScalars.contains(scalars[i]) {
                word.append(scalars[i])
                advance()
            }
            let text = String(word)
            if text == "<exists>" {
                tokens.append(Token(kind: .flag(true), line: startLine, column: startColumn))
            } else if text == "<absent>" {
                tokens.append(Token(kind: .flag(false), line: startLine, column: startColumn))
            } else if let first = text.unicodeScalars.first, "0123456789-+.".unicodeScalars.contains(first), let number = Double(text), number.isFinite {
                tokens.append(Token(kind: .number(number), line: startLine, column: startColumn))
            }
        }
        return tokens
    }

    struct TokenReader {
        var tokens: [Token]
        var position = 0
        let path: String

        var peek: Token? { position < tokens.count ? tokens[position] : nil }

        func location(of token: Token) -> SourceLocation {
            SourceLocation(file: path, line: token.line, column: token.column)
        }

        private mutating func next(_ what: String) throws -> Token {
            guard let token = peek else {
                let last = tokens.last
                throw InputError("unexpected end of file; expected \(what)", at: SourceLocation(file: path, line: last?.line ?? 1))
            }
            position += 1
            return token
        }

        mutating func string(_ what: String) throws -> (value: String, token: Token) {
            let token = try next(what)
            guard case let .string(value) = token.kind else {
                throw InputError("expected \(what) as a quoted string, found \(token.description)", at: location(of: token))
            }
            return (value, token)
        }

        mutating func number(_ what: String) throws -> (value: Double, token: Token) {
            let token = try next(what)
            guard case let .number(value) = token.kind else {
                throw InputError("expected \(what) as a number, found \(token.description)", at: location(of: token))
            }
            return (value, token)
        }

        mutating func count(_ what: String) throws -> Int {
            let (value, token) = try number(what)
            guard value >= 0, value == value.rounded(), value < 10_000_000 else {
                throw InputError("expected \(what) as a whole number", at: location(of: token))
            }
            return Int(value)
        }

        mutating func flag(_ what: String) throws -> Bool {
            let token = try next(what)
            guard case let .flag(value) = token.kind else {
                throw InputError("expected \(what), found \(token.description)", at: location(of: token))
            }
            return value
        }
    }
}
