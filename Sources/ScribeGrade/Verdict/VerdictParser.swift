import Foundation

/// What a judge's answer yielded: a result per criterion it answered well, and what was wrong
/// with the rest.
public struct ParsedVerdicts: Sendable, Hashable {
    /// Results keyed by criterion id, each with a verdict.
    public var results: [String: CriterionResult]
    /// Problems that make the answer unusable for some or all criteria, in words that name
    /// fields and ids, never the answer's text.
    public var problems: [String]

    public init(results: [String: CriterionResult], problems: [String]) {
        self.results = results
        self.problems = problems
    }

    public var isComplete: Bool { problems.isEmpty }
}

/// Parses a judge's JSON answer (`{explanation, verdict, evidence: {note, transcript}}`, or in
/// batched mode `{verdicts: [{criterion_id, ...}]}`) and checks its evidence quotes against the
/// note and transcript; quotes found in neither are listed in `Evidence.unsupported`.
public struct VerdictParser: Sendable {
    public var schema: VerdictSchema
    /// The criteria asked about; a batched answer must give exactly these.
    public var criterionIDs: [String]
    let note: String
    let transcript: String
    let prepared: PreparedTexts?

    /// Without `prepared`, the texts are normalised for quote checking only when an answer
    /// quotes them.
    public init(schema: VerdictSchema, criterionIDs: [String], note: String, transcript: String, prepared: PreparedTexts? = nil) {
        self.schema = schema
        self.criterionIDs = criterionIDs
        self.note = note
        self.transcript = transcript
        self.prepared = prepared
    }

    /// Parses answer text (OpenAI message content). A Markdown code fence around the JSON,
    /// as some OpenAI-compatible servers add, is ignored.
    public func parse(_ text: String) -> ParsedVerdicts {
        var body = Self.trimmed(text[...])
        if body.hasPrefix("```") {
            body = body.drop(while: { $0 != "\n" })
            if body.hasSuffix("```") { body = body.dropLast(3) }
        }
        guard !Self.trimmed(body).isEmpty else {
            return ParsedVerdicts(results: [:], problems: ["the answer is empty"])
        }
        do {
            return parse(try JSONValue(parsing: String(body)))
        } catch {
            return ParsedVerdicts(results: [:], problems: ["the answer is not valid JSON (\(error))"])
        }
    }

    /// Parses an answer already decoded (Anthropic tool input).
    public func parse(_ value: JSONValue) -> ParsedVerdicts {
        guard case .object = value else { return ParsedVerdicts(results: [:], problems: ["the answer is not a JSON object"]) }
        switch schema {
        case .soapNote:
            return SOAPNoteAnswer.parse(value, id: criterionIDs.first ?? ScribeRequest.criterionID)
        case .single:
            guard let id = criterionIDs.first else { return ParsedVerdicts(results: [:], problems: ["no criterion was asked"]) }
            switch result(value) {
            case let .success(result): return checked(ParsedVerdicts(results: [id: result], problems: []))
            case let .failure(problem): return ParsedVerdicts(results: [:], problems: [problem.reason])
            }
        case .batched:
            guard let items = value["verdicts"]?.arrayValue else {
                return ParsedVerdicts(results: [:], problems: ["the answer has no 'verdicts' list"])
            }
            var results: [String: CriterionResult] = [:]
            var problems: [String] = []
            var answered: Set<String> = []
            let asked = Set(criterionIDs)
            for (index, item) in items.enumerated() {
                guard let id = item["criterion_id"]?.stringValue else {
                    problems.append("verdicts[\(index)] has no criterion_id")
                    continue
                }
                guard asked.contains(id) else {
                    problems.append("verdicts[\(index)] names criterion '\(id)', which was not asked")
                    continue
                }
                guard !answered.contains(id) else {
                    problems.append("criterion '\(id)' is answered twice")
                    results[id] = nil
                    continue
                }
                answered.insert(id)
                switch result(item) {
                case let .success(result): results[id] = result
                case let .failure(problem): problems.append("verdicts[\(index)] (criterion '\(id)'): \(problem.reason)")
                }
            }
            let missing = criterionIDs.filter { !answered.contains($0) }
            if !missing.isEmpty {
                problems.append("no verdict for criteria \(missing.map { "'\($0)'" }.joined(separator: ", "))")
            }
            return checked(ParsedVerdicts(results: results, problems: problems))
        }
    }

    /// Fills `Evidence.unsupported`, normalising each text once and only if it is quoted.
    func checked(_ parsed: ParsedVerdicts) -> ParsedVerdicts {
        var parsed = parsed
        let quotesNote = parsed.results.values.contains { $0.evidence?.note.isEmpty == false }
        let quotesTranscript = parsed.results.values.contains { $0.evidence?.transcript.isEmpty == false }
        let noteChecker = quotesNote ? prepared?.note ?? EvidenceChecker(text: note) : nil
        let transcriptChecker = quotesTranscript ? prepared?.transcript ?? EvidenceChecker(text: transcript) : nil
        for (id, result) in parsed.results {
            guard var evidence = result.evidence else { continue }
            evidence.unsupported = evidence.note.filter { noteChecker?.contains($0) != true }
                + evidence.transcript.filter { transcriptChecker?.contains($0) != true }
            parsed.results[id]?.evidence = evidence
        }
        return parsed
    }

    /// Without leading and trailing whitespace; reads only the ends (Foundation's trimming
    /// copies the whole answer to UTF-16 first).
    static func trimmed(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return text[text.endIndex...] }
        return text[first...last]
    }

    struct Problem: Error { var reason: String }

    func result(_ value: JSONValue) -> Result<CriterionResult, Problem> {
        guard case .object = value else { return .failure(Problem(reason: "a verdict is not a JSON object")) }
        guard let raw = value["verdict"] else { return .failure(Problem(reason: "the answer has no 'verdict'")) }
        guard let text = raw.stringValue, let verdict = Verdict(strict: text) else {
            return .failure(Problem(reason: "'verdict' is not met or not_met"))
        }
        let explanation = value["explanation"]?.stringValue
        var evidence = Evidence()
        if let quotes = value["evidence"] {
            evidence.note = quotes["note"]?.arrayValue?.compactMap(\.stringValue) ?? []
            evidence.transcript = quotes["transcript"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        return .success(CriterionResult(verdict: verdict, explanation: explanation, evidence: evidence))
    }
}

extension Verdict {
    /// `met` or `not_met` as the schema spells them, ignoring case, spaces and hyphens.
    init?(strict text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "met": self = .met
        case "not_met", "not met", "not-met": self = .notMet
        default: return nil
        }
    }
}
