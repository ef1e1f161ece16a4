import Foundation
import GRDB
import Testing

/// `scribegrade grade` against a `scribegrade simulate` process, killed with SIGKILL at several
/// points and run again each time: the resumed run ends with the results of a run never
/// interrupted, and no judgment stored before a kill is asked again after it.
@Suite(.serialized) struct KillResumeTests {
    /// The items (`system/encounter/rubric/criterion/sample`) stored with a verdict, read from the
    /// database file with SQLite, read-only.
    /// A JSON report with each judge's cached and cache-written input tokens and cost taken out:
    /// how much of a prompt the provider had cached depends on when requests reached it (a resumed
    /// run meets a warm cache), not on what was asked. Input and output tokens stay compared.
    static func reportWithoutCacheHits(_ report: Data) throws -> NSDictionary {
        var json = try #require(try JSONSerialization.jsonObject(with: report) as? [String: Any])
        let judges = try #require(json["judges"] as? [[String: Any]])
        json["judges"] = judges.map { judge in
            var judge = judge
            judge["cost"] = nil
            if var usage = judge["usage"] as? [String: Any] {
                usage["cached_input"] = nil
                usage["cache_creation"] = nil
                judge["usage"] = usage
            }
            return judge
        }
        return json as NSDictionary
    }

    static func storedItems(_ store: URL) throws -> Set<String> {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: store.path, configuration: configuration)
        let items = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT system, encounter, rubric, criterion, sample FROM judgment WHERE verdict IS NOT NULL").map { row -> String in
                let sample: Int = row["sample"]
                return [row["system"] as String, row["encounter"], row["rubric"], row["criterion"], String(sample)].joined(separator: "/")
            }
        }
        try queue.close()
        return Set(items)
    }

    static func failedCount(_ store: URL) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: store.path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM judgment WHERE verdict IS NULL") ?? 0 }
    }

    /// Starts `scribegrade grade`, its output going to files in `directory`.
    static func startGrade(_ arguments: [String], in directory: URL, run: Int) throws -> (Process, stdout: URL) {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = CLIRunner.packageRoot
        let stdout = directory.appendingPathComponent("grade-\(run).out")
        let stderr = directory.appendingPathComponent("grade-\(run).err")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        return (process, stdout)
    }

    @Test func gradeKilledWithSIGKILLAtSeveralPointsResumesToTheUninterruptedResultsWithoutReaskingStoredJudgments() throws {
        let directory = try CLIRunner.temporaryDirectory()
        // 429s, 500s and dropped connections, retried by the judge; verdicts by hash of the seed.
        let simulator = try SimulatorProcess(
            ["--latency-ms", "15", "--seed", "57", "--faults", "429=0.05,500=0.05,drop=0.01", "--retry-after-ms", "20"],
            requestLog: directory.appendingPathComponent("requests.jsonl"))
        defer { simulator.stop() }
        #expect(simulator.url.hasPrefix("http://127.0.0.1:"))

        let rubrics = ["day1_consultation01_clinician_1", "day2_consultation02_clinician_2", "day3_consultation07_clinician_1", "day5_consultation04_clinician_1"]
        func arguments(store: URL) -> [String] {
            ["grade", "--notes", "Examples/primock57/notes", "--transcripts", "Examples/primock57/transcripts",
             "--judge", "openai:gpt-sim@\(simulator.url)/v1", "--concurrency", "8", "--format", "json", "--store", store.path]
                + rubrics.flatMap { ["--rubrics", "Rubrics/primock57/\($0).yaml"] }
        }

        // The reference: one run, never interrupted.
        let referenceStore = directory.appendingPathComponent("reference.sqlite")
        let (reference, referenceOut) = try Self.startGrade(arguments(store: referenceStore), in: directory, run: 0)
        reference.waitUntilExit()
        #expect(reference.terminationStatus == 0)
        let expected = try Data(contentsOf: referenceOut)
        let referenceItems = try Self.storedItems(referenceStore)
        #expect(referenceItems.count == 567)
        #expect(try Self.failedCount(referenceStore) == 0)

        // The same command on a fresh store, killed after more and more requests, then run to the end.
        let store = directory.appendingPathComponent("resumed.sqlite")
        let start = simulator.lineCount()
        var storedBefore: Set<String> = []
        var killedAt = start
        var kills = 0
        var final = Data()
        for (run, killAfter) in [30, 150, 300, 450, nil].enumerated() {
            let (grade, out) = try Self.startGrade(arguments(store: store), in: directory, run: run + 1)
            if let killAfter {
                while grade.isRunning && simulator.lineCount() - start < killAfter { usleep(2_000) }
                kill(grade.processIdentifier, SIGKILL)
            }
            grade.waitUntilExit()

            // Nothing stored before this run's start was asked during it.
            let asked = try simulator.requests().filter { $0.seq > killedAt }
            let reasked = asked.filter { storedBefore.contains($0.item) }
            #expect(reasked.isEmpty, "run \(run + 1) asked \(reasked.count) stored judgments again, e.g. \(reasked.first?.item ?? "")")
            #expect(!asked.isEmpty, "run \(run + 1) asked something")

            killedAt = simulator.lineCount()
            let storedNow = try Self.storedItems(store)
            #expect(storedNow.isSuperset(of: storedBefore), "nothing stored is lost")
            if killAfter != nil {
                #expect(grade.terminationReason == .uncaughtSignal && grade.terminationStatus == SIGKILL, "run \(run + 1) was killed before it finished")
                #expect(storedNow.count > storedBefore.count, "run \(run + 1) stored judgments before it was killed")
                #expect(storedNow.count < referenceItems.count)
                kills += 1
            } else {
                #expect(grade.terminationStatus == 0)
                final = try Data(contentsOf: out)
            }
            storedBefore = storedNow
        }
        #expect(kills == 4)
        #expect(storedBefore == referenceItems)
        #expect(!final.isEmpty)
        #expect(try Self.reportWithoutCacheHits(final) == Self.reportWithoutCacheHits(expected), "the resumed run's report equals the uninterrupted run's")
    }
}
