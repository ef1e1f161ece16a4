import ScribeGrade

/// Finds judges' evidence quotes in a note or transcript and renders the text as HTML with
/// each quote marked.
///
/// Matching is forgiving in the ways quotes drift from their source — case, runs of
/// whitespace, typographic quotes and dashes, punctuation at a quote's ends — and a quote
/// elided with `...` or `…` marks each of its pieces, in order. Ranges are in characters of
/// the original text.
struct TextHighlighter {
    /// A marked stretch of text: the criteria (by page-wide key) whose evidence it is.
    struct Mark: Sendable {
        var range: Range<Int>
        var key: Int
        /// `met`, `not_met` or `failed`: the criterion's verdict, for the mark's colour.
        var verdict: String
    }

    let characters: [Character]
    private let normalised: [Character]
    /// For each normalised character, the original character it came from.
    private let origin: [Int]

    init(_ text: String) {
        characters = Array(text)
        var normalised: [Character] = []
        var origin: [Int] = []
        var pendingSpace = false
        for (index, character) in characters.enumerated() {
            if character.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace, !normalised.isEmpty {
                normalised.append(" ")
                origin.append(index - 1)
            }
            pendingSpace = false
            for folded in Self.fold(character) {
                normalised.append(folded)
                origin.append(index)
            }
        }
        self.normalised = normalised
        self.origin = origin
    }

    static func fold(_ character: Character) -> [Character] {
        switch character {
        case "\u{2018}", "\u{2019}", "\u{201B}", "`", "\u{00B4}": return ["'"]
        case "\u{201C}", "\u{201D}", "\u{201F}": return ["\""]
        case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": return ["-"]
        default: return Array(character.lowercased())
        }
    }

    /// The quote's normalised pieces: split at ellipses, trimmed of spaces and punctuation.
    static func pieces(of quote: String) -> [[Character]] {
        let trim = Set(" .,;:!?\"'()[]")
        return quote.replacingOccurrences(of: "…", with: "...").components(separatedBy: "...").compactMap { piece in
            var folded: [Character] = []
            var pendingSpace = false
            for character in piece {
                if character.isWhitespace { pendingSpace = true; continue }
                if pendingSpace, !folded.isEmpty { folded.append(" ") }
                pendingSpace = false
                folded += fold(character)
            }
            while let first = folded.first, trim.contains(first) { folded.removeFirst() }
            while let last = folded.last, trim.contains(last) { folded.removeLast() }
            return folded.count >= 3 ? folded : nil
        }
    }

    /// Where the quote is in the text (one range per piece), or nothing when some piece is not.
    func ranges(of quote: String) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var start = 0
        for piece in Self.pieces(of: quote) {
            guard start < normalised.count, let match = normalised[start...].firstRange(of: piece) else { return [] }
            found.append(origin[match.lowerBound]..<(origin[match.upperBound - 1] + 1))
            start = match.upperBound
        }
        return found
    }

    /// The text as HTML: marks around quoted stretches (with the keys of their criteria in
    /// `data-k` and an anchor `id` on each key's first mark, `anchorPrefix` + key), and
    /// `<span class=spk>` around `labels` (speaker names).
    func html(marks: [Mark], labels: [Range<Int>] = [], anchorPrefix: String) -> String {
        var cuts: Set<Int> = [0, characters.count]
        for mark in marks { cuts.insert(mark.range.lowerBound); cuts.insert(mark.range.upperBound) }
        for label in labels { cuts.insert(label.lowerBound); cuts.insert(label.upperBound) }
        let boundaries = cuts.filter { $0 >= 0 && $0 <= characters.count }.sorted()
        var anchored: Set<Int> = []
        var out = ""
        for (lower, upper) in zip(boundaries, boundaries.dropFirst()) where lower < upper {
            var segment = HTML.escape(String(characters[lower..<upper]))
            if labels.contains(where: { $0.lowerBound <= lower && upper <= $0.upperBound }) {
                segment = "<span class=spk>\(segment)</span>"
            }
            let covering = marks.filter { $0.range.lowerBound <= lower && upper <= $0.range.upperBound }
            if !covering.isEmpty {
                let keys = Array(Set(covering.map(\.key))).sorted()
                let verdicts = Set(covering.map(\.verdict))
                let verdict = verdicts.count == 1 ? verdicts.first! : "mixed"
                let anchors = keys.filter { anchored.insert($0).inserted }
                let id = anchors.first.map { " id=\"\(anchorPrefix)\($0)\"" } ?? ""
                // Keys without their own first mark still get an anchor, on an empty span.
                let extra = anchors.dropFirst().map { "<span id=\"\(anchorPrefix)\($0)\"></span>" }.joined()
                segment = "\(extra)<mark class=\"ev \(verdict)\"\(id) data-k=\"\(keys.map(String.init).joined(separator: " "))\">\(segment)</mark>"
            }
            out += segment
        }
        return out
    }
}
