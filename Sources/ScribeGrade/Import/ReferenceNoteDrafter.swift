import Foundation

/// Drafts a rubric offline from a reference note: one criterion per fact-bearing statement.
///
/// A draft, not a clinician's rubric: its `source` says so, and it must be reviewed before its
/// scores mean anything. The rules:
/// - The note is split into sections at its headings (`NoteSectionizer`); each criterion takes
///   the SOAP section of its heading (`any` before the first heading or under an unknown one)
///   and a tag naming the heading (`history-of-present-illness`).
/// - Each line loses its bullet or list number, then splits into sentences, and sentences of
///   more than 30 words split at `;` and `, and` / `, but` (`SentenceSplitter`).
/// - A short line with no end punctuation ("Integumentary", "Respiratory") or any line ending
///   in a colon ("The patient has undergone the following therapies:") is a sub-heading;
///   a short line ending in a period that leads more lines in an assessment or plan section
///   ("Hypertension.", "1. Hepatitis C.") is a problem, drafted as an assessment criterion.
///   Either one prefixes the statements below it up to the next blank line
///   ("Hypertension: He will continue on lisinopril 20 mg once daily.").
/// - ACI-Bench's assessment-and-plan labels are dropped from the text but decide the
///   section: `Medical Reasoning` is assessment; `Medical Treatment`, `Additional Testing`,
///   `Patient Education and Counseling`, `Specialist Referrals` are plan. Other statements
///   under a heading that is both assessment and plan go to plan when they state an action
///   (will, order, start, continue, refer, follow up, …), else to assessment.
/// - Other `Label: text` lines keep their label on each sentence ("Respiratory: …").
/// - In a note without headings (a short reference such as one MTS-Dialog section), a
///   sentence listing three or more short items becomes one statement per item (`listItems`),
///   a list number inside a line ("1.  Bipolar disorder. 2.  Anxiety.") is dropped from each
///   item, and a lone line without end punctuation ("Non-contributory") is a statement.
/// - A statement of fewer than six words with no label or context gets its heading as label
///   ("Chief complaint: Upper respiratory infection.").
/// - Skipped: empty lines, boilerplate ("The patient understands and agrees with the
///   recommended medical treatment plan."), and statements already drafted: the same text in
///   the same section, or a sentence of six or more words anywhere (the summary an assessment
///   repeats from the history). A diagnosis that is also the chief complaint is kept twice.
/// - Points: 2 for assessment and plan criteria, 1 for others; none is marked critical.
public struct ReferenceNoteDrafter: Sendable {
    /// Said in `source` after "drafted from the reference note", e.g. where the note came from.
    public var attribution: String?

    public init(attribution: String? = nil) {
        self.attribution = attribution
    }

    /// One drafted statement with where it came from.
    public struct Statement: Sendable, Hashable {
        public var text: String
        public var section: SOAPSection
        public var tag: String?
        /// 1-based line in the note.
        public var line: Int
    }

    public func draft(reference text: String, encounter: String, id: String? = nil, path: String = "<reference>") throws -> Rubric {
        let statements = self.statements(of: text)
        guard !statements.isEmpty else {
            throw InputError("reference note has no statements to draft criteria from", at: SourceLocation(file: path))
        }
        let digits = max(3, String(statements.count).count)
        let criteria = statements.enumerated().map { index, statement in
            Criterion(
                id: Slug.identifier("r", index + 1, statement.text, digits: digits),
                section: statement.section, text: statement.text,
                points: statement.section == .assessment || statement.section == .plan ? 2 : 1,
                tags: statement.tag.map { [$0] } ?? [],
                location: SourceLocation(file: path, line: statement.line))
        }
        let from = attribution.map { "the reference note (\($0))" } ?? "a reference note"
        return Rubric(
            id: id ?? encounter, encounter: encounter, version: 1,
            title: title(of: text).map { "\($0) (drafted)" } ?? "Drafted from the reference note of \(encounter)",
            source: "DRAFT, not reviewed by a clinician: drafted offline by scribegrade rubric draft from \(from); a clinician must review and edit every criterion before its scores are used",
            criteria: criteria)
    }

    /// The first statement under a chief-complaint heading, without its final period.
    func title(of text: String) -> String? {
        for section in NoteSectionizer.sections(of: text) {
            guard let heading = section.heading, ["chief complaint", "cc"].contains(NoteSectionizer.normalise(heading)) else { continue }
            guard let first = section.text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty }) else { continue }
            var title = first
            while let last = title.last, last == "." { title.removeLast() }
            return title.isEmpty || title.count > 80 ? nil : title
        }
        return nil
    }

    /// The note's fact-bearing statements, in note order.
    public func statements(of text: String) -> [Statement] {
        var out: [Statement] = []
        var seen: [String: Set<SOAPSection>] = [:]
        let sections = NoteSectionizer.sections(of: text)
        // A series is split into one sentence per item only in a note without headings (a
        // short reference of one section, as MTS-Dialog's): a full note states such series
        // as one finding more often than as several.
        let splitsSeries = sections.allSatisfy { $0.heading == nil }
        for section in sections {
            let soap = section.soap
            let tag = section.heading.map { Slug.make($0, maxWords: 5) }.flatMap { $0.isEmpty ? nil : $0 }
            let headingLabel = section.heading.map(Self.sentenceCase)
            // Line numbers: the section text starts after its heading line unless the heading
            // had text on the same line (`HPI: …`), trimmed of leading blank lines.
            let lines = section.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let firstLine = firstLineNumber(of: section, in: text)
            var context: String? = nil
            for (offset, rawLine) in lines.enumerated() {
                let lineNumber = firstLine + offset
                let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { context = nil; continue }
                let (line, bulleted, numbered) = Self.stripMarker(trimmed)
                if line.isEmpty { continue }
                let leadsNothing = splitsSeries && (lines.dropFirst(offset + 1).first.map { $0.trimmingCharacters(in: .whitespaces).isEmpty } ?? true)
                if !bulleted, line.hasSuffix(":") || (Self.isSubheading(line) && !leadsNothing) {
                    context = line.hasSuffix(":") ? String(line.dropLast()) : line
                    continue
                }
                let next = lines.dropFirst(offset + 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if !bulleted, soap.contains(.assessment) || soap.contains(.plan), Self.isProblem(line, next: next, numbered: numbered) {
                    let problem = line.hasSuffix(".") ? String(line.dropLast()) : line
                    append(Statement(text: problem + ".", section: .assessment, tag: tag, line: lineNumber), key: problem + ".", to: &out, seen: &seen)
                    let (nextLine, _, nextNumbered) = Self.stripMarker(next)
                    let nextIsSibling = nextNumbered && Self.isProblem(nextLine, next: "", numbered: true)
                    context = next.isEmpty || nextIsSibling ? nil : problem
                    continue
                }
                var body = line
                var label: String? = nil
                var labelSection: SOAPSection? = nil
                if let (name, rest) = Self.splitLabel(line) {
                    let key = NoteSectionizer.normalise(name)
                    if Self.boilerplateLabels.contains(key) { continue }
                    if let section = Self.planLabels[key] {
                        labelSection = section
                    } else {
                        label = name
                    }
                    body = rest
                }
                for numbered in SentenceSplitter.sentences(body) {
                    var sentence = Self.stripMarker(numbered).0
                    // A short line alone ("Non-contributory") is a statement, not a sub-heading.
                    if splitsSeries, Self.isSubheading(sentence), let last = sentence.last, !".!?:".contains(last) { sentence += "." }
                    for clause in SentenceSplitter.clauses(sentence).flatMap({ splitsSeries ? Self.listItems($0) : [$0] }) {
                        guard Self.isFactBearing(clause) else { continue }
                        let section = Self.section(for: clause, soap: soap, labelSection: labelSection)
                        var text = clause
                        if let label { text = "\(label): \(text)" }
                        if let context { text = "\(context): \(text)" }
                        let key = text
                        if label == nil, context == nil, let headingLabel, SentenceSplitter.wordCount(clause) < 6,
                           !clause.contains(":"), !clause.lowercased().contains(headingLabel.lowercased().split(separator: " ")[0]) {
                            text = "\(headingLabel): \(text)"
                        }
                        append(Statement(text: text, section: section, tag: tag, line: lineNumber), key: key, to: &out, seen: &seen)
                    }
                }
            }
        }
        return out
    }

    /// Appends the statement unless it repeats one drafted already: the same `key` (its text
    /// without the heading label, which only adds context) in the same section, or a sentence
    /// of six or more words anywhere (an assessment repeating the history's summary). A short
    /// label such as a diagnosis may appear once as the chief complaint and once as the
    /// assessment: those are different facts.
    private func append(_ statement: Statement, key: String, to out: inout [Statement], seen: inout [String: Set<SOAPSection>]) {
        let key = Slug.make(key, maxWords: 1000, maxLength: 100_000)
        guard !key.isEmpty else { return }
        if let sections = seen[key], sections.contains(statement.section) || SentenceSplitter.wordCount(statement.text) >= 6 { return }
        seen[key, default: []].insert(statement.section)
        out.append(statement)
    }

    private func firstLineNumber(of section: NoteSection, in text: String) -> Int {
        guard section.heading != nil else {
            // Text before the first heading: its first non-blank line.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            return (lines.firstIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? 0) + 1
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let headingLine = section.line - 1
        guard headingLine < lines.count else { return section.line }
        // `HPI: text` keeps its text on the heading line.
        if let colon = lines[headingLine].firstIndex(of: ":"),
           !lines[headingLine][lines[headingLine].index(after: colon)...].trimmingCharacters(in: .whitespaces).isEmpty {
            return section.line
        }
        var next = headingLine + 1
        while next < lines.count, lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
        return next + 1
    }

    /// Labels whose statements are boilerplate, not facts of the encounter.
    static let boilerplateLabels: Set<String> = ["patient agreements", "patient agreement"]

    /// ACI-Bench assessment-and-plan labels: dropped from the text, they decide the section.
    static let planLabels: [String: SOAPSection] = [
        "medical reasoning": .assessment,
        "medical treatment": .plan,
        "additional testing": .plan,
        "patient education and counseling": .plan,
        "patient education and counselling": .plan,
        "specialist referrals": .plan,
        "specialist referral": .plan,
    ]

    static let boilerplatePhrases = [
        "understands and agrees with the recommended", "agrees with the recommended medical treatment plan",
        "questions were answered", "all questions answered", "was seen and examined", "electronically signed",
        "dictated but not read",
    ]

    static let actionWords = [
        "will ", "we'll", "i'll", "order", "start", "continue", "increase", "decrease", "refer",
        "follow up", "follow-up", "prescrib", "recommend", "schedule", "return", "advised", "instructed",
        "repeat", "obtain", "discontinue", "stop ", "hold ", "plan ", "plan:", "should",
    ]

    static func isFactBearing(_ clause: String) -> Bool {
        let lower = clause.lowercased()
        guard clause.contains(where: { $0.isLetter || $0.isNumber }) else { return false }
        return !boilerplatePhrases.contains(where: lower.contains)
    }

    static func section(for clause: String, soap: Set<SOAPSection>, labelSection: SOAPSection?) -> SOAPSection {
        if let labelSection, soap.contains(labelSection) || soap.isEmpty { return labelSection }
        if soap.count == 1 { return soap.first! }
        if soap == [.assessment, .plan] {
            let lower = clause.lowercased()
            return actionWords.contains(where: lower.contains) ? .plan : .assessment
        }
        return soap.isEmpty ? .any : soap.min()!
    }

    /// The line without a leading bullet (`•`, `-`, `*`, `–`) or list number (`1.`, `2)`),
    /// and which of the two it had.
    static func stripMarker(_ line: String) -> (String, bulleted: Bool, numbered: Bool) {
        var rest = Substring(line)
        if let first = rest.first, "•-*–·▪".contains(first), rest.dropFirst().first == " " {
            return (rest.dropFirst().trimmingCharacters(in: .whitespaces), true, false)
        }
        let digits = rest.prefix(while: \.isNumber)
        if !digits.isEmpty, digits.count <= 2 {
            rest = rest.dropFirst(digits.count)
            if let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " " {
                return (rest.dropFirst().trimmingCharacters(in: .whitespaces), false, true)
            }
        }
        return (line, false, false)
    }

    /// A short label line such as `Integumentary`, `Neck`, `Respiratory:`.
    /// Connectives after which a series of items is what the sentence states of each:
    /// "remarkable for A, B, and C", "include A, B, and C".
    static let seriesLeads = [" for ", " include ", " includes ", " including ", ": ", " of "]

    /// A sentence stating a series of three or more short items ("Family history is remarkable
    /// for heart disease, cerebrovascular disease, diabetes, and hypertension.") as one sentence
    /// per item, each keeping the words that lead the series ("Family history is remarkable for
    /// diabetes."); without such a lead, each item stands alone when the first has three or more
    /// words. Items after the first have at most six words; anything else is returned as is
    /// ("No visual, hearing, or swallowing difficulties." is one fact).
    static func listItems(_ sentence: String) -> [String] {
        guard sentence.hasSuffix(".") else { return [sentence] }
        var parts = String(sentence.dropLast()).components(separatedBy: ", ")
        guard parts.count >= 3, let last = parts.last, last.hasPrefix("and ") || last.hasPrefix("or ") else { return [sentence] }
        parts[parts.count - 1] = String(last.drop { $0 != " " }.dropFirst())
        guard parts.dropFirst().allSatisfy({ (1...6).contains(SentenceSplitter.wordCount($0)) && !$0.contains(" and ") }) else { return [sentence] }
        var prefix = ""
        if let lead = seriesLeads.compactMap({ parts[0].range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }),
           SentenceSplitter.wordCount(String(parts[0][lead.upperBound...])) <= 6 {
            prefix = String(parts[0][..<lead.upperBound])
            parts[0] = String(parts[0][lead.upperBound...])
        } else if SentenceSplitter.wordCount(parts[0]) < 3 {
            return [sentence]
        }
        return parts.map { item in
            let text = prefix.isEmpty ? item.prefix(1).uppercased() + item.dropFirst() : prefix + item
            return text + "."
        }
    }

    static func isSubheading(_ line: String) -> Bool {
        let words = SentenceSplitter.wordCount(line)
        guard words <= 4, let last = line.last, !".!?".contains(last) else { return false }
        if line.hasSuffix(":") { return true }
        return !line.contains(where: \.isNumber) && !line.contains(":") && line.first?.isUppercase == true
    }

    /// A problem line of an assessment or plan ("Hypertension.", "1. Right knee pain, lateral
    /// ligament strain."): one sentence of at most eight words ending in a period, numbered or
    /// leading a bulleted line or a paragraph (more than 15 words) about it.
    static func isProblem(_ line: String, next: String, numbered: Bool) -> Bool {
        guard SentenceSplitter.wordCount(line) <= 8, line.hasSuffix("."), !line.contains(":") else { return false }
        guard SentenceSplitter.sentences(line).count == 1 else { return false }
        return numbered || stripMarker(next).bulleted || SentenceSplitter.wordCount(next) > 15
    }

    /// `("Respiratory", "Lungs are clear.")` for `Respiratory: Lungs are clear.`; labels are at
    /// most six words and start with a capital.
    static func splitLabel(_ line: String) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        let rest = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !rest.isEmpty, name.first!.isUppercase, SentenceSplitter.wordCount(name) <= 6,
              !name.contains("."), !rest.hasPrefix("/") else { return nil }
        return (name, rest)
    }

    /// `CHIEF COMPLAINT` → `Chief complaint`; short abbreviations (`CC`, `HPI`) stay as written.
    static func sentenceCase(_ heading: String) -> String {
        let trimmed = heading.trimmingCharacters(in: CharacterSet(charactersIn: " :*#_-•"))
        guard trimmed == trimmed.uppercased(), trimmed.count > 4 else { return trimmed }
        let lower = trimmed.lowercased()
        return lower.prefix(1).uppercased() + lower.dropFirst()
    }
}
