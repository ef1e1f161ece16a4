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

    /// Limits on an answer's length written into the schema: `maxItems` on each evidence list,
    /// `maxLength` on each quote and on the explanation (a small model loops inside a string as
    /// readily as in a list). Grammar-constrained servers (llama.cpp) enforce them;
    /// OpenAI's strict mode rejects `maxLength`, so a client sends only the bounds its provider
    /// accepts.
    public struct Bounds: Sendable, Hashable {
        public var evidenceItems: Int?
        public var explanationLength: Int?
        public var quoteLength: Int?

        public init(evidenceItems: Int? = nil, explanationLength: Int? = nil, quoteLength: Int? = nil) {
            self.evidenceItems = evidenceItems
            self.explanationLength = explanationLength
            self.quoteLength = quoteLength
        }

        /// No bounds: the schema of every first request.
        public static let none = Bounds()
        /// A re-ask's bounds: three quotes a list, an explanation of about two sentences.
        public static let reask = Bounds(evidenceItems: 3, explanationLength: 300, quoteLength: 200)
    }

    static func evidence(_ bounds: Bounds) -> JSONValue {
        func quotes(_ description: String) -> JSONValue {
            let item: JSONValue = bounds.quoteLength.map { ["type": "string", "maxLength": .int($0)] } ?? ["type": "string"]
            var members: [(String, JSONValue)] = [("type", "array"), ("items", item)]
            if let items = bounds.evidenceItems { members.append(("maxItems", .int(items))) }
            members.append(("description", .string(description)))
            return .object(members)
        }
        return [
            "type": "object",
            "properties": [
                "note": quotes("Short verbatim quotes from the note."),
                "transcript": quotes("Short verbatim quotes from the transcript."),
            ],
            "required": ["note", "transcript"],
            "additionalProperties": false,
        ]
    }

    static func verdictProperties(withID: Bool, bounds: Bounds) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if withID { members.append(("criterion_id", ["type": "string"])) }
        if let length = bounds.explanationLength {
            members.append(("explanation", ["type": "string", "maxLength": .int(length)]))
        } else {
            members.append(("explanation", ["type": "string"]))
        }
        members.append(("verdict", ["type": "string", "enum": ["met", "not_met"]]))
        members.append(("evidence", evidence(bounds)))
        return .object(members)
    }

    /// Output tokens one verdict is estimated to take, for splitting batched sections and for
    /// `--dry-run`: the criterion id (~5), an explanation of one to three sentences (~45), the
    /// verdict and the JSON keys (~15), two or three short evidence quotes (~25).
    public static let estimatedTokensPerVerdict = 90
    /// Output tokens of the answer around its verdicts (`{"verdicts":[...]}`).
    public static let estimatedAnswerOverhead = 10

    /// The estimated output tokens of an answer about `criteria` criteria; nil for a note
    /// (`soapNote`), whose length the schema does not predict.
    public func estimatedOutputTokens(criteria: Int) -> Int? {
        switch self {
        case .single: return Self.estimatedAnswerOverhead + Self.estimatedTokensPerVerdict
        case .batched: return Self.estimatedAnswerOverhead + Self.estimatedTokensPerVerdict * max(criteria, 1)
        case .soapNote: return nil
        }
    }

    /// How many criteria one batched answer may hold so that its estimate stays within three
    /// quarters of `maxTokens` (a margin for verbose answers); at least one.
    public static func criteriaFitting(maxTokens: Int) -> Int {
        max(1, (maxTokens * 3 / 4 - estimatedAnswerOverhead) / estimatedTokensPerVerdict)
    }

    /// The JSON schema (strict-mode compatible: every property required, no extra properties).
    public var json: JSONValue { json(bounds: .none) }

    /// The JSON schema with length bounds (a re-ask's); with `.none`, byte-identical to `json`.
    public func json(bounds: Bounds) -> JSONValue {
        switch self {
        case .single:
            return [
                "type": "object",
                "properties": Self.verdictProperties(withID: false, bounds: bounds),
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
                            "properties": Self.verdictProperties(withID: true, bounds: bounds),
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
