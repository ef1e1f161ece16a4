import Foundation
import GRDB
import Testing

/// `scribegrade grade --batch` against a `scribegrade simulate` process, killed with SIGKILL
/// right after it submitted its batches: run again, it polls the stored batches instead of
/// submitting again, no item is answered twice, and its verdicts equal a synchronous run's.
@Suite(.serialized) struct BatchKillResumeTests {
    static let rubrics = ["day1_consultation01_clinician_1", "day2_consultation02_clinician_2"]

    static func arguments(judge: String, store: URL, batch: Bool) -> [String] {
        ["grade", "--notes", "Examples/primock57/notes", "--transcripts", "Examples/primock57/transcripts",
         "--judge", judge, "--concurrency", "8", "--format", "json", "--store", store.path]
            + rubrics.flatMap { ["--rubrics", "Rubrics/primock57/\($0).yaml"] }
            + (batch ? ["--batch", "--batch-poll-interval", "0.2"] : [])
    }

    static func batchCount(_ store: URL) -> Int {
        guard FileManager.default.fileExists(atPath: store.path) else { return 0 }
        return (try? StoreFile.query(store) { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM provider_batch") ?? 0
        }) ?? 0
    }

    /// Each note's criteria and verdicts, and each system's score, from `grade --format json`.
    static func verdicts(_ output: String) throws -> [String] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let notes = try #require(json["notes"] as? [[String: Any]])
        let systems = try #require(json["systems"] as? [[String: Any]])
        return notes.flatMap { note in
            ((note["criteria"] as? [[String: Any]]) ?? []).map { criterion in
                "\(note["system"] ?? "")/\(note["encounter"] ?? "")/\(note["rubric"] ?? "")/\(criterion["id"] ?? ""): \(criterion["verdict"] ?? "")"
            }
        }.sorted() + systems.map { "\($0["system"] ?? ""): \($0["score"] ?? "") \($0["ci95"] ?? "")" }
    }

    static func logLines(_ log: URL, after skipped: Int) throws -> [[String: Any]] {
        try Data(contentsOf: log).split(separator: UInt8(ascii: "\n")).dropFirst(skipped).map {
            try #require(try JSONSerialization.jsonObject(with: $0) as? [String: Any])
        }
    }

    @Test(arguments: ["openai:gpt-sim@{url}/v1", "anthropic:claude-sim@{url}"])
    func batchGradeKilledAfterSubmissionResumesByPollingToTheSynchronousVerdicts(spec: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let log = directory.appendingPathComponent("requests.jsonl")
        // Lexical verdicts read the prompt alone, so a batched item (no item header) gets the
        // verdict its synchronous request gets.
        let simulator = try SimulatorProcess(["--seed", "57", "--verdicts", "lexical", "--batch-delay", "3"], requestLog: log)
        defer { simulator.stop() }
        let judge = spec.replacingOccurrences(of: "{url}", with: simulator.url)

        let referenceStore = directory.appendingPathComponent("reference.sqlite")
        let reference = try CLIProcess(Self.arguments(judge: judge, store: referenceStore, batch: false), in: directory, name: "reference")
        #expect(reference.waitForExit(seconds: 300))
        #expect(reference.exitStatus == 0, "\(reference.errors)")
        let expected = try Self.verdicts(reference.output)
        #expect(!expected.isEmpty)

        let store = directory.appendingPathComponent("batched.sqlite")
        let skipped = simulator.lineCount()
        let killed = try CLIProcess(Self.arguments(judge: judge, store: store, batch: true), in: directory, name: "killed")
        #expect(CLIProcess.wait(seconds: 120) { Self.batchCount(store) > 0 || !killed.process.isRunning })
        killed.signal(SIGKILL)
        _ = killed.waitForExit(seconds: 30)
        #expect(killed.process.terminationReason == .uncaughtSignal, "killed before it finished: \(killed.errors)")
        let submitted = Self.batchCount(store)
        #expect(submitted == 1)
        #expect(try StoreFile.judgmentCount(store) == 0, "killed before its batch ended")

        let resumed = try CLIProcess(Self.arguments(judge: judge, store: store, batch: true), in: directory, name: "resumed")
        #expect(resumed.waitForExit(seconds: 300))
        #expect(resumed.exitStatus == 0, "\(resumed.errors)")
        #expect(resumed.errors.contains("Polling 1 stored batch(es)"))
        #expect(try Self.verdicts(resumed.output) == expected, "the resumed batch run's verdicts equal the synchronous run's")

        let lines = try Self.logLines(log, after: skipped)
        let creations = lines.filter { ["/v1/batches", "/v1/messages/batches"].contains($0["path"] as? String ?? "") && $0["status"] as? Int == 200 }
        #expect(creations.count == submitted, "no batch submitted again")
        let items = lines.compactMap { $0["custom_id"] as? String }
        #expect(!items.isEmpty)
        #expect(Set(items).count == items.count, "no item answered twice")
        let synchronous = lines.filter { ["/v1/chat/completions", "/v1/messages"].contains($0["path"] as? String ?? "") }
        #expect(synchronous.isEmpty, "every question answered by the batch")
    }
}
