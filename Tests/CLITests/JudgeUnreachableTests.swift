import Foundation
import Testing

/// A judge whose provider is dead is not asked question by question: after a few connection
/// failures or 5xx in a row `grade` stops asking it, stores nothing as failed, names the host
/// and exits 4. Occasional 5xx below the breaker are retried and the run completes.
@Suite struct JudgeUnreachableTests {
    static let grade = CLIRunner.fixtures.appendingPathComponent("grade")

    func path(_ relative: String) -> String { Self.grade.appendingPathComponent(relative).path }

    /// A loopback port nothing listens on: bound, read and closed again.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        #expect(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func gradeArguments(judgeURL: String, store: URL, extra: [String] = []) -> [String] {
        ["grade", "--rubrics", path("rubrics"), "--notes", path("notes"), "--transcripts", path("transcripts"),
         "--judge", "openai:gpt-sim@\(judgeURL)/v1", "--concurrency", "4", "--store", store.path] + extra
    }

    /// The lines of stderr that report the error (not the command echoed to resume).
    func errorLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("error:") }
    }

    @Test func gradeAgainstAPortWhereNothingListensStopsAtTheBreakerExits4NamesTheHostAndStoresNoFailure() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let port = try Self.closedPort()
        let store = directory.appendingPathComponent("runs.sqlite")
        let grade = try CLIProcess(
            gradeArguments(judgeURL: "http://127.0.0.1:\(port)", store: store, extra: ["--unreachable-after", "5"]),
            in: directory, name: "grade")
        // Retried judgment by judgment, the 14 questions would take minutes of backoff.
        #expect(grade.waitForExit(seconds: 60), "stops without asking every question")
        #expect(grade.exitStatus == 4, "\(grade.errors)")
        let errors = errorLines(grade.errors)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("judge 'openai:gpt-sim' is unreachable at 127.0.0.1:\(port): 5 consecutive") == true, "\(errors)")
        #expect(errors.first?.contains("/v1") == false, "the error names the host, not the path")
        #expect(grade.errors.contains("0 of 14 judgments"))
        #expect(try StoreFile.judgmentCount(store) == 0, "nothing stored as failed")
        #expect(Array(try StoreFile.runStatuses(store).values) == ["incomplete"])
        #expect(grade.output.isEmpty, "no leaderboard")
    }

    @Test func gradeAgainstASimulatorAnsweringAlways500StopsAfterAtMostTheBreakerPlusConcurrencyAttempts() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let simulator = try SimulatorProcess(["--faults", "500=1", "--seed", "57"], requestLog: directory.appendingPathComponent("requests.jsonl"))
        defer { simulator.stop() }
        let store = directory.appendingPathComponent("runs.sqlite")
        let grade = try CLIProcess(gradeArguments(judgeURL: simulator.url, store: store), in: directory, name: "grade")
        #expect(grade.waitForExit(seconds: 60))
        #expect(grade.exitStatus == 4, "\(grade.errors)")
        let host = simulator.url.replacingOccurrences(of: "http://", with: "")
        #expect(errorLines(grade.errors).first?.contains("is unreachable at \(host): 10 consecutive") == true, "\(grade.errors)")
        #expect(errorLines(grade.errors).first?.contains("HTTP 500") == true)
        // The default breaker (10) plus the requests already in flight (4) when it opened.
        #expect(simulator.lineCount() <= 10 + 4, "asked \(simulator.lineCount()) times")
        #expect(try StoreFile.judgmentCount(store) == 0, "nothing stored as failed")
    }

    @Test func occasional500sBelowTheBreakerAreRetriedAndTheRunCompletes() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let log = directory.appendingPathComponent("requests.jsonl")
        let simulator = try SimulatorProcess(["--faults", "500=0.1", "--seed", "57"], requestLog: log)
        defer { simulator.stop() }
        let store = directory.appendingPathComponent("runs.sqlite")
        let grade = try CLIProcess(
            ["grade", "--rubrics", "Rubrics/primock57/day1_consultation01_clinician_1.yaml", "--notes", "Examples/primock57/notes",
             "--transcripts", "Examples/primock57/transcripts", "--judge", "openai:gpt-sim@\(simulator.url)/v1",
             "--concurrency", "4", "--unreachable-after", "5", "--store", store.path],
            in: directory, name: "grade")
        #expect(grade.waitForExit(seconds: 120))
        #expect(grade.exitStatus == 0, "\(grade.errors)")
        let statuses = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"status\":500") }
        #expect(statuses.count > 5, "the simulator answered 500 several times")
        #expect(try KillResumeTests.failedCount(store) == 0)
        #expect(try StoreFile.judgmentCount(store) == (try KillResumeTests.storedItems(store)).count)
    }
}
