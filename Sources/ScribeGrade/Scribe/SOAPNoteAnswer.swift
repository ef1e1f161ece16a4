/// The answer a scribe model gives (schema `soap_note`): one text per SOAP section, assembled
/// into the Markdown note `generate` writes.
///
/// A scribe's answer travels through the judging path as the result of its request's one
/// criterion (`ScribeRequest.criterionID`): verdict `met` means "a note was written", and the
/// note is the result's `explanation`. Problems name fields, never the answer's text.
public enum SOAPNoteAnswer {
    /// Schema keys and the headings they get in the note, in SOAP order.
    public static let sections: [(key: String, heading: String)] = [
        ("subjective", "Subjective"), ("objective", "Objective"), ("assessment", "Assessment"), ("plan", "Plan"),
    ]

    /// Strict-mode JSON schema: every section required, no other property.
    public static let schema: JSONValue = [
        "type": "object",
        "properties": .object(sections.map { ($0.key, ["type": "string", "description": .string("The \($0.heading) section of the note.")]) }),
        "required": .array(sections.map { .string($0.key) }),
        "additionalProperties": false,
    ]

    /// Reads an answer; the note is the result of criterion `id`.
    public static func parse(_ value: JSONValue, id: String) -> ParsedVerdicts {
        var texts: [(heading: String, text: String)] = []
        var missing: [String] = []
        for section in sections {
            guard let text = value[section.key]?.stringValue else {
                missing.append(section.key)
                continue
            }
            texts.append((section.heading, text))
        }
        guard missing.isEmpty else {
            return ParsedVerdicts(results: [:], problems: ["the note has no \(missing.map { "'\($0)'" }.joined(separator: ", ")) text"])
        }
        guard texts.contains(where: { !$0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) else {
            return ParsedVerdicts(results: [:], problems: ["every section of the note is empty"])
        }
        return ParsedVerdicts(results: [id: CriterionResult(verdict: .met, explanation: markdown(texts))], problems: [])
    }

    /// `## Subjective` … `## Plan`, each heading followed by its text (headings `NoteSectionizer`
    /// maps to SOAP).
    public static func markdown(_ texts: [(heading: String, text: String)]) -> String {
        texts.map { "## \($0.heading)\n\n\($0.text.trimmingCharacters(in: .whitespacesAndNewlines))" }.joined(separator: "\n\n") + "\n"
    }
}
