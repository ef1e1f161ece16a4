import Foundation

/// Splits clinical prose into sentences, and over-long sentences into clauses, for drafting
/// one criterion per fact.
///
/// A sentence ends at `.`, `!` or `?` followed by a space and a capital letter, digit or
/// quote — except after common abbreviations (`Mr.`, `Dr.`, `e.g.`, `a.m.`), single-letter
/// initials and dotted tokens (`e.l.f.`), and a list number opening the sentence
/// (`1.  Bipolar disorder. 2.  Anxiety.` gives `1.  Bipolar disorder.` and `2.  Anxiety.`);
/// decimals (`0.1%`) never split because no space follows.
public enum SentenceSplitter {
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "etc", "approx", "e.g", "i.e", "a.m", "p.m",
        "no", "fig", "dept", "prof", "inc", "ltd", "co", "mt", "min", "max", "hr", "hrs", "wk", "wks",
    ]

    public static func sentences(_ text: String) -> [String] {
        let characters = Array(text)
        var sentences: [String] = []
        var current = ""
        var index = 0
        while index < characters.count {
            let c = characters[index]
            current.append(c)
            if ".!?".contains(c), index + 2 < characters.count, characters[index + 1] == " " {
                var next = index + 1
                while next < characters.count, characters[next] == " " { next += 1 }
                if next < characters.count, startsSentence(characters[next]),
                    !(c == "." && (endsWithAbbreviation(current) || isListNumber(current))) {
                    sentences.append(current.trimmingCharacters(in: .whitespaces))
                    current = ""
                    index = next
                    continue
                }
            }
            index += 1
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { sentences.append(last) }
        return sentences
    }

    static func startsSentence(_ c: Character) -> Bool {
        c.isUppercase || c.isNumber || c == "\"" || c == "“" || c == "(" || c == "'"
    }

    /// True when the sentence so far is only a list number and its period (`2.`).
    static func isListNumber(_ text: String) -> Bool {
        let bare = text.trimmingCharacters(in: .whitespaces).dropLast()
        return !bare.isEmpty && bare.count <= 2 && bare.allSatisfy(\.isNumber)
    }

    /// True when the period just appended ends an abbreviation rather than a sentence.
    static func endsWithAbbreviation(_ text: String) -> Bool {
        let word = text.dropLast().split(separator: " ").last.map(String.init) ?? ""
        let bare = word.trimmingCharacters(in: CharacterSet(charactersIn: "(\"'“"))
        if bare.count == 1, bare.first!.isLetter { return true }  // an initial: "J. Smith"
        if bare.contains("."), bare.contains(where: \.isLetter) { return true }  // "e.l.f", "e.g"
        return abbreviations.contains(bare.lowercased())
    }

    /// Splits a sentence longer than `maxWords` at `; ` and then at `, and ` / `, but ` /
    /// `, while `, where both sides keep at least `minWords` words. Clauses lose their leading
    /// conjunction and start with a capital.
    public static func clauses(_ sentence: String, maxWords: Int = 30, minWords: Int = 6) -> [String] {
        guard wordCount(sentence) > maxWords else { return [sentence] }
        for separator in ["; ", ", and ", ", but ", ", while ", ", whereas "] {
            let parts = sentence.components(separatedBy: separator)
            guard parts.count > 1 else { continue }
            var merged: [String] = []
            for part in parts {
                if let last = merged.last, wordCount(last) < minWords || wordCount(part) < minWords {
                    merged[merged.count - 1] = last + separator + part
                } else {
                    merged.append(part)
                }
            }
            guard merged.count > 1 else { continue }
            return merged.enumerated().flatMap { index, part -> [String] in
                var clause = part.trimmingCharacters(in: .whitespaces)
                if index < merged.count - 1, !clause.hasSuffix(".") { clause += "." }
                clause = clause.prefix(1).uppercased() + clause.dropFirst()
                return clauses(clause, maxWords: maxWords, minWords: minWords)
            }
        }
        return [sentence]
    }

    static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: { $0 == " " }).count
    }
}
