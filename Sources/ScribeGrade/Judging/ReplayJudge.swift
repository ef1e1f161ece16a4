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

        func add(system: String?, encounter: String?, criterion: String?, rubric: String?, verdict: String?, explanation: String?, line: Int) {
            let location = SourceLocation(file: path, line: line)
            var missing: [String] = []
            if (system ?? "").isEmpty { missing.append("system") }
            if (encounter ?? "").isEmpty { missing.append("encounter") }
            if (criterion ?? "").isEmpty { missing.append("criterion") }
            if (verdict ?? "").isEmpty { missing.append("verdict") }
            guard missing.isEmpty, let system, let encounter, let criterion, let verdict else {
                diagnostics.append(.error("missing \(missing.joined(separator: ", "))", at: location))
                return
            }
            guard let parsed = Verdict(parsing: verdict) else {
                diagnostics.append(.error("verdict must be 'met' or 'not_met', found '\(verdict)'", at: location))
                return
            }
            let rubricValue = (rubric?.isEmpty ?? true) ? nil : rubric
            let identity = [system, encounter, criterion, rubricValue ?? ""].joined(separator: "\u{1F}")
            if let first = seen[identity] {
                diagnostics.append(.error("duplicate verdict for system '\(system)', encounter '\(encounter)', criterion '\(criterion)' (first on line \(first))", at: location))
                return
            }
            seen[identity] = line
            entries[Key(system: system, encounter: encounter, criterion: criterion), default: []]
                .append(Entry(rubric: rubricValue, verdict: parsed, explanation: explanation))
        }

        if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                    diagnostics.append(.error("not a JSON object", at: SourceLocation(file: path, line: index + 1)))
                    continue
                }
                add(system: object["system"] as? String, encounter: object["encounter"] as? String,
                    criterion: object["criterion"] as? String, rubric: object["rubric"] as? String,
                    verdict: object["verdict"] as? String, explanation: object["explanation"] as? String, line: index + 1)
            }
        } else {
            let table = try CSVTable(parsing: text, path: path)
            try table.require(columns: ["system", "encounter", "criterion", "verdict"])
            for row in table.rows {
                add(system: row["system"], encounter: row["encounter"], criterion: row["criterion"],
                    rubric: row["rubric"], verdict: row["verdict"], explanation: row["explanation"], line: row.line)
            }
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
