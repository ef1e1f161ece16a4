import Foundation
import Testing

/// `--timeout SECONDS` on the commands that ask judges: it replaces every LLM judge's
/// per-request timeout, and must be a number of seconds > 0.
@Suite struct TimeoutOptionTests {
    static func gradeArguments(judgeURL: String, store: URL) -> [String] {
        ["grade", "--rubrics", "Rubrics/primock57/day1_consultation01_clinician_1.yaml", "--notes", "Examples/primock57/notes",
         "--transcripts", "Examples/primock57/transcripts", "--judge", "openai:gpt-sim@\(judgeURL)/v1", "--store", store.path]
    }

    @Test("--timeout 0 or a non-number is refused with a clear error before anything is asked")
    func aTimeoutOfZeroIsRefused() throws {
        let directory = try CLIRunner.temporaryDirectory()
        for value in ["0", "-1", "soon"] {
            let expected = value == "soon" ? "The value 'soon' is invalid for '--timeout" : "--timeout must be a number of seconds > 0."
            let result = try CLIRunner.run(Self.gradeArguments(judgeURL: "http://127.0.0.1:9", store: directory.appendingPathComponent("runs.sqlite"))
                + ["--timeout=\(value)"])
            #expect(result.status == 64, "\(value): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(value): \(result.stderr)")
        }
    }

    @Test("--timeout replaces the judge's 60 s: against a server answering in 5 s, requests time out within a second")
    func theTimeoutOptionShortensEveryRequest() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let simulator = try SimulatorProcess(["--latency-ms", "5000", "--jitter-ms", "0"])
        defer { simulator.stop() }
        let store = directory.appendingPathComponent("runs.sqlite")
        let grade = try CLIProcess(
            Self.gradeArguments(judgeURL: simulator.url, store: store) + ["--timeout", "0.3", "--unreachable-after", "2"],
            in: directory, name: "grade")
        #expect(grade.waitForExit(seconds: 60))
        #expect(grade.exitStatus == 4, "\(grade.errors)")
        #expect(grade.errors.contains("request timed out"), "\(grade.errors)")
    }
}
