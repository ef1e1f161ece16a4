import Foundation
import Yams

/// Writes a rubric as YAML in the documented layout: block style, one criterion per list item,
/// keys in a fixed order, tags in flow style, and only the keys that differ from defaults.
///
/// Importers and `rubric draft` use it, so every rubric ScribeGrade writes reads back equal
/// (`RubricDecoder` gives back the same rubric, source positions aside). Criteria that were
/// merged in from an included file (their `location` names another file than `path`) are not
/// written: the `include` list brings them.
public enum RubricWriter {
    public static func yaml(_ rubric: Rubric, header: [String] = []) -> String {
        var out = ""
        for line in header.flatMap({ $0.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) }) {
            out += "# \(String(String.UnicodeScalarView(line.unicodeScalars.filter(isPrintable))))\n"
        }
        out += "id: \(scalar(rubric.id))\n"
        out += "encounter: \(scalar(rubric.encounter))\n"
        out += "version: \(rubric.version)\n"
        if let title = rubric.title { out += "title: \(scalar(title))\n" }
        if let source = rubric.source { out += "source: \(scalar(source))\n" }
        if !rubric.includes.isEmpty { out += "include: [\(rubric.includes.map(scalar).joined(separator: ", "))]\n" }
        out += "criteria:\n"
        for criterion in rubric.criteria where !isIncluded(criterion, in: rubric) {
            out += "  - id: \(scalar(criterion.id))\n"
            if let parent = criterion.parent { out += "    parent: \(scalar(parent))\n" }
            out += "    section: \(criterion.section.rawValue)\n"
            out += "    text: \(scalar(criterion.text))\n"
            out += "    points: \(number(criterion.points))\n"
            if criterion.critical { out += "    critical: true\n" }
            if !criterion.tags.isEmpty { out += "    tags: [\(criterion.tags.map(scalar).joined(separator: ", "))]\n" }
        }
        return out
    }

    /// Whether the criterion was declared in a file `rubric` includes rather than in the rubric's own.
    static func isIncluded(_ criterion: Criterion, in rubric: Rubric) -> Bool {
        guard !rubric.includes.isEmpty, let path = rubric.path, let file = criterion.location?.file else { return false }
        return file != path
    }

    /// `3` for whole numbers, `2.5` otherwise.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Characters YAML allows unescaped in a document (YAML 1.1 `c-printable`, minus the byte
    /// order mark, which libyaml rejects inside a document).
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Line breaks as YAML reads them: inside any scalar they fold or end the line.
    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        [0x0A, 0x0D, 0x85, 0x2028, 0x2029].contains(scalar.value)
    }

    /// A YAML scalar, double-quoted whenever the plain form could be read as something else:
    /// another type (number, boolean, null…), an indicator, a comment, a mapping or flow
    /// separator, surrounding spaces, or a character that must be escaped.
    static func scalar(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        let colonNotInWord = scalars.indices.contains { index in
            scalars[index] == ":" && (index + 1 == scalars.count || !(Character(scalars[index + 1]).isLetter || Character(scalars[index + 1]).isNumber))
        }
        let needsQuotes = text.isEmpty
            || Resolver.default.resolveTag(of: Node(text, .implicit, .plain)) != .str
            || Double(text) != nil
            || text.first.map { " -?:,[]{}#&*!|>'\"%@`".contains($0) } == true
            || text.last == " " || colonNotInWord
            || text.contains(" #") || text.contains(",") || text.contains("[") || text.contains("]")
            || text.contains("{") || text.contains("}")
            || scalars.contains { $0 == "\t" || isBreak($0) || !isPrintable($0) }
        guard needsQuotes else { return text }
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case "\r": escaped += "\\r"
            default:
                if isPrintable(scalar) && !isBreak(scalar) {
                    escaped.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    escaped += String(format: "\\x%02X", scalar.value)
                } else if scalar.value <= 0xFFFF {
                    escaped += String(format: "\\u%04X", scalar.value)
                } else {
                    escaped += String(format: "\\U%08X", scalar.value)
                }
            }
        }
        return escaped + "\""
    }
}
