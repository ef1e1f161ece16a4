import Foundation
import Testing

@Suite struct CalibrateCommandTests {
    @Test func statementCheckOfPriMock57IsCalibratedAgainstTheClinicianLabels() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("runs.sqlite").path
        let labels = directory.appendingPathComponent("labels.csv").path

        let imported = try CLIRunner.run(["import", "primock57-statement-labels", "Examples/primock57/note_statements.csv", "--output", labels])
        #expect(imported.status == 0, "\(imported.stderr)")
        // The committed labels are exactly what the importer produces.
        let committed = try String(contentsOfFile: CLIRunner.packageRoot.appendingPathComponent("Examples/primock57/statement-labels.csv").path, encoding: .utf8)
        #expect(try String(contentsOfFile: labels, encoding: .utf8) == committed)

        let check = try CLIRunner.run([
            "statements", "--primock57-statements", "Examples/primock57/note_statements.csv",
            "--transcripts", "Examples/primock57/transcripts", "--judge", "baseline", "--format", "json", "--store", store,
        ])
        #expect(check.status == 0, "\(check.stderr)")
        let run = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(run["task"] as? String == "statement_support")
        #expect((run["notes"] as? [Any])?.count == 40)

        let calibrate = try CLIRunner.run(["calibrate", "latest", "--ratings", labels, "--format", "json", "--bootstrap", "200", "--store", store])
        #expect(calibrate.status == 0, "\(calibrate.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(calibrate.stdout.utf8)) as? [String: Any])
        #expect(report["rated_items"] as? Int == 254)
        #expect(report["experts"] as? [String] == ["primock57-clinician"])
        #expect(report["ceiling"] == nil || report["ceiling"] is NSNull)
        let judge = try #require((report["judges"] as? [[String: Any]])?.first)
        #expect(judge["kind"] as? String == "lexical baseline, not an LLM")
        let summary = try #require(judge["vs_consensus"] as? [String: Any])
        #expect(summary["n"] as? Int == 254)
        let confusion = try #require(summary["confusion"] as? [[Double]])
        // 210 statements labelled correct and 44 incorrect: the columns (expert verdicts) say so.
        #expect(confusion[0][0] + confusion[1][0] == 210)
        #expect(confusion[0][1] + confusion[1][1] == 44)
        let agreement = try #require(summary["percent_agreement"] as? Double)
        #expect(abs(agreement - (confusion[0][0] + confusion[1][1]) / 254) < 1e-12)

        let html = try CLIRunner.run(["calibrate", "latest", "--format", "html", "--bootstrap", "50", "--store", store])
        #expect(html.stdout.contains("<svg"))
        #expect(html.stdout.contains("Confusion matrices"))
    }

    @Test func calibrateWithoutRatingsSaysWhatToDo() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("runs.sqlite").path
        let grade = CLIRunner.fixtures.appendingPathComponent("grade")
        _ = try CLIRunner.run([
            "grade", "--rubrics", grade.appendingPathComponent("rubrics").path, "--notes", grade.appendingPathComponent("notes").path,
            "--judge", "baseline", "--store", store,
        ])
        let result = try CLIRunner.run(["calibrate", "--store", store])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no expert ratings"))
        let bad = directory.appendingPathComponent("bad.csv")
        try "system,encounter,criterion,rater,verdict\nalpha,enc1,pc,dr,maybe\n".write(to: bad, atomically: true, encoding: .utf8)
        let rejected = try CLIRunner.run(["calibrate", "--ratings", bad.path, "--store", store])
        #expect(rejected.status == 2)
        #expect(rejected.stderr.contains("bad.csv:2: error: verdict must be 'met' or 'not_met', found 'maybe'"))
    }
}
