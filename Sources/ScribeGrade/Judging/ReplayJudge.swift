import Foundation

/// Verdicts someone else produced, read from a file: CSV with header
/// `system,encounter,criterion,verdict` (optional `rubric`, `explanation` columns) or JSONL with
/// the same keys. Verdicts are `met` or `not_met`.
///
/// A criterion the file has no verdict for becomes a failed judgment ("no verdict in replay
/// file"), never `not_met`. When a `rubric` value is given it must match; otherwise a row applies
/// to that criterion id under every rubric of the encounter.
public struct ReplayJudge: Judge {
    struct Key: Hashable {
        var system: String
        var encounter: String
        var criterion: String
    }

    struct Entry {
        var rubric: String?
        var verdict: Verdict
        var explanation: String?
    }

    public let path: String
    let entries: [Key: [Entry]]
    let contentHash: String

    /// Parses the replay file. Throws `InputError` listing every bad line.
    public init(path: String, text: String) throws {
        self.path = path
        self.contentHash = ContentHasher.hex(text)
        var entries: [Key: [Entry]] = [:]
        var diagnostics: [Diagnostic] = []
        var seen: [String: Int] = [:]

        let file = try FieldRecords(
            text: text, path: path, required: ["system", "encounter", "criterion", "verdict"],
            optional: ["rubric", "explanation"])
        diagnostics = file.diagnostics
        for record in file.records {
            let location = SourceLocation(file: path, line: record.line)
            let missing = ["system", "encounter", "criterion", "verdict"].filter { record[$0] == nil }
            guard missing.isEmpty, let system = record["system"], let encounter = record["encounter"],
                let criterion = record["criterion"], let verdict = record["verdict"]
            else {
                diagnostics.append(.error("missing \(missing.joined(separator: ", "))", at: location))
                continue
            }
            guard let parsed = Verdict(parsing: verdict) else {
                diagnostics.append(.error("verdict must be 'met' or 'not_met', found '\(verdict)'", at: location))
                continue
            }
            let identity = [system, encounter, criterion, record["rubric"] ?? ""].joined(separator: "\u{1F}")
            if let first = seen[identity] {
                diagnostics.append(.error("duplicate verdict for system '\(system)', encounter '\(encounter)', criterion '\(criterion)' (first on line \(first))", at: location))
                continue
            }
            seen[identity] = record.line
            entries[Key(system: system, encounter: encounter, criterion: criterion), default: []]
                .append(Entry(rubric: record["rubric"], verdict: parsed, explanation: record["explanation"]))
        }
        if entries.isEmpty, diagnostics.isEmpty {
            diagnostics.append(.error("no verdicts in replay file", at: SourceLocation(file: path)))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        self.entries = entries
    }

    public var descriptor: JudgeDescriptor {
        JudgeDescriptor(name: "replay:\(path)", kind: .replay, readsTranscript: false, fingerprint: contentHash)
    }

    public func judge(_ request: JudgeRequest) async throws -> JudgeResponse {
        var results: [String: CriterionResult] = [:]
        for criterion in request.criteria {
            let key = Key(system: request.note.system, encounter: request.note.encounter, criterion: criterion.id)
            let candidates = entries[key] ?? []
            let entry = candidates.first { $0.rubric == request.rubricID } ?? candidates.first { $0.rubric == nil }
            if let entry {
                results[criterion.id] = CriterionResult(verdict: entry.verdict, explanation: entry.explanation)
            } else {
                results[criterion.id] = .failed("no verdict in replay file")
            }
        }
        return JudgeResponse(results: results, model: nil)
    }
}
