import Foundation

/// The text normalisation behind the baseline judge: lower-cased word tokens with light
/// stemming, number words and clinical shorthand for durations read as numbers and units,
/// stop words dropped, and negation cues marked.
public enum LexicalMatcher {
    /// A normalised token and whether a negation cue governs it.
    public struct Token: Sendable, Hashable {
        public var term: String
        public var negated: Bool
        /// The first content word after a negation cue: what the cue denies ("no *blood* in stool").
        public var negationHead: Bool = false
    }

    static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from",
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "he", "she", "they",
        "it", "his", "her", "their", "its", "this", "that", "these", "those", "as", "if", "but",
        "so", "than", "then", "there", "which", "who", "whom", "what", "when", "where", "how", "do",
        "does", "did", "i", "you", "we", "me", "my", "your", "our", "patient", "pt", "note", "states",
        "state", "document", "documents", "documented", "mention", "mentions", "mentioned", "report",
        "reports", "reported", "record", "records", "recorded", "also", "any", "some", "about",
        "up", "out", "very", "really", "just", "currently", "now", "present", "presenting",
        "complain", "complains", "complaint", "describe", "describes", "described", "include",
        "includes", "including", "would", "will", "can", "could", "should", "may", "might",
        "into", "over", "after", "before", "since", "during", "per", "via", "etc", "e", "g", "eg", "ie",
    ]

    static let negationCues: Set<String> = [
        "no", "not", "nil", "denies", "denied", "deny", "without", "negative", "none", "never",
        "nor", "absent", "free", "non", "neither", "doesnt", "dont", "didnt", "isnt", "wasnt",
        "hasnt", "havent", "cannot", "cant", "unremarkable",
    ]

    static let numberWords: [String: String] = [
        "zero": "0", "one": "1", "once": "1", "two": "2", "twice": "2", "three": "3", "four": "4",
        "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
        "eleven": "11", "twelve": "12", "fifteen": "15", "twenty": "20", "thirty": "30",
        "single": "1", "couple": "2", "few": "3",
    ]

    static let unitWords: [String: String] = [
        "day": "day", "days": "day", "daily": "day", "d": "day", "week": "week", "weeks": "week",
        "wk": "week", "wks": "week", "weekly": "week", "month": "month", "months": "month",
        "mo": "month", "year": "year", "years": "year", "yr": "year", "yrs": "year", "y": "year",
        "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "h": "hour",
        "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
    ]

    /// Clinical shorthand: `3/7` = 3 days, `2/52` = 2 weeks, `6/12` = 6 months.
    static let fractionUnits: [String: String] = ["7": "day", "52": "week", "12": "month"]

    static let synonyms: [String: String] = [
        "diarrhea": "diarrhoea", "stool": "stool", "stools": "stool", "bowel": "bowel",
        "abdo": "abdomen", "abdominal": "abdomen", "abdomen": "abdomen", "tummy": "abdomen",
        "stomach": "abdomen", "belly": "abdomen", "vomit": "vomit", "vomiting": "vomit",
        "vomited": "vomit", "emesis": "vomit", "sob": "breath", "dyspnoea": "breath",
        "dyspnea": "breath", "breathless": "breath", "breathlessness": "breath", "temp": "fever",
        "temperature": "fever", "pyrexia": "fever", "febrile": "fever", "feverish": "fever",
        "hot": "fever", "etoh": "alcohol", "drink": "alcohol", "drinks": "alcohol",
        "smoke": "smoke", "smoker": "smoke", "smoking": "smoke", "cigarettes": "smoke",
        "meds": "medication", "medicine": "medication", "medicines": "medication",
        "medications": "medication", "drugs": "medication", "tablets": "medication",
        "pills": "medication", "hx": "history", "htn": "hypertension", "bp": "pressure",
        "dm": "diabetes", "t2dm": "diabetes", "gp": "doctor", "dr": "doctor", "l": "left",
        "r": "right", "lhs": "left", "rhs": "right", "bilateral": "both", "nkda": "allergy",
        "allergic": "allergy", "allergies": "allergy", "headaches": "headache", "ha": "headache",
        "paracetamol": "paracetamol", "acetaminophen": "paracetamol", "tylenol": "paracetamol",
        "ibuprofen": "ibuprofen", "advil": "ibuprofen", "pain": "pain", "ache": "pain",
        "aching": "pain", "sore": "pain", "painful": "pain", "tender": "pain", "tenderness": "pain",
        "nausea": "nausea", "nauseous": "nausea", "nauseated": "nausea", "sick": "nausea",
        "lethargic": "tired", "lethargy": "tired", "fatigue": "tired", "tiredness": "tired",
        "exhausted": "tired", "weak": "weak", "weakness": "weak", "wife": "partner",
        "husband": "partner", "spouse": "partner", "children": "child", "kids": "child",
        "kid": "child", "son": "child", "daughter": "child", "xray": "x-ray",
    ]

    /// Splits text into sentences (at `.`, `;`, `!`, `?` and line breaks).
    public static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        let chars = Array(text)
        for (i, ch) in chars.enumerated() {
            let isBreak = ch == "\n" || ch == ";" || ch == "!" || ch == "?"
                || (ch == "." && (i + 1 == chars.count || chars[i + 1].isWhitespace)
                    && !(i > 0 && chars[i - 1].isNumber && i + 1 < chars.count && chars[i + 1].isNumber))
            if isBreak {
                let trimmed = current.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { result.append(trimmed) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        let trimmed = current.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty { result.append(trimmed) }
        return result
    }

    /// Raw lower-cased words, with digits split from letters (`3days` → `3`, `days`) and
    /// shorthand fractions (`3/7`) turned into number and unit.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousKind: Int = 0  // 0 none, 1 letter, 2 digit
        func flush() {
            if !current.isEmpty { words.append(current) }
            current = ""
            previousKind = 0
        }
        let lowered = text.lowercased().replacingOccurrences(of: "n't", with: "nt")
            .replacingOccurrences(of: "’", with: "'")
        for ch in lowered {
            if ch.isNumber {
                if previousKind == 1 { flush() }
                current.append(ch)
                previousKind = 2
            } else if ch.isLetter {
                if previousKind == 2 { flush() }
                current.append(ch)
                previousKind = 1
            } else if ch == "/" && previousKind == 2 {
                current.append(ch)
            } else if ch == "." && previousKind == 2 {
                current.append(ch)
            } else if ch == "'" && previousKind == 1 {
                continue
            } else {
                flush()
            }
        }
        flush()
        var expanded: [String] = []
        for word in words {
            let trimmedWord = word.hasSuffix(".") || word.hasSuffix("/") ? String(word.dropLast()) : word
            let parts = trimmedWord.split(separator: "/")
            if parts.count == 2, let unit = fractionUnits[String(parts[1])], Int(parts[0]) != nil {
                expanded.append(String(parts[0]))
                expanded.append(unit)
            } else if parts.count > 1 {
                expanded.append(contentsOf: parts.map(String.init))
            } else {
                expanded.append(trimmedWord)
            }
        }
        return expanded
    }

    /// Light suffix stripping so `coughing`, `coughs` and `cough` meet.
    static func stem(_ word: String) -> String {
        guard word.count > 4, word.first?.isLetter == true else { return word }
        for suffix in ["ingly", "ing", "edly", "ed", "ies", "es", "s", "ly"] where word.hasSuffix(suffix) {
            let base = String(word.dropLast(suffix.count))
            if base.count >= 3 { return suffix == "ies" ? base + "y" : base }
        }
        return word
    }

    /// Normalised content tokens of a text, each marked negated when a negation cue precedes it
    /// within the same clause (up to a comma, `but` or clause end).
    public static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var negating = false
        var sinceCue = 0
        for raw in words(text) {
            if negationCues.contains(raw) {
                negating = true
                sinceCue = 0
                continue
            }
            if raw == "but" || raw == "however" || raw == "although" || raw == "except" {
                negating = false
                continue
            }
            if stopWords.contains(raw) { continue }
            var term = raw
            if let number = numberWords[term] { term = number }
            else if let unit = unitWords[term] { term = unit }
            else if let synonym = synonyms[term] { term = synonym }
            else { term = stem(term) }
            if term.hasSuffix(".0") { term = String(term.dropLast(2)) }
            tokens.append(Token(term: term, negated: negating, negationHead: negating && sinceCue == 0))
            if negating {
                sinceCue += 1
                if sinceCue >= 4 { negating = false }
            }
        }
        return tokens
    }

    /// Tokens of each clause separately, so negation does not run across commas.
    public static func clauseTokens(_ text: String) -> [Token] {
        text.split(whereSeparator: { $0 == "," || $0 == "(" || $0 == ")" || $0 == ":" }).flatMap { tokens(String($0)) }
    }
}
