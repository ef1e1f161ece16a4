import Foundation

/// Stable, readable identifiers for generated criteria: `c003-diarrhoea-3-days`.
public enum Slug {
    /// Lower-case ASCII words of `text` joined by `-`: diacritics folded, other characters
    /// dropped, at most `maxWords` words and about `maxLength` characters (whole words only).
    public static func make(_ text: String, maxWords: Int = 6, maxLength: Int = 48) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        var words: [String] = []
        var word = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "’" {
                continue  // "doesn't" -> "doesnt"
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        var out = ""
        for word in words.prefix(maxWords) {
            let candidate = out.isEmpty ? word : out + "-" + word
            if candidate.count > maxLength, !out.isEmpty { break }
            out = String(candidate.prefix(maxLength))
        }
        return out
    }

    /// `prefix` and a zero-padded number, then the slug of `text` when it has one:
    /// `identifier("c", 3, "Diarrhoea: 3 days") == "c003-diarrhoea-3-days"`.
    public static func identifier(_ prefix: String, _ number: Int, _ text: String, digits: Int = 3) -> String {
        let numbered = prefix + String(repeating: "0", count: max(0, digits - String(number).count)) + String(number)
        let slug = make(text)
        return slug.isEmpty ? numbered : numbered + "-" + slug
    }
}
