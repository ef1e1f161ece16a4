import Foundation
import Testing

/// Held-out splits: tune and calibrate on dev encounters, rank on test ones.
@Suite struct SplitCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func encounters(of report: [String: Any]) -> Set<String> {
        Set((report["notes"] as? [[String: Any]] ?? []).compactMap { $0["encounter"] as? String })
    }

    @Test func gradeReportAndCalibrateSeeOnlyTheirPartAndSaySo() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("runs.sqlite").path
        let file = directory.appendingPathComponent("split.json").path
        let made = try CLIRunner.run(["split", "--rubrics", "Rubrics/primock57", "--dev", "0.5", "--seed", "7", "--output", file])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("10 dev and 10 test encounters (seed 7)"))
        let again = try CLIRunner.run(["split", "--rubrics", "Rubrics/primock57", "--seed", "8", "--output", file])
        #expect(again.status == 2 && again.stderr.contains("--force replaces it"), "a split in use is not overwritten")
        let parts = try #require(try Self.json(String(contentsOfFile: file, encoding: .utf8))["encounters"] as? [String: String])
        let dev = Set(parts.filter { $0.value == "dev" }.keys), test = Set(parts.filter { $0.value == "test" }.keys)

        let graded = try CLIRunner.run([
            "grade", "--rubrics", "Rubrics/primock57", "--notes", "Examples/primock57/notes", "--judge", "baseline",
            "--split", "test", "--split-file", file, "--format", "json", "--store", store,
        ])
        #expect(graded.status == 0, "\(graded.stderr)")
        let heldOut = try Self.json(graded.stdout)
        #expect(Self.encounters(of: heldOut) == test)
        #expect((heldOut["split"] as? [String: Any])?["part"] as? String == "test")
        let table = try CLIRunner.run(["report", "latest", "--store", store])
        #expect(table.stdout.contains("Only the encounters of split test: 10 of 20 encounters (split.json@"), "the run records its split")

        let full = try CLIRunner.run([
            "grade", "--rubrics", "Rubrics/primock57", "--notes", "Examples/primock57/notes", "--judge", "baseline",
            "--format", "json", "--store", store,
        ])
        let all = try Self.json(full.stdout)
        #expect(Self.encounters(of: all) == dev.union(test))
        let devReport = try Self.json(try CLIRunner.run(["report", "latest", "--split", "dev", "--split-file", file, "--format", "json", "--store", store]).stdout)
        #expect(Self.encounters(of: devReport) == dev)

        // A clinician rated every criterion of system note1: calibrating on dev uses dev's only.
        var rows = ["system,encounter,rubric,criterion,rater,verdict"]
        var devRows = 0
        for note in all["notes"] as? [[String: Any]] ?? [] where note["system"] as? String == "note1" {
            let encounter = note["encounter"] as! String
            for criterion in note["criteria"] as? [[String: Any]] ?? [] {
                rows.append("note1,\(encounter),\(note["rubric"]!),\(criterion["id"]!),dr,met")
                if dev.contains(encounter) { devRows += 1 }
            }
        }
        let ratings = directory.appendingPathComponent("ratings.csv").path
        try (rows.joined(separator: "\n") + "\n").write(toFile: ratings, atomically: true, encoding: .utf8)
        let calibrated = try CLIRunner.run([
            "calibrate", "latest", "--ratings", ratings, "--split", "dev", "--split-file", file, "--bootstrap", "20", "--format", "json", "--store", store,
        ])
        #expect(calibrated.status == 0, "\(calibrated.stderr)")
        let calibration = try Self.json(calibrated.stdout)
        #expect(calibration["rated_items"] as? Int == devRows)
        #expect((calibration["split"] as? [String: Any])?["part"] as? String == "dev")

        let missing = try CLIRunner.run(["report", "latest", "--split", "dev", "--split-file", directory.appendingPathComponent("none.json").path, "--store", store])
        #expect(missing.status == 2 && missing.stderr.contains("write one with `scribegrade split"))
    }
}
