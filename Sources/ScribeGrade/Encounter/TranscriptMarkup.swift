import Foundation

/// What importers do with transcriber markup in utterances, such as PriMock57's
/// `<UNSURE>words</UNSURE>`, `<UNIN/>` and `<INAUDIBLE_SPEECH/>`.
///
/// `clean` (the default) keeps the words a transcriber was unsure of and drops the tags, drops
/// self-closing tags (unintelligible or inaudible speech) entirely, then tidies the spaces the
/// removal leaves. An utterance left with no letter or digit (it was only markup) is skipped.
/// `keep` leaves the text exactly as transcribed; only empty utterances are skipped.
public enum TranscriptMarkup: String, Sendable, Hashable, CaseIterable {
    case clean
    case keep

    /// The utterance as it should appear in a turn, or `nil` if it should be skipped.
    public func apply(_ text: String) -> String? {
        switch self {
        case .keep:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        case .clean:
            let cleaned = Self.clean(text)
            return cleaned.unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) }) ? cleaned : nil
        }
    }

    /// Removes tags: `<TAG/>` with nothing in its place, `<TAG>` and `</TAG>` leaving what they
    /// enclose. Whitespace is collapsed and a space left before punctuation is removed.
    static func clean(_ text: String) -> String {
        var out = ""
        var removedAny = false
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "<", let end = tagEnd(in: text, from: index) {
                removedAny = true
                out.append(" ")
                index = end
            } else {
                out.append(text[index])
                index = text.index(after: index)
            }
        }
        var collapsed = out.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        if removedAny {
            for mark in [",", ".", "?", "!", ";", ":"] {
                collapsed = collapsed.replacingOccurrences(of: " " + mark, with: mark)
            }
            while let first = collapsed.first, [",", ".", ";", ":"].contains(first) {
                collapsed.removeFirst()
                collapsed = String(collapsed.drop(while: { $0 == " " }))
            }
        }
        return collapsed
    }

    /// The index just past a tag starting at `start` (`<NAME>`, `</NAME>`, `<NAME/>`), or `nil`
    /// if the `<` does not start a tag (a lone less-than sign is kept as text).
    private static func tagEnd(in text: String, from start: String.Index) -> String.Index? {
        var index = text.index(after: start)
        if index < text.endIndex, text[index] == "/" { index = text.index(after: index) }
        var nameLength = 0
        while index < text.endIndex, text[index].isLetter || text[index].isNumber || text[index] == "_" || text[index] == "-" {
            nameLength += 1
            index = text.index(after: index)
        }
        guard nameLength > 0, nameLength <= 40 else { return nil }
        while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
        if index < text.endIndex, text[index] == "/" { index = text.index(after: index) }
        guard index < text.endIndex, text[index] == ">" else { return nil }
        return text.index(after: index)
    }
}
