import Foundation

/// A value a prompt template placeholder stands for: text, a condition, or a list of items
/// each rendered with its own values.
public enum TemplateValue: Sendable, Hashable {
    case text(String)
    case flag(Bool)
    case list([[String: TemplateValue]])
}

/// A tiny logic-less template language for the prompt files: `{{name}}` inserts text,
/// `{{#name}}…{{/name}}` renders its body once per list item or when a flag is true,
/// `{{^name}}…{{/name}}` when a flag is false or a list is empty. A tag alone on its line
/// takes the line with it.
public struct TemplateText: Sendable, Hashable {
    indirect enum Part: Sendable, Hashable {
        case literal(String)
        case variable(String)
        case section(String, inverted: Bool, [Part])
    }

    let parts: [Part]

    /// Parses template text.
    ///
    /// - Throws: `TemplateText.SyntaxError` naming the tag that is unclosed or mismatched.
    public init(_ text: String) throws {
        var tokens: [(kind: Character?, name: String)] = []  // kind nil = literal
        var rest = Substring(text)
        var literal = ""
        while let open = rest.range(of: "{{") {
            literal += rest[..<open.lowerBound]
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else {
                throw SyntaxError(message: "'{{' without a closing '}}'")
            }
            var inner = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            var kind: Character = "="
            if let first = inner.first, first == "#" || first == "/" || first == "^" {
                kind = first
                inner = String(inner.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            var after = rest[close.upperBound...]
            if kind != "=" {
                // A section tag alone on its line takes the line with it.
                let lineStart = literal.lastIndex(of: "\n").map { literal.index(after: $0) } ?? literal.startIndex
                let before = literal[lineStart...]
                let lineEnd = after.firstIndex(of: "\n")
                let restOfLine = after[..<(lineEnd ?? after.endIndex)]
                if before.allSatisfy({ $0 == " " || $0 == "\t" }), restOfLine.allSatisfy({ $0 == " " || $0 == "\t" }),
                   lineEnd != nil || after.isEmpty {
                    literal.removeSubrange(lineStart...)
                    after = lineEnd.map { after[after.index(after: $0)...] } ?? after[after.endIndex...]
                }
            }
            if !literal.isEmpty { tokens.append((nil, literal)) }
            literal = ""
            tokens.append((kind, inner))
            rest = after
        }
        literal += rest
        if !literal.isEmpty { tokens.append((nil, literal)) }

        var index = 0
        func parse(until closing: String?) throws -> [Part] {
            var parts: [Part] = []
            while index < tokens.count {
                let token = tokens[index]
                index += 1
                switch token.kind {
                case nil: parts.append(.literal(token.name))
                case "="?: parts.append(.variable(token.name))
                case "#"?, "^"?:
                    let body = try parse(until: token.name)
                    parts.append(.section(token.name, inverted: token.kind == "^", body))
                default:
                    guard token.name == closing else { throw SyntaxError(message: "'{{/\(token.name)}}' closes nothing open") }
                    return parts
                }
            }
            if let closing { throw SyntaxError(message: "'{{#\(closing)}}' is never closed") }
            return parts
        }
        parts = try parse(until: nil)
    }

    /// Renders with `values`; a name with no value renders as nothing (a missing placeholder
    /// is caught by `names` checks, not at render time).
    public func render(_ values: [String: TemplateValue]) -> String {
        var out = ""
        Self.render(parts, scopes: [values], into: &out)
        return out
    }

    /// Every placeholder and section name the template uses.
    public var names: Set<String> {
        var result: Set<String> = []
        func visit(_ parts: [Part]) {
            for part in parts {
                switch part {
                case .literal: break
                case let .variable(name): result.insert(name)
                case let .section(name, _, body): result.insert(name); visit(body)
                }
            }
        }
        visit(parts)
        return result
    }

    private static func lookup(_ name: String, _ scopes: [[String: TemplateValue]]) -> TemplateValue? {
        for scope in scopes.reversed() { if let value = scope[name] { return value } }
        return nil
    }

    private static func render(_ parts: [Part], scopes: [[String: TemplateValue]], into out: inout String) {
        for part in parts {
            switch part {
            case let .literal(text): out += text
            case let .variable(name):
                switch lookup(name, scopes) {
                case let .text(text)?: out += text
                case let .flag(flag)?: out += flag ? "true" : "false"
                case .list?, nil: break
                }
            case let .section(name, inverted, body):
                switch lookup(name, scopes) {
                case let .list(items)?:
                    if inverted {
                        if items.isEmpty { render(body, scopes: scopes, into: &out) }
                    } else {
                        for item in items { render(body, scopes: scopes + [item], into: &out) }
                    }
                case let .flag(flag)?:
                    if flag != inverted { render(body, scopes: scopes, into: &out) }
                case let .text(text)?:
                    if text.isEmpty == inverted { render(body, scopes: scopes, into: &out) }
                case nil:
                    if inverted { render(body, scopes: scopes, into: &out) }
                }
            }
        }
    }

    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
