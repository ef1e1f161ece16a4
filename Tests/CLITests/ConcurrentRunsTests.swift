import Foundation
import GRDB
import Testing

/// Two `scribegrade grade` processes on one run database at the same time, against
/// `scribegrade simulate` processes: a failing run never replaces what a healthy one stored,
/// and two runs of one plan never ask a question twice.
@Suite(.serialized) struct ConcurrentRunsTests {
    static let rubrics = ["day1_consultation01_clinician_1", "day2_consultation02_clinician_2"]

    /// A `scribegrade.yaml` naming one judge `sim` at `url`: two such files with different URLs
    /// name the same questions (the URL is not part of a judgment's key).
    static func config(_ url: String, retries: Int, reasks: Int = 2, in directory: URL, name: String) throws -> URL {
        let file = directory.appendingPathComponent("\(name).yaml")
        try """
            judges:
              sim:
                provider: openai
                model: gpt-sim
                base_url: \(url)/v1
                retries: \(retries)
                reasks: \(reasks)
                concurrency: 8
            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static func gradeArguments(config: URL, store: URL) -> [String] {
        ["grade", "--notes", "Examples/primock57/notes", "--transcripts", "Examples/primock57/transcripts", "--judge", "sim", "--config", config.path,
         "--format", "json", "--store", store.path]
            + rubrics.flatMap { ["--rubrics", "Rubrics/primock57/\($0).yaml"] }
    }

    /// `system/encounter/rubric/criterion` → verdict, from a `--format json` report.
    static func reportedVerdicts(_ json: String) throws -> [String: String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let notes = try #require(object["notes"] as? [[String: Any]])
        var verdicts: [String: String] = [:]
        for note in notes {
            let prefix = ["system", "encounter", "rubric"].map { "\(note[$0] ?? "?")" }.joined(separator: "/")
            for criterion in note["criteria"] as? [[String: Any]] ?? [] {
                if let verdict = criterion["verdict"] as? String { verdicts["\(prefix)/\(criterion["id"] ?? "?")"] = verdict }
            }
        }
        return verdicts
    }

    /// `system/encounter/rubric/criterion` → verdict or `failed`, read from the database file.
    static func storedVerdicts(_ store: URL) throws -> [String: String] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: store.path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            var verdicts: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT system, encounter, rubric, criterion, verdict FROM judgment") {
                let item = [row["system"] as String, row["encounter"], row["rubric"], row["criterion"]].joined(separator: "/")
                verdicts[item] = row["verdict"] ?? "failed"
            }
            return verdicts
        }
    }

    /// The failing provider answers every request with 500 (the judge's circuit breaker may stop
    /// that run early) or with an unusable answer (every question is stored as failed).
    @Test(arguments: ["500=1", "malformed=1"])
    func aRunAgainstAFailingProviderNeverReplacesTheVerdictsAHealthyRunStored(faults: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let healthy = try SimulatorProcess(["--latency-ms", "20", "--seed", "12"])
        defer { healthy.stop() }
        // Slower than the healthy one, so under `INSERT OR REPLACE` its failures arrive after the
        // healthy run's verdicts; no retries or re-asks, so each question fails at its first answer.
        let failing = try SimulatorProcess(["--latency-ms", "300", "--faults", faults], requestLog: directory.appendingPathComponent("failing.jsonl"))
        defer { failing.stop() }
        let store = directory.appendingPathComponent("runs.sqlite")
        let healthyConfig = try Self.config(healthy.url, retries: 6, in: directory, name: "healthy")
        let failingConfig = try Self.config(failing.url, retries: 0, reasks: 0, in: directory, name: "failing")

        // The failing run starts first and is asking when the healthy one starts.
        let failingRun = try CLIProcess(
            Self.gradeArguments(config: failingConfig, store: store) + ["--unreachable-after", "100000"], in: directory, name: "failing")
        #expect(CLIProcess.wait(seconds: 60) { failing.lineCount() > 0 || !failingRun.process.isRunning })
        let healthyRun = try CLIProcess(Self.gradeArguments(config: healthyConfig, store: store), in: directory, name: "healthy")
        #expect(healthyRun.waitForExit(seconds: 300))
        #expect(failingRun.waitForExit(seconds: 300))

        #expect(healthyRun.exitStatus == 0, "the healthy run ends with every verdict: \(healthyRun.errors.suffix(400))")
        let reported = try Self.reportedVerdicts(healthyRun.output)
        #expect(reported.count > 100)
        let stored = try Self.storedVerdicts(store)
        #expect(stored.count == reported.count)
        let replaced = reported.filter { stored[$0.key] != $0.value }
        #expect(replaced.isEmpty, "\(replaced.count) of the \(reported.count) verdicts the healthy run printed are no longer stored as printed")
        #expect(failing.lineCount() > 0, "the failing provider was asked")
        // 3: judgments failed and were stored as failed; 4: its circuit breaker found the
        // provider unreachable (500s only) and it stored nothing more.
        #expect(faults == "500=1" ? [3, 4].contains(failingRun.exitStatus) : failingRun.exitStatus == 3, "\(failingRun.errors.suffix(400))")
    }

    @Test func twoRunsOfOnePlanAtOnceAskEachQuestionOnceAndBothPrintTheFullResult() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let simulator = try SimulatorProcess(["--latency-ms", "15", "--seed", "57"], requestLog: directory.appendingPathComponent("requests.jsonl"))
        defer { simulator.stop() }
        let store = directory.appendingPathComponent("runs.sqlite")
        let config = try Self.config(simulator.url, retries: 6, in: directory, name: "sim")

        let runs = try (0..<2).map { try CLIProcess(Self.gradeArguments(config: config, store: store), in: directory, name: "run-\($0)") }
        for run in runs { #expect(run.waitForExit(seconds: 300)) }

        let asked = try simulator.requests().map(\.item)
        let twice = Dictionary(grouping: asked, by: { $0 }).filter { $0.value.count > 1 }
        #expect(twice.isEmpty, "\(twice.count) of \(Set(asked).count) questions were asked by both runs, e.g. \(twice.keys.sorted().first ?? "")")
        let stored = try Self.storedVerdicts(store)
        #expect(Set(asked).count == stored.count)
        #expect(!stored.values.contains("failed"))
        for run in runs {
            #expect(run.exitStatus == 0, "\(run.errors.suffix(400))")
            #expect(try Self.reportedVerdicts(run.output) == stored, "each run prints every stored verdict")
        }
    }
}
