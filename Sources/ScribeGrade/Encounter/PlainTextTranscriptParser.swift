import Foundation

/// Reads a transcript written as `Speaker: text` lines, the simplest format for users' own data.
///
/// ```
/// Doctor: What brings you in today?
/// Patient: I've had diarrhoea for three days.
/// [01:15] Doctor: Any blood in the stool?
/// ```
/// A line starting with a label of up to 40 characters (a letter first, then letters, digits,
/// spaces or `.'_-`) followed by `:` starts a turn; an optional `[mm:ss]` or `[hh:mm:ss]`
/// prefix gives its start time. Any other non-blank line continues the turn above it.
/// Labels go through `SpeakerName` (`Dr` and `DOCTOR` become `doctor`). Consecutive lines by
/// the same speaker stay separate turns, as written.
public enum PlainTextTranscriptParser {
    public static func parse(_ text: String, id: String, path: String) throws -> Encounter {
        var turns: [Turn] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if let (speaker, start, body) = speakerLine(trimmed) {
                turns.append(Turn(speaker: SpeakerName.normalise(speaker), text: body, start: start))
            } else if !turns.isEmpty {
                turns[turns.count - 1].text += (turns[turns.count - 1].text.isEmpty ? "" : "\n") + trimmed
            } else {
                throw InputError("expected a `Speaker: text` line before any other text", at: SourceLocation(file: path, line: lineNumber, column: 1))
            }
        }
        turns.removeAll { $0.text.isEmpty }
        guard !turns.isEmpty else {
            throw InputError("transcript has no turns (expected `Speaker: text` lines)", at: SourceLocation(file: path))
        }
        return Encounter(id: id, turns: turns)
    }

    /// Splits `[01:15] Doctor: text` into its parts, or returns `nil` if the line has no label.
    static func speakerLine(_ line: String) -> (String, Double?, String)? {
        var rest = Substring(line)
        var start: Double? = nil
        if rest.first == "[", let close = rest.firstIndex(of: "]"), let seconds = timestamp(rest[rest.index(after: rest.startIndex)..<close]) {
            start = seconds
            rest = rest[rest.index(after: close)...].drop(while: { $0 == " " })
        }
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let label = rest[..<colon].trimmingCharacters(in: .whitespaces)
        guard let first = label.first, first.isLetter, label.count <= 40,
              label.allSatisfy({ $0.isLetter || $0.isNumber || " .'_-".contains($0) })
        else { return nil }
        let afterColon = rest[rest.index(after: colon)...]
        // "Note:15" or a URL-like "http://" is not a label: a label's colon ends the word.
        if let next = afterColon.first, next != " " && next != "\t" { return nil }
        return (label, start, afterColon.trimmingCharacters(in: .whitespaces))
    }

    /// Seconds of `mm:ss`, `hh:mm:ss` or either with fractional seconds.
    static func timestamp(_ text: Substring) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var seconds = 0.0
        for (index, part) in parts.enumerated() {
            guard let value = Double(part), value >= 0, !part.isEmpty, part.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
            if index < parts.count - 1 && value != value.rounded() { return nil }
            seconds = seconds * 60 + value
        }
        return seconds
    }
}
