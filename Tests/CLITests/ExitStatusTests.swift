import Foundation
import Testing

/// `grade` says through its exit status whether every judgment got a verdict, and its
/// leaderboard does not rank a system too many of whose judgments failed.
@Suite struct ExitStatusTests {
    static let grade = CLIRunner.fixtures.appendingPathComponent("grade")

    func path(_ relative: String) -> String { Self.grade.appendingPathComponent(relative).path }

    /// The fixture's verdicts without beta's on enc2: 3 of beta's 7 judgments fail ("no verdict
    /// in replay file"), none of alpha's.
    func verdictsMissingBetaEnc2(in directory: URL) throws -> URL {
        let all = try String(contentsOf: Self.grade.appendingPathComponent("verdicts.csv"), encoding: .utf8)
        let kept = all.split(separator: "\n").filter { !$0.hasPrefix("beta,enc2,") }.joined(separator: "\n") + "\n"
        let file = directory.appendingPathComponent("verdicts.csv")
        try kept.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    func gradeArguments(verdicts: URL, store: URL) -> [String] {
        ["grade", "--rubrics", path("rubrics"), "--notes", path("notes"), "--judge", "replay:\(verdicts.path)", "--store", store.path]
    }

    @Test func gradeWithFailedJudgmentsExits3AndTheTableDoesNotRankTheSystemAboveTheMaxFailedShare() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let verdicts = try verdictsMissingBetaEnc2(in: directory)
        let result = try CLIRunner.run(gradeArguments(verdicts: verdicts, store: directory.appendingPathComponent("runs.sqlite")))
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("3 failed (run the same command again to retry them)"))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let alpha = try #require(lines.first { $0.hasPrefix("alpha ") })
        let beta = try #require(lines.first { $0.hasPrefix("beta ") })
        #expect(alpha.contains("0.875"))
        #expect(!beta.contains("0."), "beta's score and interval are not shown: \(beta)")
        #expect(beta.contains("—"))
        #expect(result.stdout.contains("† beta: 42.9% of its judgments failed (above --max-failed-share 5%): not ranked"))
        #expect(lines.firstIndex(of: alpha)! < lines.firstIndex(of: beta)!, "ranked systems first")
        #expect(!result.stdout.contains("alpha − beta"), "no paired difference with a system not ranked")
    }

    @Test func jsonMarksTheSystemAboveTheMaxFailedShareNotRanked() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let verdicts = try verdictsMissingBetaEnc2(in: directory)
        let result = try CLIRunner.run(gradeArguments(verdicts: verdicts, store: directory.appendingPathComponent("runs.sqlite")) + ["--format", "json"])
        #expect(result.status == 3)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let systems = try #require(json["systems"] as? [[String: Any]])
        let alpha = try #require(systems.first { $0["system"] as? String == "alpha" })
        let beta = try #require(systems.first { $0["system"] as? String == "beta" })
        #expect(alpha["ranked"] as? Bool == true)
        #expect(alpha["failed_share"] as? Double == 0)
        #expect(beta["ranked"] as? Bool == false)
        #expect(abs((beta["failed_share"] as? Double ?? 0) - 3.0 / 7.0) < 1e-12)
        #expect(beta["failed"] as? Int == 3, "existing fields are kept")
        #expect(beta["score"] != nil)
        #expect(json["max_failed_share"] as? Double == 0.05)
    }

    @Test func aHigherMaxFailedShareRanksTheSystemButTheExitStatusStillSaysJudgmentsFailed() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let verdicts = try verdictsMissingBetaEnc2(in: directory)
        let result = try CLIRunner.run(gradeArguments(verdicts: verdicts, store: directory.appendingPathComponent("runs.sqlite")) + ["--max-failed-share", "50%"])
        #expect(result.status == 3)
        #expect(!result.stdout.contains("not ranked"))
        #expect(result.stdout.contains("alpha − beta"))
        let bad = try CLIRunner.run(gradeArguments(verdicts: verdicts, store: directory.appendingPathComponent("runs.sqlite")) + ["--max-failed-share", "150%"])
        #expect(bad.status == 64, "a share above 100% is a usage error")
    }

    @Test func reportOfAStoredRunWithFailuresSaysWhichSystemIsNotRanked() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("runs.sqlite")
        let verdicts = try verdictsMissingBetaEnc2(in: directory)
        _ = try CLIRunner.run(gradeArguments(verdicts: verdicts, store: store))
        let report = try CLIRunner.run(["report", "latest", "--store", store.path])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("† beta: 42.9% of its judgments failed (above --max-failed-share 5%): not ranked"))
        let json = try CLIRunner.run(["report", "latest", "--format", "json", "--max-failed-share", "0.5", "--store", store.path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["systems"] as? [[String: Any]])?.allSatisfy { $0["ranked"] as? Bool == true } == true)
    }

    @Test func theHTMLReportDoesNotRankTheSystemAboveTheMaxFailedShareEither() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("runs.sqlite")
        let verdicts = try verdictsMissingBetaEnc2(in: directory)
        _ = try CLIRunner.run(gradeArguments(verdicts: verdicts, store: store))
        let html = try CLIRunner.run(["report", "latest", "--format", "html", "--store", store.path])
        #expect(html.status == 0, "\(html.stderr)")
        let leaderboard = try #require(html.stdout.components(separatedBy: "<h2>Notes</h2>").first)
        let betaRow = try #require(leaderboard.components(separatedBy: "<tr>").first { $0.hasPrefix("<td>beta") })
        #expect(betaRow.contains("—"), "beta's score is not shown: \(betaRow)")
        #expect(!betaRow.contains("0."), "neither its score nor its interval: \(betaRow)")
        #expect(leaderboard.contains("beta: 42.9% of its judgments failed (above --max-failed-share 5%): not ranked"))
        #expect(!leaderboard.contains("alpha − beta"), "no paired difference with a system not ranked")
        #expect(!leaderboard.contains(">beta</text>"), "beta is not drawn in the chart")
    }

    @Test func gradeAgainstASimulatorAnsweringOnlyMalformedAnswersExits3AndRanksNoSystem() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let simulator = try SimulatorProcess(["--faults", "malformed=1", "--seed", "57"])
        defer { simulator.stop() }
        let result = try CLIRunner.run([
            "grade", "--rubrics", path("rubrics"), "--notes", path("notes"), "--transcripts", path("transcripts"),
            "--judge", "openai:gpt-sim@\(simulator.url)/v1", "--store", directory.appendingPathComponent("runs.sqlite").path,
        ])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.contains("† alpha: 100% of its judgments failed"))
        #expect(result.stdout.contains("† beta: 100% of its judgments failed"))
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("alpha ") || $0.hasPrefix("beta ") }
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { !$0.contains("0.") && $0.contains("—") }, "no score is shown: \(rows)")
    }

    @Test func aCleanRunExits0AndRanksEverySystem() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run(
            gradeArguments(verdicts: Self.grade.appendingPathComponent("verdicts.csv"), store: directory.appendingPathComponent("runs.sqlite")) + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((json["systems"] as? [[String: Any]])?.map { $0["ranked"] as? Bool } == [true, true])
    }

    @Test(arguments: ["grade", "statements"])
    func helpDocumentsEveryExitStatus(command: String) throws {
        let help = try CLIRunner.run([command, "--help"])
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for status in [
            "0 every judgment stored with a verdict", "1 error", "2 input error", "64 usage error", "3 some judgments failed",
            "4 a judge is unreachable", "130 interrupted by Ctrl-C",
        ] {
            #expect(text.contains(status), "\(command) --help documents exit status '\(status)'")
        }
        #expect(text.contains("--max-failed-share"))
        #expect(text.contains("--unreachable-after"))
    }
}
