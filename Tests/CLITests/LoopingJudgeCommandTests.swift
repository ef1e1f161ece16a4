import Foundation
import GRDB
import Testing

/// `scribegrade grade` against `scribegrade simulate --judge-behaviour loops`: a model that
/// writes until the token cap on every request, as a tiny local model did on llama.cpp.
@Suite(.serialized) struct LoopingJudgeCommandTests {
    @Test("grading against a model that always loops ends with clear failures after two answers a criterion")
    func aLoopingModelEndsInClearFailures() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let log = directory.appendingPathComponent("requests.jsonl")
        let simulator = try SimulatorProcess(["--judge-behaviour", "loops"], requestLog: log)
        defer { simulator.stop() }
        let store = directory.appendingPathComponent("runs.sqlite")
        let result = try CLIRunner.run([
            "grade", "--rubrics", "Rubrics/primock57/day1_consultation01_clinician_1.yaml", "--notes", "Examples/primock57/notes",
            "--transcripts", "Examples/primock57/transcripts", "--judge", "openai:gpt-sim@\(simulator.url)/v1",
            "--store", store.path, "--format", "json",
        ])
        #expect(result.status != 0 || result.stdout.contains("failed"), "the failures are not hidden")

        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: store.path, configuration: configuration)
        defer { try? queue.close() }
        let (rows, failures, output) = try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM judgment") ?? 0,
             try String.fetchAll(db, sql: "SELECT DISTINCT failure FROM judgment"),
             try Int.fetchOne(db, sql: "SELECT SUM(output_tokens) FROM judgment") ?? 0)
        }
        #expect(rows > 0)
        #expect(failures.count == 1)
        #expect(failures.first?.contains("cut off at max_tokens 1024 twice; the model loops") == true, "\(failures)")
        let answered = try Data(contentsOf: log).split(separator: UInt8(ascii: "\n")).count
        #expect(answered == 2 * rows, "two answers a criterion, not one and every re-ask")
        #expect(output == answered * 1024, "every cut-off answer's tokens are stored")
    }
}
