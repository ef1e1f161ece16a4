/// What a system, encounter or rater name read from a file must be: one line of printable text.
///
/// Names end up in the terminal table, CSV rows, HTML and store keys; a newline, a carriage
/// return, any other control character, a line or paragraph separator, or a bidirectional
/// override would break a row or make one name look like another. The service's ids
/// (`Identifier`) are stricter still; names from the user's own files may hold spaces and
/// any letters.
public enum NameRule {
    public static let maxLength = 128

    /// Why `name` is not a valid name — saying where, never quoting it — or `nil` when it is.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        for (offset, scalar) in name.unicodeScalars.enumerated() where isForbidden(scalar) {
            return "has a control character (\(codePoint(scalar))) at position \(offset + 1); names must be one line of printable text"
        }
        if name.count > maxLength { return "is longer than \(maxLength) characters" }
        return nil
    }

    /// The first problem among named fields of one record, worded `"field" has …`; absent
    /// (optional) fields pass.
    public static func problem(fields: KeyValuePairs<String, String?>) -> String? {
        for (field, value) in fields {
            if let value, let problem = problem(value) { return "\"\(field)\" \(problem)" }
        }
        return nil
    }

    /// Control characters (C0, DEL, C1), line and paragraph separators, and the bidirectional
    /// embeddings, overrides and isolates.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
        }
    }

    /// A path or name that may break a diagnostic line, printable: each forbidden scalar as `U+XXXX`
    /// in braces (`notes/scribe{U+000A}B`), everything else as it is.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isForbidden(scalar) { out += "{\(codePoint(scalar))}" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
