/// Warnings about criteria that are valid but likely to be judged inconsistently. Warnings do
/// not fail validation unless `scribegrade validate --strict` is used.
///
/// The checks, each reported at the criterion's text (or section):
/// - **Long text**: more than `maxTextLength` characters (200 by default). Long criteria tend to
///   bundle conditions a judge weighs differently from call to call.
/// - **Several facts joined with "and"**: see `joinsSeveralFacts(_:)`.
/// - **Duplicate text**: two criteria whose texts are equal ignoring case, spacing and a final
///   full stop; the second is reported.
/// - **Parent in another section**: a criterion and the parent it refines name different
///   sections (neither being `any`).
public struct RubricLinter: Sendable {
    public var maxTextLength: Int

    public init(maxTextLength: Int = 200) {
        self.maxTextLength = maxTextLength
    }

    /// Warnings for a rubric built in code or already decoded; each points at the criterion's
    /// location when it has one, else at the rubric's path.
    public func lint(_ rubric: Rubric) -> [Diagnostic] {
        let fallback = SourceLocation(file: rubric.path ?? rubric.id)
        let entries = rubric.criteria.map { criterion in
            let here = criterion.location ?? fallback
            return RubricFile.Entry(
                location: here, id: criterion.id, idLocation: here, section: criterion.section,
                sectionLocation: here, text: criterion.text, textLocation: here, points: criterion.points,
                critical: criterion.critical, tags: criterion.tags, parent: criterion.parent, parentLocation: here)
        }
        return lint(entries)
    }

    func lint(_ entries: [RubricFile.Entry]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var firstWithText: [String: RubricFile.Entry] = [:]
        var sectionOf: [String: SOAPSection] = [:]
        for entry in entries {
            if let id = entry.id, sectionOf[id] == nil, let section = entry.section { sectionOf[id] = section }
        }
        for entry in entries {
            let name = entry.id.map { "criterion '\($0)'" } ?? "criterion"
            if let text = entry.text {
                if text.count > maxTextLength {
                    diagnostics.append(.warning(
                        "criterion text is \(text.count) characters long; keep it to \(maxTextLength) so a judge decides one thing",
                        at: entry.textLocation))
                }
                if Self.joinsSeveralFacts(text) {
                    diagnostics.append(.warning(
                        "criterion text may join several facts with 'and'; split it so a judge decides one fact per criterion",
                        at: entry.textLocation))
                }
                let key = Self.normalizedText(text)
                if let original = firstWithText[key] {
                    let other = original.id.map { "criterion '\($0)'" } ?? "another criterion"
                    diagnostics.append(.warning(
                        "\(name) has the same text as \(other) at \(RubricValidator.describe(original.textLocation, from: entry.textLocation))",
                        at: entry.textLocation))
                } else {
                    firstWithText[key] = entry
                }
            }
            if let parent = entry.parent, let section = entry.section, let parentSection = sectionOf[parent],
               section != .any, parentSection != .any, section != parentSection {
                diagnostics.append(.warning(
                    "\(name) is in section \(section.rawValue) but its parent '\(parent)' is in \(parentSection.rawValue)",
                    at: entry.sectionLocation))
            }
        }
        return diagnostics
    }

    /// Lower-cased, runs of white space collapsed, trailing full stops and spaces removed.
    static func normalizedText(_ text: String) -> String {
        var words = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while words.last == "." || words.last == " " { words.removeLast() }
        return words
    }

    /// Verbs (and a few clause openers) that, right after "and", start a second statement:
    /// "Documents the rash and advises emollients".
    static let clauseStarters: Set<String> = [
        "document", "documents", "state", "states", "mention", "mentions", "note", "notes",
        "record", "records", "report", "reports", "include", "includes", "describe", "describes",
        "list", "lists", "explain", "explains", "advise", "advises", "recommend", "recommends",
        "prescribe", "prescribes", "arrange", "arranges", "order", "orders", "refer", "refers",
        "confirm", "confirms", "give", "gives", "offer", "offers", "suggest", "suggests",
        "discuss", "discusses", "ask", "asks", "check", "checks", "perform", "performs",
        "request", "requests", "schedule", "schedules", "provide", "provides", "identify",
        "identifies", "specify", "specifies", "indicate", "indicates", "capture", "captures",
        "counsel", "counsels", "reassure", "reassures", "instruct", "instructs", "review",
        "reviews", "examine", "examines", "assess", "assesses", "diagnose", "diagnoses",
        "deny", "denies", "is", "was", "has", "had", "also", "then", "that", "it", "he", "she", "they",
    ]

    /// Whether `text` likely states more than one fact joined with "and". A heuristic:
    /// - "and" followed by a verb or clause opener from `clauseStarters` ("… and states …",
    ///   "… and that …", "… and also …");
    /// - "and" used twice or more ("nausea and vomiting and diarrhoea");
    /// - a comma before an "and", as in a list of three or more ("fever, cough and sore throat")
    ///   or two clauses ("… in two weeks, and to return …").
    /// A single "and" between two noun phrases ("shortness of breath and wheeze") is one fact
    /// and is not flagged; nor is "and/or", which states an alternative.
    public static func joinsSeveralFacts(_ text: String) -> Bool {
        var words: [(word: String, commaBefore: Bool)] = []
        var current = ""
        var pendingComma = false
        func flush() {
            guard !current.isEmpty else { return }
            words.append((current.lowercased(), pendingComma))
            current = ""
            pendingComma = false
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "'" || character == "/" || character == "-" {
                current.append(character)
            } else {
                flush()
                if character == "," || character == ";" { pendingComma = true }
            }
        }
        flush()
        let ands = words.indices.filter { words[$0].word == "and" }
        if ands.count >= 2 { return true }
        guard let index = ands.first else { return false }
        if words[...index].contains(where: { $0.commaBefore }) { return true }
        return index + 1 < words.count && clauseStarters.contains(words[index + 1].word)
    }
}
