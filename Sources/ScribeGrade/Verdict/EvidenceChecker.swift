/// Checks that a judge's evidence quotes occur in the texts they claim to come from.
///
/// Matching ignores case, runs of whitespace, curly versus straight quotes and dashes, and
/// punctuation at a quote's ends; a quote elided with `...` or `…` matches when its pieces
/// occur in order.
public struct EvidenceChecker: Sendable {
    let normalisedText: [Character]

    public init(text: String) {
        normalisedText = Array(Self.normalise(text))
    }

    /// Lower-cased, with typographic quotes and dashes made plain and whitespace runs made one space.
    public static func normalise(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for ch in text.lowercased() {
            if ch.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            let mapped: Character
            switch ch {
            case "\u{2018}", "\u{2019}", "\u{201B}", "`", "\u{00B4}": mapped = "'"
            case "\u{201C}", "\u{201D}", "\u{201F}": mapped = "\""
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": mapped = "-"
            default: mapped = ch
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(mapped)
        }
        return out
    }

    static let edgePunctuation: Set<Character> = ["\"", "'", ".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "-", " "]

    /// The pieces of a quote to look for: split at ellipses, normalised, edges trimmed.
    static func pieces(_ quote: String) -> [String] {
        let unified = quote.replacingOccurrences(of: "\u{2026}", with: "...")
        return unified.components(separatedBy: "...").compactMap { piece in
            var chars = Substring(normalise(piece))
            while let first = chars.first, edgePunctuation.contains(first) { chars = chars.dropFirst() }
            while let last = chars.last, edgePunctuation.contains(last) { chars = chars.dropLast() }
            return chars.isEmpty ? nil : String(chars)
        }
    }

    /// Whether the quote occurs in the text (an empty quote does not).
    public func contains(_ quote: String) -> Bool {
        let pieces = Self.pieces(quote)
        guard !pieces.isEmpty else { return false }
        var start = 0
        for piece in pieces {
            guard let found = Self.find(Array(piece), in: normalisedText, from: start) else { return false }
            start = found + piece.count
        }
        return true
    }

    static func find(_ needle: [Character], in haystack: [Character], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count - start >= needle.count else { return nil }
        let first = needle[0]
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

import Foundation
