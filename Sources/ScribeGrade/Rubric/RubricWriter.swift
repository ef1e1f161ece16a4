import Foundation

/// Writes a rubric as YAML in the documented layout: block style, one criterion per list item,
/// keys in a fixed order, tags in flow style, and only the keys that differ from defaults.
///
/// Importers and `rubric draft` use it, so every rubric ScribeGrade writes reads back equal.
public enum RubricWriter {
    public static func yaml(_ rubric: Rubric, header: [String] = []) -> String {
        var out = ""
        for line in header { out += "# \(line)\n" }
        out += "id: \(scalar(rubric.id))\n"
        out += "encounter: \(scalar(rubric.encounter))\n"
        out += "version: \(rubric.version)\n"
        if let title = rubric.title { out += "title: \(scalar(title))\n" }
        if let source = rubric.source { out += "source: \(scalar(source))\n" }
        if !rubric.includes.isEmpty { out += "include: [\(rubric.includes.map(scalar).joined(separator: ", "))]\n" }
        out += "criteria:\n"
        for criterion in rubric.criteria {
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

    /// `3` for whole numbers, `2.5` otherwise.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static let reservedWords: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    ]

    /// A YAML scalar, double-quoted whenever the plain form could be read as something else.
    static func scalar(_ text: String) -> String {
        let needsQuotes = text.isEmpty
            || reservedWords.contains(text.lowercased())
            || Double(text) != nil
            || text.first.map { " -?:,[]{}#&*!|>'\"%@`".contains($0) } == true
            || text.last == " " || text.last == ":"
            || text.contains(": ") || text.contains(" #") || text.contains("\n") || text.contains("\t")
            || text.contains(",") || text.contains("[") || text.contains("]") || text.contains("{") || text.contains("}")
            || text.unicodeScalars.contains { $0.value < 0x20 }
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
                if scalar.value < 0x20 { escaped += String(format: "\\x%02X", scalar.value) } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped + "\""
    }
}
