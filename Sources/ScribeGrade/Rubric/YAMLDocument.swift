import Yams

/// A YAML file composed into Yams' node tree (every node carries its line and column), with
/// syntax errors turned into diagnostics.
///
/// Yams stops at the first duplicated mapping key. So that a duplicated key is reported with
/// every other problem of the file, the composer renames the earlier key to a same-length
/// placeholder, composes again, and then reports each repeat at the repeat's own position; the
/// last value of a repeated key is the one kept (as most YAML readers do).
struct YAMLDocument {
    /// The root node; `nil` for an empty document or when the text is not valid YAML.
    var root: Node?
    var diagnostics: [Diagnostic]

    /// How many duplicated keys are worked around before giving up.
    static let maxRenamedKeys = 64

    init(composing text: String, path: String) {
        var scalars = Array(text.unicodeScalars)
        var renamed: [String: String] = [:]
        var working = text
        for attempt in 0...Self.maxRenamedKeys {
            do {
                let root = try Yams.compose(yaml: working)
                var diagnostics: [Diagnostic] = []
                self.root = root.map { renamed.isEmpty ? $0 : Self.restoring($0, renamed: renamed, path: path, into: &diagnostics) }
                self.diagnostics = diagnostics
                return
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                let key = duplicates.first ?? ""
                let placeholder = Self.placeholder(attempt: attempt)
                guard attempt < Self.maxRenamedKeys,
                      let renamedText = Self.renamingKey(key, at: context.mark, in: &scalars, placeholderStart: placeholder)
                else {
                    root = nil
                    diagnostics = [.error("duplicate key '\(key)'", at: Self.location(context.mark, path))]
                    return
                }
                renamed[renamedText] = key
                working = String(String.UnicodeScalarView(scalars))
            } catch let error as YamlError {
                root = nil
                diagnostics = [Self.diagnostic(for: error, path: path)]
                return
            } catch {
                root = nil
                diagnostics = [.error("invalid YAML: \(error)", at: SourceLocation(file: path))]
                return
            }
        }
        root = nil
        diagnostics = []
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

    /// The index in `scalars` of a 1-based line and column, counting line breaks as libyaml does.
    static func index(line target: Int, column: Int, in scalars: [Unicode.Scalar]) -> Int? {
        var line = 1
        var index = 0
        while line < target {
            guard index < scalars.count else { return nil }
            let scalar = scalars[index]
            index += 1
            if isLineBreak(scalar) {
                if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
                line += 1
            }
        }
        let position = index + column - 1
        return position < scalars.count ? position : nil
    }

    /// A placeholder's first scalar: a private-use character unique to the attempt.
    static func placeholder(attempt: Int) -> Unicode.Scalar {
        Unicode.Scalar(0xE000 + UInt32(attempt))!
    }

    /// Replaces the key token at `mark` (plain, single- or double-quoted) with a placeholder of
    /// the same length, so every later position in the text stays where it was. Returns the
    /// placeholder, or `nil` when the token at `mark` is not the key.
    static func renamingKey(_ key: String, at mark: Mark, in scalars: inout [Unicode.Scalar], placeholderStart: Unicode.Scalar) -> String? {
        guard let start = index(line: mark.line, column: mark.column, in: scalars) else { return nil }
        var end: Int?
        switch scalars[start] {
        case "'":
            var i = start + 1
            while i < scalars.count {
                if scalars[i] == "'" {
                    if i + 1 < scalars.count, scalars[i + 1] == "'" { i += 2; continue }
                    end = i + 1
                    break
                }
                i += 1
            }
        case "\"":
            var i = start + 1
            while i < scalars.count {
                if scalars[i] == "\\" { i += 2; continue }
                if scalars[i] == "\"" { end = i + 1; break }
                i += 1
            }
        default:
            let keyScalars = Array(key.unicodeScalars)
            if start + keyScalars.count <= scalars.count, Array(scalars[start..<start + keyScalars.count]) == keyScalars {
                end = start + keyScalars.count
            }
        }
        guard let end, end > start, !scalars[start..<end].contains(where: isLineBreak) else { return nil }
        let filler = Unicode.Scalar(0xE0FF)!
        let replacement = [placeholderStart] + Array(repeating: filler, count: end - start - 1)
        scalars.replaceSubrange(start..<end, with: replacement)
        return String(String.UnicodeScalarView(replacement))
    }

    /// Rebuilds the tree with placeholder keys given back their names, reporting every key that
    /// repeats within one mapping at the repeat, and keeping the last value.
    static func restoring(_ node: Node, renamed: [String: String], path: String, into diagnostics: inout [Diagnostic]) -> Node {
        switch node {
        case .mapping(let mapping):
            var pairs: [(Node, Node)] = []
            var firstIndex: [String: Int] = [:]
            var firstLine: [String: Int] = [:]
            for (key, value) in mapping {
                var key = key
                if let scalar = key.scalar, let original = renamed[scalar.string] {
                    key = .scalar(Node.Scalar(original, .implicit, scalar.style, scalar.mark))
                }
                let value = restoring(value, renamed: renamed, path: path, into: &diagnostics)
                guard let name = key.scalar?.string else {
                    pairs.append((key, value))
                    continue
                }
                if let index = firstIndex[name] {
                    let first = firstLine[name].map { "; first used at line \($0)" } ?? ""
                    diagnostics.append(.error("duplicate key '\(name)'\(first)", at: location(key.mark, path)))
                    pairs[index] = (key, value)
                } else {
                    firstIndex[name] = pairs.count
                    firstLine[name] = key.mark?.line
                    pairs.append((key, value))
                }
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            let nodes = sequence.map { restoring($0, renamed: renamed, path: path, into: &diagnostics) }
            return .sequence(Node.Sequence(nodes, sequence.tag, sequence.style, sequence.mark))
        default:
            return node
        }
    }
}
