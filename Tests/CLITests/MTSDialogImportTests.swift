import Foundation
import Testing

/// `scribegrade import mts-dialog` with the real binary, and the bundled result.
@Suite struct MTSDialogImportTests {
    static let dialogues = """
        id,section_header,reference_summary,dialogue
        mts900,FAM/SOCHX,Non-contributory,"Doctor: Any family history?
        Patient: No, nothing."
        mts901,MEDICATIONS,Accutane.,"Doctor: Any medications?
        Patient: Just Accutane."

        """

    static func summaries(_ badValue: String) -> String {
        """
        id,system,summary,factual_precision,factual_recall,factual_f1,hallucination_rate,omission_rate,edit_distance
        mts900,system1,Noncontributory.,1,1,1,0,0,0
        mts901,system1,Takes Accutane.,1,0.5,0.66666667,0,-1,0.25
        mts901,system2,No medications.,0,0,0,1,\(badValue),1

        """
    }

    @Test func importsDialoguesReferencesSummariesAndScoresAsNoteRatings() throws {
        let from = try CLIRunner.temporaryDirectory()
        let to = try CLIRunner.temporaryDirectory()
        try Self.dialogues.write(to: from.appendingPathComponent("dialogues.csv"), atomically: true, encoding: .utf8)
        try Self.summaries("1").write(to: from.appendingPathComponent("summaries_rated.csv"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["import", "mts-dialog", "--from", from.path, "--to", to.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("wrote 2 transcripts and reference notes, 3 notes of 2 systems and 17 ratings"))
        #expect(result.stderr.contains("1 score(s) of -1"))
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: to.appendingPathComponent("transcripts/mts900.json").path))
        #expect(try String(contentsOf: to.appendingPathComponent("reference-notes/mts900.txt"), encoding: .utf8) == "Non-contributory\n")
        #expect(try String(contentsOf: to.appendingPathComponent("notes/system2/mts901.txt"), encoding: .utf8) == "No medications.\n")
        let ratings = try String(contentsOf: to.appendingPathComponent("ratings.csv"), encoding: .utf8)
        #expect(ratings.hasPrefix("system,encounter,rater,dimension,value\nsystem1,mts900,mts-dialog-expert,factual_precision,1\n"))
        #expect(ratings.contains("system1,mts901,mts-dialog-expert,factual_f1,0.66666667\n"))
        #expect(!ratings.contains("system1,mts901,mts-dialog-expert,omission_rate"))
        let scales = try String(contentsOf: to.appendingPathComponent("scales.txt"), encoding: .utf8)
            .split(whereSeparator: { $0 == "\n" || $0 == " " }).map(String.init)
        let store = to.appendingPathComponent("s.sqlite").path
        let imported = try CLIRunner.run(["ratings", "import", to.appendingPathComponent("ratings.csv").path] + scales + ["--store", store])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("stored 17 note ratings by 1 rater(s)"))
        // The drafted rubric of the one-word reference has its one criterion.
        let draft = try CLIRunner.run(["rubric", "draft", "--reference", to.appendingPathComponent("reference-notes/mts900.txt").path, "--encounter", "mts900"])
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.contains("text: Non-contributory."))
    }

    @Test func aScoreOutsideZeroToOneIsAnErrorAtItsFileLineAndColumnAndNothingIsWritten() throws {
        let from = try CLIRunner.temporaryDirectory()
        let to = try CLIRunner.temporaryDirectory().appendingPathComponent("out")
        try Self.dialogues.write(to: from.appendingPathComponent("dialogues.csv"), atomically: true, encoding: .utf8)
        try Self.summaries("1.5").write(to: from.appendingPathComponent("summaries_rated.csv"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["import", "mts-dialog", "--from", from.path, "--to", to.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("summaries_rated.csv:4:40: error: omission_rate '1.5' of system2/mts901 is outside its scale: expected a number in [0, 1] (interval)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: to.path))
    }

    @Test func theBundledRatingsImportOnTheBundledScales() throws {
        let root = CLIRunner.packageRoot.appendingPathComponent("Examples/mts-dialog")
        let scales = try String(contentsOf: root.appendingPathComponent("scales.txt"), encoding: .utf8)
            .split(whereSeparator: { $0 == "\n" || $0 == " " }).map(String.init)
        let store = try CLIRunner.temporaryDirectory().appendingPathComponent("s.sqlite").path
        let imported = try CLIRunner.run(["ratings", "import", "Examples/mts-dialog/ratings.csv"] + scales + ["--store", store])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("stored 1198 note ratings by 1 rater(s)"))
        let rubrics = try FileManager.default.contentsOfDirectory(atPath: CLIRunner.packageRoot.appendingPathComponent("Rubrics/mts-dialog").path)
        #expect(rubrics.filter { $0.hasSuffix(".yaml") }.count == 50)
    }
}

/// `calibrate` with note-level ratings: the judge's note scores against the MTS-Dialog scores.
@Suite struct NoteLevelCalibrateTests {
    @Test func noteLevelRatingsGiveEachDimensionsCorrelationsWithIntervalsAndFlagTheWrongSign() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("s.sqlite").path
        let graded = try CLIRunner.run([
            "grade", "--rubrics", "Rubrics/mts-dialog", "--notes", "Examples/mts-dialog/notes", "--judge", "baseline", "--store", store,
        ])
        #expect(graded.status == 0, "\(graded.stderr)")
        let scales = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("Examples/mts-dialog/scales.txt"), encoding: .utf8)
            .split(whereSeparator: { $0 == "\n" || $0 == " " }).map(String.init)
        let result = try CLIRunner.run(
            ["calibrate", "latest", "--ratings", "Examples/mts-dialog/ratings.csv"] + scales + ["--format", "json", "--bootstrap", "200", "--store", store])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rows = try #require(report["note_level"] as? [[String: Any]])
        #expect(rows.map { $0["dimension"] as? String } == [
            "edit_distance", "factual_f1", "factual_precision", "factual_recall", "hallucination_rate", "omission_rate",
        ])
        for row in rows {
            #expect(Set(row.keys) == ["dimension", "judge", "n", "failed", "expected_sign", "flagged", "pearson", "spearman", "kendall_tau_b", "icc_a1", "icc_c1",
                "quadratic_kappa", "system_level", "expert_ceiling"])
            #expect(row["quadratic_kappa"] is NSNull)  // every MTS-Dialog dimension is an interval
            #expect((row["system_level"] as? [String: Any])?["systems"] as? Int == 4)
            let pearson = try #require(row["pearson"] as? [String: Any])
            let r = try #require(pearson["value"] as? Double)
            let ci = try #require(pearson["ci95"] as? [Double])
            #expect(ci[0] <= r && r <= ci[1])
            let expected = row["expected_sign"] as? String
            #expect(row["flagged"] as? Bool == (expected == "negative" ? r > 0 : r < 0))
        }
        let omission = try #require(rows.first { $0["dimension"] as? String == "omission_rate" })
        #expect(omission["expected_sign"] as? String == "negative")
        #expect(omission["n"] as? Int == 198)  // two omission rates of -1 are not ratings
        #expect(rows.first { $0["dimension"] as? String == "factual_f1" }?["n"] as? Int == 200)
        let table = try CLIRunner.run(["calibrate", "latest", "--source", "ratings.csv", "--bootstrap", "50", "--store", store])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Note level: judge's note score (raw) vs the experts' mean rating"))
        #expect(table.stdout.contains("Ratings used: ratings.csv@"))
    }
}
