import Foundation

/// Reads ACI-Bench dialogues: turns marked `[doctor]`, `[patient]`, `[patient_guest]`, ….
///
/// ```
/// [doctor] hi , brian . how are you ?
/// [patient] hi , good to see you .
/// ```
/// A `[role]` tag (lower-case letters and `_`) at the start of a line starts a turn; a line
/// without one continues the turn above it (ACI-Bench breaks a few long turns this way).
/// A `[doctor]` or `[patient]` tag inside a line also starts a turn, for dialogues flattened to
/// one line. The role is the speaker, as written.
public enum DialogueTranscriptParser {
    /// Parses `text`; `firstLine` is the file line `text` starts on (a CSV field starts on the
    /// line of its record), so errors point into the file.
    public static func parse(_ text: String, id: String, path: String, firstLine: Int = 1) throws -> Encounter {
        var turns: [Turn] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty { continue }
            let pieces = split(line)
            for (index, piece) in pieces.enumerated() {
                if let speaker = piece.speaker {
                    turns.append(Turn(speaker: speaker, text: piece.text))
                } else if index == 0, !turns.isEmpty {
                    turns[turns.count - 1].text += (turns[turns.count - 1].text.isEmpty ? "" : " ") + piece.text
                } else {
                    throw InputError("expected the dialogue to start with a speaker tag such as [doctor]", at: SourceLocation(file: path, line: firstLine + offset, column: 1))
                }
            }
        }
        turns.removeAll { $0.text.isEmpty }
        guard !turns.isEmpty else {
            throw InputError("dialogue of encounter \(id) has no turns (expected [doctor] / [patient] lines)", at: SourceLocation(file: path, line: firstLine))
        }
        return Encounter(id: id, turns: turns)
    }

    struct Piece {
        var speaker: String?
        var text: String
    }

    /// The line cut at its speaker tags: a leading `[role]`, and inner `[doctor]` / `[patient]`.
    static func split(_ line: String) -> [Piece] {
        var pieces: [Piece] = []
        var speaker: String? = nil
        var rest = Substring(line)
        if let (role, after) = leadingTag(rest) {
            speaker = role
            rest = after
        }
        var text = ""
        while !rest.isEmpty {
            if rest.first == "[", (rest.hasPrefix("[doctor]") || rest.hasPrefix("[patient]")), let (role, after) = leadingTag(rest) {
                pieces.append(Piece(speaker: speaker, text: text.trimmingCharacters(in: .whitespaces)))
                speaker = role
                text = ""
                rest = after
                continue
            }
            text.append(rest.removeFirst())
        }
        pieces.append(Piece(speaker: speaker, text: text.trimmingCharacters(in: .whitespaces)))
        return pieces.filter { $0.speaker != nil || !$0.text.isEmpty }
    }

    static func leadingTag(_ text: Substring) -> (String, Substring)? {
        guard text.first == "[", let close = text.firstIndex(of: "]") else { return nil }
        let role = text[text.index(after: text.startIndex)..<close]
        guard !role.isEmpty, role.count <= 30, role.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0 == "_" }) else { return nil }
        return (String(role), text[text.index(after: close)...])
    }
}
