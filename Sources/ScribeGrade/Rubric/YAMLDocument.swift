import Yams

/// A YAML file composed into Yams' node tree (every node carries its line and column), with
/// syntax errors turned into diagnostics.
///
/// The text is first read as libyaml's event stream (`YAMLEventScan`), which composes nothing:
/// anchors and aliases are refused there, so no alias is ever expanded, whatever the file.
///
/// Yams stops at the first duplicated mapping key. So that every repeated key is reported with
/// every other problem of the file, each repeat found by the scan is replaced by a same-length
/// placeholder (so every position in the text stays where it was), the text is composed once,
/// and the repeats are given back their names; the last value of a repeated key is the one kept
/// (as most YAML readers do). However many keys repeat, the text is composed once.
struct YAMLDocument {
    /// The root node; `nil` for an empty document, when the text is not valid YAML, or when it
    /// uses anchors or aliases.
    var root: Node?
    var diagnostics: [Diagnostic]
    /// How many times the text was composed into a tree: 1, or 0 when refused before composing.
    private(set) var compositions = 0

    static let aliasMessage = "anchors and aliases are not allowed in rubrics; write each value out in full"
    /// Anchors and aliases reported one by one; the rest are counted in one more diagnostic.
    static let maxReportedAliases = 10

    init(composing text: String, path: String) {
        let scan = YAMLEventScan(text)
        guard scan.anchorsAndAliases.isEmpty else {
            root = nil
            diagnostics = Self.aliasDiagnostics(scan.anchorsAndAliases, path: path)
            return
        }
        var diagnostics = scan.repeatedKeys.map { Self.repeatDiagnostic($0, path: path) }
        var working = text
        var renamed: [Position: String] = [:]
        if !scan.repeatedKeys.isEmpty {
            guard let placed = Self.placeholding(scan.repeatedKeys, in: text) else {
                root = nil
                self.diagnostics = diagnostics
                return
            }
            (working, renamed) = placed
        }
        do {
            compositions += 1
            let root = try Yams.compose(yaml: working)
            self.root = root.map { renamed.isEmpty ? $0 : Self.restoring($0, renamed: renamed) }
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            // Keys that are not scalars (`? [a]: …`), which the scan does not compare.
            root = nil
            diagnostics.append(.error("duplicate key '\(duplicates.first ?? "")'", at: Self.location(context.mark, path)))
        } catch let error as YamlError {
            root = nil
            diagnostics.append(Self.diagnostic(for: error, path: path))
        } catch {
            root = nil
            diagnostics.append(.error("invalid YAML: \(error)", at: SourceLocation(file: path)))
        }
        self.diagnostics = diagnostics
    }

    /// A line and column as libyaml counts them, to find a renamed key's node again.
    struct Position: Hashable {
        var line: Int
        var column: Int
    }

    /// One error at each of the first anchors and aliases, and one counting the others.
    static func aliasDiagnostics(_ positions: [YAMLEventScan.Position], path: String) -> [Diagnostic] {
        var diagnostics = positions.prefix(maxReportedAliases).map {
            Diagnostic.error(aliasMessage, at: location(($0.line, $0.column), path))
        }
        if positions.count > maxReportedAliases {
            let next = positions[maxReportedAliases]
            diagnostics.append(.error(
                "\(positions.count - maxReportedAliases) more anchors and aliases", at: location((next.line, next.column), path)))
        }
        return diagnostics
    }

    static func repeatDiagnostic(_ repeated: YAMLEventScan.RepeatedKey, path: String) -> Diagnostic {
        .error("duplicate key '\(repeated.name)'; first used at line \(repeated.firstLine)",
               at: location((repeated.start.line, repeated.start.column), path))
    }

    static func location(_ mark: Mark?, _ path: String) -> SourceLocation {
        SourceLocation(file: path, line: mark?.line, column: mark?.column)
    }

    static func location(_ position: (line: Int, column: Int)?, _ path: String) -> SourceLocation {
        SourceLocation(file: path, line: position?.line, column: position?.column)
    }

    /// A syntax error as a diagnostic at the position libyaml reports.
    static func diagnostic(for error: YamlError, path: String) -> Diagnostic {
        func message(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context else { return "invalid YAML: \(problem)" }
            return "invalid YAML: \(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            return .error(message(problem, context), at: location(mark, path))
        case let .reader(problem, offset, _, yaml):
            let position = offset.map { lineAndColumn(ofCharacterOffset: $0, in: yaml) }
            return .error("invalid YAML: \(problem)", at: location(position, path))
        default:
            return .error("invalid YAML: \(error)", at: SourceLocation(file: path, line: 1, column: 1))
        }
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// The 1-based line and column (in Unicode scalars, as libyaml counts) of a character offset.
    static func lineAndColumn(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var previous: Unicode.Scalar?
        for character in text.prefix(offset) {
            for scalar in character.unicodeScalars {
                if isLineBreak(scalar) {
                    if !(scalar == "\n" && previous == "\r") { line += 1 }
                    column = 1
                } else {
                    column += 1
                }
                previous = scalar
            }
        }
        return (line, column)
    }

    /// The private-use scalars placeholders are spelled with (`placeholderFiller` aside): a
    /// repeat's number is written in this base, so the placeholders of one mapping differ.
    static let placeholderDigits: [ClosedRange<UInt32>] = [0xE000...0xF8FE, 0xF0000...0xFFFFD, 0x100000...0x10FFFD]
    static let placeholderFiller = Unicode.Scalar(0xF8FF)!

    /// The `ordinal`th placeholder, `length` scalars long; `nil` when `length` is too short to
    /// number it.
    static func placeholder(_ ordinal: Int, length: Int) -> [Unicode.Scalar]? {
        let base = placeholderDigits.reduce(0) { $0 + $1.count }
        var digits: [Unicode.Scalar] = []
        var rest = ordinal
        repeat {
            var digit = UInt32(rest % base)
            rest /= base
            for range in placeholderDigits {
                if digit < range.count {
                    digits.append(Unicode.Scalar(range.lowerBound + digit)!)
                    break
                }
                digit -= UInt32(range.count)
            }
        } while rest > 0
        guard digits.count <= length else { return nil }
        return digits + Array(repeating: placeholderFiller, count: length - digits.count)
    }

    /// `text` with every repeated key token replaced by a placeholder of the same length, and
    /// the original name of the key at each replaced position; `nil` when a key cannot be
    /// replaced in place (it spans lines, or is too short to number its repeat).
    static func placeholding(_ repeats: [YAMLEventScan.RepeatedKey], in text: String) -> (String, [Position: String])? {
        // libyaml's indexes count Unicode scalars (CR LF as two).
        var scalars = Array(text.unicodeScalars)
        var renamed: [Position: String] = [:]
        for repeated in repeats {
            let start = repeated.start.index
            let end = repeated.endIndex
            guard start < end, end <= scalars.count, !scalars[start..<end].contains(where: isLineBreak),
                  let placeholder = placeholder(repeated.ordinal, length: end - start)
            else { return nil }
            scalars.replaceSubrange(start..<end, with: placeholder)
            renamed[Position(line: repeated.start.line, column: repeated.start.column)] = repeated.name
        }
        return (String(String.UnicodeScalarView(scalars)), renamed)
    }

    /// Rebuilds the tree with the keys at `renamed` positions given back their names, keeping
    /// the last value of a key that repeats within one mapping (at the first one's place).
    static func restoring(_ node: Node, renamed: [Position: String]) -> Node {
        switch node {
        case .mapping(let mapping):
            var pairs: [(Node, Node)] = []
            var firstIndex: [String: Int] = [:]
            for (key, value) in mapping {
                var key = key
                if let scalar = key.scalar, let mark = scalar.mark,
                   let original = renamed[Position(line: mark.line, column: mark.column)] {
                    key = .scalar(Node.Scalar(original, .implicit, scalar.style, scalar.mark))
                }
                let value = restoring(value, renamed: renamed)
                guard let name = key.scalar?.string else {
                    pairs.append((key, value))
                    continue
                }
                if let index = firstIndex[name] {
                    pairs[index] = (key, value)
                } else {
                    firstIndex[name] = pairs.count
                    pairs.append((key, value))
                }
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            let nodes = sequence.map { restoring($0, renamed: renamed) }
            return .sequence(Node.Sequence(nodes, sequence.tag, sequence.style, sequence.mark))
        default:
            return node
        }
    }
}
