import Foundation
import GRDB
import Testing

/// Models as scribes against `scribegrade simulate` as a separate process: `bench` ranks a
/// simulated scribe that leaves out less above one that leaves out more, with CIs, and
/// `generate` killed and run again asks for no stored note twice, and asks nothing on
/// unchanged inputs.
@Suite(.serialized) struct ScribeBenchTests {
    /// Eight PriMock57 encounters, one clinician checklist each.
    static let encounters = [
        "day1_consultation01", "day1_consultation02", "day1_consultation03", "day2_consultation01",
        "day2_consultation02", "day2_consultation03", "day3_consultation01", "day3_consultation02",
    ]

    /// A fresh directory holding the transcripts of `encounters`.
    static func transcripts(_ ids: [String], in directory: URL) throws -> URL {
        let folder = directory.appendingPathComponent("transcripts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for id in ids {
            try FileManager.default.copyItem(
                at: CLIRunner.packageRoot.appendingPathComponent("Examples/primock57/transcripts/\(id).json"),
                to: folder.appendingPathComponent("\(id).json"))
        }
        return folder
    }

    /// The notes stored with an answer, as `system/encounter`, read-only.
    static func storedNotes(_ store: URL) throws -> Set<String> {
        guard FileManager.default.fileExists(atPath: store.path) else { return [] }
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: store.path, configuration: configuration)
        defer { try? queue.close() }
        return Set(try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT system, encounter FROM judgment WHERE verdict IS NOT NULL").map { row in
                (row["system"] as String) + "/" + (row["encounter"] as String)
            }
        })
    }

    /// The `system/encounter` of every scribe request in the simulator's log, in order.
    static func askedNotes(_ simulator: SimulatorProcess) throws -> [String] {
        try simulator.requests().map { $0.item.split(separator: "/").prefix(2).joined(separator: "/") }
    }

    @Test func benchRanksTheScribeThatLeavesOutLessFirstWithConfidenceIntervals() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(
            ["--verdicts", "lexical", "--scribe", "careful:omission=0.1,hallucination=0.02",
             "--scribe", "sloppy:omission=0.6,hallucination=0.1"])
        defer { simulator.stop() }
        #expect(simulator.url.hasPrefix("http://127.0.0.1:"))

        let result = try CLIRunner.run(
            ["bench", "--scribe", "openai:sloppy@\(simulator.url)/v1", "--scribe", "anthropic:careful@\(simulator.url)",
             "--judge", "openai:judge-sim@\(simulator.url)/v1", "--transcripts", "Examples/primock57/transcripts",
             "--notes", directory.appendingPathComponent("notes").path, "--store", directory.appendingPathComponent("s.sqlite").path,
             "--format", "json"]
                + Self.encounters.flatMap { ["--rubrics", "Rubrics/primock57/\($0)_clinician_1.yaml"] })
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let systems = try #require(json["systems"] as? [[String: Any]])
        #expect(systems.map { $0["system"] as? String } == ["careful", "sloppy"])
        let careful = try #require(systems.first?["ci95"] as? [Double])
        let sloppy = try #require(systems.last?["ci95"] as? [Double])
        #expect(careful[0] < careful[1] && sloppy[0] < sloppy[1])
        let comparison = try #require((json["comparisons"] as? [[String: Any]])?.first)
        #expect(comparison["a"] as? String == "careful")
        #expect(comparison["significant"] as? Bool == true)
        #expect((comparison["encounters"] as? Int) == Self.encounters.count)
        // Every encounter's note was written, with how it was made.
        for system in ["careful", "sloppy"] {
            let folder = directory.appendingPathComponent("notes/\(system)")
            let manifest = try String(contentsOf: folder.appendingPathComponent("scribe.jsonl"), encoding: .utf8)
            #expect(manifest.split(separator: "\n").count == Self.encounters.count)
            #expect(manifest.contains("\"model\":\"\(system)\""))
            for id in Self.encounters {
                #expect(try String(contentsOf: folder.appendingPathComponent("\(id).md"), encoding: .utf8).hasPrefix("## Subjective"))
            }
        }
    }

    @Test func generateKilledAndRunAgainAsksNoStoredNoteTwiceAndAsksNothingOnUnchangedInputs() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(["--latency-ms", "300", "--jitter-ms", "0"], requestLog: directory.appendingPathComponent("requests.jsonl"))
        defer { simulator.stop() }
        let transcripts = try Self.transcripts(Self.encounters, in: directory)
        let store = directory.appendingPathComponent("s.sqlite")
        let notes = directory.appendingPathComponent("notes")
        let arguments = ["generate", "--model", "openai:scribe-sim@\(simulator.url)/v1", "--system", "sim",
                         "--transcripts", transcripts.path, "--output", notes.path, "--store", store.path, "--concurrency", "1"]

        // Killed with SIGKILL once three notes were asked for.
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, simulator.lineCount() < 3, Date() < deadline { usleep(5_000) }
        #expect(process.isRunning, "generate finished before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let storedBefore = try Self.storedNotes(store)
        let askedBefore = simulator.lineCount()
        #expect(!storedBefore.isEmpty && storedBefore.count < Self.encounters.count)

        // Run again: asks only for the notes not stored, and writes every note.
        let resumed = try CLIRunner.run(arguments)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let askedAfter = try Self.askedNotes(simulator).dropFirst(askedBefore)
        #expect(Set(askedAfter).isDisjoint(with: storedBefore))
        #expect(Set(askedAfter).count == askedAfter.count)
        #expect(try Self.storedNotes(store) == Set(Self.encounters.map { "sim/\($0)" }))
        let written = try FileManager.default.contentsOfDirectory(atPath: notes.appendingPathComponent("sim").path)
        #expect(Set(written) == Set(Self.encounters.map { "\($0).md" } + ["scribe.jsonl"]))

        // Unchanged inputs: no request at all, the same notes written again.
        let total = simulator.lineCount()
        let again = try CLIRunner.run(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(simulator.lineCount() == total)
        #expect(again.stderr.contains("wrote \(Self.encounters.count) note(s)"))

        // A generation run is listed as notes written, and is never the `latest` graded run.
        let runs = try CLIRunner.run(["runs", "--store", store.path])
        #expect(runs.stdout.contains("\(Self.encounters.count) notes written by openai:scribe-sim@"))
        let latest = try CLIRunner.run(["report", "latest", "--store", store.path])
        #expect(latest.status == 2)
        #expect(latest.stderr.contains("the run database holds no graded runs"))
        let id = try #require(runs.stdout.split(separator: " ").first.map(String.init))
        let named = try CLIRunner.run(["report", id, "--store", store.path])
        #expect(named.status == 2 && named.stderr.contains("wrote notes (`scribegrade generate`) and graded nothing"), "\(named.stderr)")
    }
}
