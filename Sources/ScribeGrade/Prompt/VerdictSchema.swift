/// The JSON schema a judge answers in: explanation first, then the verdict, then evidence quotes.
///
/// The schema is the same for every call of a kind (criterion ids are values, not keys), so it
/// stays part of the byte-identical prefix that providers cache.
public enum VerdictSchema: String, Sendable, Hashable, Codable {
    /// `{explanation, verdict, evidence: {note, transcript}}`.
    case single = "criterion_verdict"
    /// `{verdicts: [{criterion_id, explanation, verdict, evidence}]}`.
    case batched = "criteria_verdicts"
    /// `{subjective, objective, assessment, plan}`: the note a scribe writes, not a verdict
    /// (see `SOAPNoteAnswer`).
    case soapNote = "soap_note"

    /// The schema's name: OpenAI `json_schema.name`, Anthropic tool name.
    public var name: String { rawValue }

    /// What the Anthropic tool is for.
    public var toolDescription: String {
        switch self {
        case .single: return "Record the verdict on the criterion, with the explanation and evidence quotes."
        case .batched: return "Record one verdict per criterion id, each with its explanation and evidence quotes."
        case .soapNote: return "Record the SOAP note of the encounter, one text per section."
        }
    }

    static let evidence: JSONValue = [
        "type": "object",
        "properties": [
            "note": ["type": "array", "items": ["type": "string"], "description": "Short verbatim quotes from the note."],
            "transcript": ["type": "array", "items": ["type": "string"], "description": "Short verbatim quotes from the transcript."],
        ],
        "required": ["note", "transcript"],
        "additionalProperties": false,
    ]

    static func verdictProperties(withID: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if withID { members.append(("criterion_id", ["type": "string"])) }
        members.append(("explanation", ["type": "string"]))
        members.append(("verdict", ["type": "string", "enum": ["met", "not_met"]]))
        members.append(("evidence", evidence))
        return .object(members)
    }

    /// The JSON schema (strict-mode compatible: every property required, no extra properties).
    public var json: JSONValue {
        switch self {
        case .single:
            return [
                "type": "object",
                "properties": Self.verdictProperties(withID: false),
                "required": ["explanation", "verdict", "evidence"],
                "additionalProperties": false,
            ]
        case .batched:
            return [
                "type": "object",
                "properties": [
                    "verdicts": [
                        "type": "array",
                        "items": [
                            "type": "object",
                            "properties": Self.verdictProperties(withID: true),
                            "required": ["criterion_id", "explanation", "verdict", "evidence"],
                            "additionalProperties": false,
                        ],
                    ],
                ],
                "required": ["verdicts"],
                "additionalProperties": false,
            ]
        case .soapNote:
            return SOAPNoteAnswer.schema
        }
    }
}
