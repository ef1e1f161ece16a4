import Foundation
import Testing

/// Ctrl-C (SIGINT) during `grade` and `statements` against a `scribegrade simulate` process
/// with latency, so that requests are in flight when it arrives: every answer the simulator
/// sent is stored, the run is marked interrupted, the process exits 130 and says how to resume;
/// the same command then asks only what is missing and reports what an uninterrupted run
/// reports. A second Ctrl-C quits at once.
@Suite(.serialized) struct InterruptTests {
    static let rubrics = ["day1_consultation01_clinician_1", "day2_consultation02_clinician_2"]

    static func gradeArguments(simulator: SimulatorProcess, store: URL, concurrency: Int = 8) -> [String] {
        ["grade", "--notes", "Examples/primock57/notes", "--transcripts", "Examples/primock57/transcripts",
         "--judge", "openai:gpt-sim@\(simulator.url)/v1", "--concurrency", String(concurrency), "--format", "json", "--store", store.path]
            + rubrics.flatMap { ["--rubrics", "Rubrics/primock57/\($0).yaml"] }
    }

    @Test func firstCtrlCStoresEveryAnswerInFlightMarksTheRunInterruptedExits130AndTheSameCommandResumesToTheUninterruptedReport() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let simulator = try SimulatorProcess(
            ["--latency-ms", "150", "--seed", "57"], requestLog: directory.appendingPathComponent("requests.jsonl"))
        defer { simulator.stop() }
        #expect(simulator.url.hasPrefix("http://127.0.0.1:"))

        // The reference: the same plan, never interrupted.
        let referenceStore = directory.appendingPathComponent("reference.sqlite")
        let reference = try CLIProcess(Self.gradeArguments(simulator: simulator, store: referenceStore), in: directory, name: "reference")
        #expect(reference.waitForExit(seconds: 120))
        #expect(reference.exitStatus == 0, "\(reference.errors)")
        let referenceItems = try KillResumeTests.storedItems(referenceStore)
        #expect(referenceItems.count > 100)

        // Interrupted once 20 requests have reached the simulator, with more in flight.
        let store = directory.appendingPathComponent("interrupted.sqlite")
        let start = try simulator.requests().map(\.seq).max() ?? 0
        let grade = try CLIProcess(Self.gradeArguments(simulator: simulator, store: store), in: directory, name: "interrupted")
        #expect(CLIProcess.wait(seconds: 60) { simulator.lineCount() - start >= 20 || !grade.process.isRunning })
        grade.signal(SIGINT)
        #expect(grade.waitForExit(seconds: 60), "exits after the requests in flight are answered")
        #expect(grade.exitStatus == 130, "exit status \(grade.process.terminationStatus), reason \(grade.process.terminationReason.rawValue)")

        // Every answer the simulator sent is stored, once; nothing else is.
        let answered = try simulator.requests().filter { $0.seq > start }
        let stored = try KillResumeTests.storedItems(store)
        #expect(answered.count >= 20)
        #expect(stored.count == answered.count, "stored \(stored.count) of \(answered.count) answered requests")
        #expect(stored == Set(answered.map(\.item)))
        #expect(stored.count < referenceItems.count, "the run was interrupted before its end")
        #expect(try KillResumeTests.failedCount(store) == 0)
        #expect(Array(try StoreFile.runStatuses(store).values) == ["interrupted"])

        // It says what is stored and how to resume.
        #expect(grade.output.isEmpty, "no report of an interrupted run")
        #expect(grade.errors.contains("\(stored.count) of \(referenceItems.count) judgments"), "\(grade.errors)")
        #expect(grade.errors.contains("Run the same command again to resume"))
        #expect(grade.errors.contains("grade --notes Examples/primock57/notes"))

        // The same command resumes: it asks only what is missing and reports what the reference did.
        let resumedFrom = simulator.lineCount()
        let resumed = try CLIProcess(Self.gradeArguments(simulator: simulator, store: store), in: directory, name: "resumed")
        #expect(resumed.waitForExit(seconds: 120))
        #expect(resumed.exitStatus == 0, "\(resumed.errors)")
        let asked = try simulator.requests().filter { $0.seq > resumedFrom }.map(\.item)
        #expect(Set(asked).isDisjoint(with: stored), "nothing stored is asked again")
        #expect(asked.count == referenceItems.count - stored.count)
        #expect(try KillResumeTests.storedItems(store) == referenceItems)
        #expect(Array(try StoreFile.runStatuses(store).values) == ["completed"])
        #expect(
            try KillResumeTests.reportWithoutCacheHits(Data(resumed.output.utf8)) == KillResumeTests.reportWithoutCacheHits(Data(reference.output.utf8)),
            "the resumed run's report equals the uninterrupted run's")
    }

    @Test func secondCtrlCDuringASlowShutdownQuitsAtOnce() throws {
        let directory = try CLIRunner.temporaryDirectory()
        // Answers take a minute: the first Ctrl-C waits for them; the second must not.
        let simulator = try SimulatorProcess(
            ["--latency-ms", "60000", "--jitter-ms", "0", "--seed", "57"], requestLog: directory.appendingPathComponent("requests.jsonl"))
        defer { simulator.stop() }
        let store = directory.appendingPathComponent("runs.sqlite")
        let grade = try CLIProcess(Self.gradeArguments(simulator: simulator, store: store, concurrency: 4), in: directory, name: "grade")
        #expect(CLIProcess.wait(seconds: 30) { simulator.lineCount() >= 4 }, "four requests in flight")

        grade.signal(SIGINT)
        #expect(CLIProcess.wait(seconds: 30) { grade.errors.contains("interrupted: asking nothing more") }, "\(grade.errors)")
        #expect(grade.process.isRunning, "the first Ctrl-C waits for the answers in flight")
        grade.signal(SIGINT)
        #expect(grade.waitForExit(seconds: 20), "the second Ctrl-C quits without waiting for the answers")
        #expect(grade.exitStatus == 130)
        #expect(grade.errors.contains("quitting now"))
        #expect(simulator.lineCount() == 4, "nothing more was asked after the first Ctrl-C")
    }

    @Test func statementsInterruptedStoresEveryAnswerAndExits130() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let simulator = try SimulatorProcess(
            ["--latency-ms", "150", "--seed", "57"], requestLog: directory.appendingPathComponent("requests.jsonl"))
        defer { simulator.stop() }
        let store = directory.appendingPathComponent("runs.sqlite")
        let statements = try CLIProcess(
            ["statements", "--primock57-statements", "Examples/primock57/note_statements.csv",
             "--transcripts", "Examples/primock57/transcripts", "--judge", "openai:gpt-sim@\(simulator.url)/v1",
             "--concurrency", "8", "--store", store.path],
            in: directory, name: "statements")
        #expect(CLIProcess.wait(seconds: 60) { simulator.lineCount() >= 20 || !statements.process.isRunning })
        statements.signal(SIGINT)
        #expect(statements.waitForExit(seconds: 60))
        #expect(statements.exitStatus == 130, "\(statements.errors)")
        let answered = try simulator.requests()
        #expect(answered.count >= 20)
        #expect(try StoreFile.judgmentCount(store) == answered.count)
        #expect(Array(try StoreFile.runStatuses(store).values) == ["interrupted"])
        #expect(statements.errors.contains("statements --primock57-statements"))
    }
}
