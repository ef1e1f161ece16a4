import Foundation

/// Splits a note into sections at common clinical headings and maps each to SOAP.
///
/// Recognises headings on a line of their own (`PHYSICAL EXAM`, `Plan:`) and inline
/// abbreviations that start a line (`PMH: asthma`, `Imp: gastroenteritis`). Text before the
/// first heading forms a section with no heading and no SOAP mapping.
public enum NoteSectionizer {
    /// Heading words (lower-cased, punctuation stripped) and the SOAP sections they stand for.
    public static let headings: [String: Set<SOAPSection>] = {
        var map: [String: Set<SOAPSection>] = [:]
        let subjective = [
            "subjective", "s", "chief complaint", "cc", "presenting complaint", "pc", "hpc",
            "pc hpc", "history of presenting complaint", "history of present illness", "hpi",
            "history", "medical history", "past medical history", "pmh", "past history",
            "previous medical history", "drug history", "dh", "medications", "current medications",
            "medication", "allergies", "nkda", "social history", "sh", "family history", "fh",
            "review of systems", "ros", "systems review", "ice", "ideas concerns expectations",
            "sexual history", "surgical history", "past surgical history", "psh", "general history",
            "interval history",
        ]
        let objective = [
            "objective", "o", "physical exam", "physical examination", "exam", "examination",
            "o e", "oe", "on examination", "vitals", "vital signs", "results", "investigations",
            "labs", "imaging", "findings",
        ]
        let assessment = [
            "assessment", "a", "impression", "imp", "diagnosis", "diagnoses", "differential",
            "differential diagnosis", "ddx", "working diagnosis", "clinical impression",
        ]
        let plan = [
            "plan", "p", "management", "treatment plan", "recommendations", "follow up",
            "follow-up", "instructions", "patient instructions", "safety netting", "safety net",
            "disposition",
        ]
        for h in subjective { map[h] = [.subjective] }
        for h in objective { map[h] = [.objective] }
        for h in assessment { map[h] = [.assessment] }
        for h in plan { map[h] = [.plan] }
        map["assessment and plan"] = [.assessment, .plan]
        map["assessment plan"] = [.assessment, .plan]
        map["a p"] = [.assessment, .plan]
        map["impression and plan"] = [.assessment, .plan]
        return map
    }()

    /// The normalised form of a heading candidate: lower-cased, `/`, `&`, `-` and `+` read as
    /// spaces, other punctuation dropped, spaces collapsed.
    public static func normalise(_ heading: String) -> String {
        var out = ""
        for ch in heading.lowercased() {
            if ch.isLetter || ch.isNumber { out.append(ch) }
            else if ch == "/" || ch == "&" || ch == "-" || ch == "+" || ch == " " || ch == "_" { out.append(" ") }
        }
        return out.split(separator: " ").joined(separator: " ").replacingOccurrences(of: " and ", with: " and ")
    }

    /// The SOAP sections a heading stands for, or `nil` if it is not a known heading.
    public static func soap(forHeading heading: String) -> Set<SOAPSection>? {
        let key = normalise(heading)
        if let found = headings[key] { return found }
        if key.hasPrefix("assessment and plan") { return [.assessment, .plan] }
        return nil
    }

    public static func sections(of text: String) -> [NoteSection] {
        var sections: [NoteSection] = []
        var current = NoteSection(heading: nil, soap: [], text: "", line: 1)
        var currentLines: [Substring] = []

        func flush() {
            current.text = currentLines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if current.heading != nil || !current.text.isEmpty { sections.append(current) }
            currentLines = []
        }

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let (heading, soap, rest) = headingMatch(line) {
                flush()
                current = NoteSection(heading: heading, soap: soap, text: "", line: index + 1)
                if !rest.isEmpty { currentLines.append(Substring(rest)) }
            } else {
                currentLines.append(rawLine)
            }
        }
        flush()
        return sections
    }

    /// Recognises `HEADING`, `HEADING:`, `**Heading**`, `# Heading`, and `Abbrev: text` lines.
    static func headingMatch(_ line: String) -> (String, Set<SOAPSection>, String)? {
        guard !line.isEmpty else { return nil }
        var candidate = line
        while let first = candidate.first, first == "#" || first == "*" || first == "_" {
            candidate.removeFirst()
        }
        candidate = candidate.trimmingCharacters(in: .whitespaces)
        while let last = candidate.last, last == "*" || last == "_" { candidate.removeLast() }
        if let colon = candidate.firstIndex(of: ":") {
            let head = String(candidate[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: " *_"))
            let rest = String(candidate[candidate.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            guard head.count <= 40, let soap = soap(forHeading: head) else { return nil }
            // Single letters (S:, O:, A:, P:) only count as headings when upper-case.
            if head.count == 1, head != head.uppercased() { return nil }
            return (head, soap, rest)
        }
        guard candidate.count <= 40, let soap = soap(forHeading: candidate) else { return nil }
        let isHeadingStyle = candidate == candidate.uppercased() || line.hasPrefix("#") || line.hasPrefix("*")
        guard isHeadingStyle, normalise(candidate).count > 1 else { return nil }
        return (candidate, soap, "")
    }
}
