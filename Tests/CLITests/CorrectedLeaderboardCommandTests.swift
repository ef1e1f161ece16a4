import Foundation
import Testing

/// `grade`, `statements` and `report` with `--ratings`: the leaderboard on the clinicians' scale.
@Suite struct CorrectedLeaderboardCommandTests {
    @Test func theStatementCheckOfPriMock57PrintsRawExpertsOnlyAndCorrectedScores() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("runs.sqlite").path
        let labels = "Examples/primock57/statement-labels.csv"
        let check = try CLIRunner.run([
            "statements", "--primock57-statements", "Examples/primock57/note_statements.csv",
            "--transcripts", "Examples/primock57/transcripts", "--judge", "baseline", "--store", store,
            "--ratings", labels, "--format", "json",
        ])
        #expect(check.status == 0, "\(check.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let systems = try #require(json["systems"] as? [[String: Any]])
        #expect(systems.count == 2)
        for system in systems {
            let corrected = try #require(system["corrected"] as? [String: Any])
            let experts = try #require(system["experts_only"] as? [String: Any])
            #expect((corrected["ci95"] as? [Double])?.count == 2)
            #expect((experts["expert_items"] as? Int ?? 0) > 100)
            #expect(corrected["expert_items"] as? Int == experts["expert_items"] as? Int)
        }
        #expect((json["correction"] as? [String: Any])?["ratings_matched"] as? Int == 254)

        let table = try CLIRunner.run(["report", "latest", "--store", store, "--ratings", labels])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("What clinicians would score — criterion level: 254 of 254 expert ratings matched"))
        #expect(table.stdout.contains("Corrected paired differences"))
    }

    @Test func ratingsThatCannotGiveAnUnbiasedScoreAreRefusedWithTheReason() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("runs.sqlite").path
        let grade = CLIRunner.fixtures.appendingPathComponent("grade")
        let graded = try CLIRunner.run([
            "grade", "--rubrics", grade.appendingPathComponent("rubrics").path, "--notes", grade.appendingPathComponent("notes").path,
            "--judge", "baseline", "--store", store,
        ])
        #expect(graded.status == 0, "\(graded.stderr)")
        let labels = directory.appendingPathComponent("labels.csv").path
        try "system,encounter,criterion,rater,verdict\nnobody,enc1,pc,dr,met\n".write(toFile: labels, atomically: true, encoding: .utf8)
        let unmatched = try CLIRunner.run(["report", "latest", "--store", store, "--ratings", labels])
        #expect(unmatched.status == 2)
        #expect(unmatched.stderr.contains("none of the 1 expert ratings names a judged criterion"))

        let report = try JSONSerialization.jsonObject(with: Data(try CLIRunner.run(["report", "latest", "--store", store, "--format", "json"]).stdout.utf8)) as? [String: Any]
        let notes = try #require(report?["notes"] as? [[String: Any]])
        var rows = ["system,encounter,criterion,rater,verdict"]
        for note in notes {
            for criterion in note["criteria"] as? [[String: Any]] ?? [] {
                rows.append("\(note["system"]!),\(note["encounter"]!),\(criterion["id"]!),dr,met")
            }
        }
        try (rows.joined(separator: "\n") + "\n").write(toFile: labels, atomically: true, encoding: .utf8)
        let refused = try CLIRunner.run(["report", "latest", "--store", store, "--ratings", labels, "--ratings-not-random"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("declared not random"))
        #expect(refused.stdout.isEmpty, "no leaderboard with a biased number")

        let noDimension = try CLIRunner.run(["report", "latest", "--store", store, "--ratings", "Examples/mts-dialog/ratings.csv"] + Self.mtsScales())
        #expect(noDimension.status == 2)
        #expect(noDimension.stderr.contains("need --dimension"))
    }

    static func mtsScales() throws -> [String] {
        try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("Examples/mts-dialog/scales.txt"), encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
