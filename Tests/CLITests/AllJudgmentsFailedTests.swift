import Foundation
import Testing

/// A system whose every judgment failed showed "Score 0.000" and the command exited 0. `grade`
/// exits 3 and shows no score for it, whatever --max-failed-share says; `report` of the stored
/// run exits 0 (it printed what is stored, as its --help says) and says how many judgments
/// failed wherever it counts.
@Suite struct AllJudgmentsFailedTests {
    /// The fixture and `grade` arguments of the exit-status tests.
    let fixture = ExitStatusTests()

    /// The fixture's verdicts without any of beta's: all 7 of beta's judgments fail, none of alpha's 7.
    func verdictsWithoutBeta(in directory: URL) throws -> URL {
        let all = try String(contentsOf: ExitStatusTests.grade.appendingPathComponent("verdicts.csv"), encoding: .utf8)
        let file = directory.appendingPathComponent("verdicts.csv")
        try (all.split(separator: "\n").filter { !$0.hasPrefix("beta,") }.joined(separator: "\n") + "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    func gradeArguments(verdicts: URL, store: URL) -> [String] { fixture.gradeArguments(verdicts: verdicts, store: store) }

    @Test("grade shows no score for a system whose every judgment failed, even with --max-failed-share 100%, and exits 3")
    func gradeShowsNoScore() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let verdicts = try verdictsWithoutBeta(in: directory)
        let result = try CLIRunner.run(
            gradeArguments(verdicts: verdicts, store: directory.appendingPathComponent("runs.sqlite")) + ["--max-failed-share", "100%"])
        #expect(result.status == 3, "\(result.stderr)")
        let beta = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("beta ") })
        #expect(!beta.contains("0."), "beta's score and interval are not shown: \(beta)")
        #expect(beta.contains("—"))
        #expect(result.stdout.contains("† beta: 100% of its judgments failed (all 7): no score"), "\(result.stdout)")
        #expect(!result.stdout.contains("alpha − beta"), "no paired difference with a system that has no score")
        #expect(result.stdout.contains("7 of 14 judgments failed and are left out of the scores"))
    }

    @Test("JSON gives a system whose every judgment failed no score: null, not 0")
    func jsonHasNullScore() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let verdicts = try verdictsWithoutBeta(in: directory)
        let result = try CLIRunner.run(
            gradeArguments(verdicts: verdicts, store: directory.appendingPathComponent("runs.sqlite"))
                + ["--format", "json", "--max-failed-share", "1"])
        #expect(result.status == 3)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let systems = try #require(json["systems"] as? [[String: Any]])
        let beta = try #require(systems.first { $0["system"] as? String == "beta" })
        #expect(beta["score"] is NSNull, "\(beta)")
        #expect(beta["mean_raw"] is NSNull)
        #expect(beta["ranked"] as? Bool == false)
        #expect(beta["failed"] as? Int == 7)
        let alpha = try #require(systems.first { $0["system"] as? String == "alpha" })
        #expect(alpha["score"] as? Double == 0.875)
    }

    @Test("the CSV leaderboard leaves the score of a system whose every judgment failed empty, not 0")
    func csvHasNoScore() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run(
            gradeArguments(verdicts: try verdictsWithoutBeta(in: directory), store: directory.appendingPathComponent("runs.sqlite"))
                + ["--format", "csv"])
        #expect(result.status == 3)
        let beta = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("beta,") })
        #expect(beta.hasPrefix("beta,,,,0,0,7,"), "\(beta)")
    }

    @Test("report of the stored run exits 0, says so in --help, and counts the failed judgments in table and HTML")
    func reportSaysSo() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("runs.sqlite")
        _ = try CLIRunner.run(gradeArguments(verdicts: try verdictsWithoutBeta(in: directory), store: store))
        let report = try CLIRunner.run(["report", "latest", "--store", store.path])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("7 of 14 judgments failed and are left out of the scores"))
        #expect(report.stdout.contains("† beta: 100% of its judgments failed (all 7): no score"))
        let html = try CLIRunner.run(["report", "latest", "--format", "html", "--store", store.path])
        #expect(html.stdout.contains("7 of 14 judgments failed and are left out of the scores"))
        let help = try CLIRunner.run(["report", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("Exit status: 0 the report was printed, also when judgments failed"), "\(help)")
    }
}
