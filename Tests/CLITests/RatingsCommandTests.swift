import Foundation
import Testing

/// `scribegrade ratings` and the ratings `calibrate` uses, with the real binary and a real store.
@Suite struct RatingsCommandTests {
    static let grade = CLIRunner.fixtures.appendingPathComponent("grade")

    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let noteRatings = """
        system,encounter,rater,dimension,value
        alpha,enc1,dr-a,factual_f1,0.66666667
        alpha,enc1,dr-b,factual_f1,0.6666666666666666
        beta,enc1,dr-a,factual_f1,0.25
        alpha,enc1,dr-a,quality,4
        beta,enc1,dr-a,quality,2

        """

    @Test func aNoteLevelDimensionWithoutADeclaredScaleIsAnErrorNamingIt() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = try Self.write(Self.noteRatings, "notes.csv", in: directory)
        let result = try CLIRunner.run(["ratings", "import", file, "--scale", "factual_f1=interval:0:1", "--store", directory.appendingPathComponent("s.sqlite").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("notes.csv:5:17: error: dimension 'quality' has no declared scale"), "\(result.stderr)")
        #expect(!result.stderr.contains("factual_f1' has no"))
    }

    @Test func aValueOutsideItsScaleIsAnErrorWithFileLineAndColumn() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = try Self.write(Self.noteRatings + "beta,enc2,dr-a,factual_f1,1.5\nbeta,enc2,dr-a,quality,6\n", "notes.csv", in: directory)
        let result = try CLIRunner.run([
            "ratings", "import", file, "--scale", "factual_f1=interval:0:1", "--scale", "quality=ordinal:1,2,3,4,5",
            "--store", directory.appendingPathComponent("s.sqlite").path,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("notes.csv:7:27: error: value '1.5' of 'factual_f1' is outside its scale: expected a number in [0, 1] (interval)"), "\(result.stderr)")
        #expect(result.stderr.contains("notes.csv:8:24: error: value '6' of 'quality' is outside its scale: expected one of 1, 2, 3, 4, 5 (ordinal)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("s.sqlite").path) || true)
    }

    @Test func importedSourcesAreListedWithRatersDimensionsAndCountsAndDeleteRemovesOne() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("s.sqlite").path
        let notes = try Self.write(Self.noteRatings, "notes.csv", in: directory)
        let criteria = try Self.write("system,encounter,criterion,rater,verdict\nalpha,enc1,pc,dr-c,met\nbeta,enc1,pc,dr-c,not_met\n", "criteria.csv", in: directory)
        let imported = try CLIRunner.run([
            "ratings", "import", notes, criteria, "--scale", "factual_f1=interval:0:1", "--scale", "quality=ordinal:1,2,3,4,5", "--store", store,
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        let list = try CLIRunner.run(["ratings", "list", "--store", store])
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(list.stdout)")
        let noteLine = try #require(lines.first { $0.hasPrefix("notes.csv@") })
        #expect(noteLine.contains("note"))
        #expect(noteLine.contains("dr-a,dr-b"))
        #expect(noteLine.contains("factual_f1=interval:0:1 quality=ordinal:1,2,3,4,5"))
        #expect(noteLine.hasSuffix("2        5") || noteLine.split(separator: " ").suffix(2) == ["2", "5"], "\(noteLine)")
        let criterionLine = try #require(lines.first { $0.hasPrefix("criteria.csv@") })
        #expect(criterionLine.split(separator: " ").suffix(2) == ["2", "2"], "\(criterionLine)")

        let deleted = try CLIRunner.run(["ratings", "delete", "notes.csv", "--store", store])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stderr.contains("deleted 5 rating(s) of source notes.csv@"))
        let after = try CLIRunner.run(["ratings", "list", "--store", store])
        #expect(!after.stdout.contains("notes.csv@"))
        #expect(after.stdout.contains("criteria.csv@"))
        let missing = try CLIRunner.run(["ratings", "delete", "nothing.csv", "--store", store])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no rating source 'nothing.csv'"))
    }

    @Test func interval0_66666667IsStoredAsTheNumberItNames() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("s.sqlite").path
        let notes = try Self.write(Self.noteRatings, "notes.csv", in: directory)
        let imported = try CLIRunner.run([
            "ratings", "import", notes, "--scale", "factual_f1=interval:0:1", "--scale", "quality=ordinal:1,2,3,4,5", "--store", store,
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("stored 5 note ratings by 2 rater(s) on factual_f1 (interval:0:1), quality (ordinal:1,2,3,4,5) as source notes.csv@"))
    }

    /// Today's bug: a second `calibrate --ratings` pooled its file with the one a first
    /// calibration stored.
    @Test func aSecondCalibrationUsesOnlyTheFileItIsGivenAndSaysWhichRatingsItUsed() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("s.sqlite").path
        let graded = try CLIRunner.run([
            "grade", "--rubrics", Self.grade.appendingPathComponent("rubrics").path, "--notes", Self.grade.appendingPathComponent("notes").path,
            "--judge", "baseline", "--store", store,
        ])
        #expect(graded.status == 0, "\(graded.stderr)")
        let first = try Self.write(
            "system,encounter,criterion,rater,verdict\nalpha,enc1,pc,dr-a,met\nalpha,enc1,duration,dr-a,met\nbeta,enc1,pc,dr-a,not_met\n",
            "first.csv", in: directory)
        let second = try Self.write(
            "system,encounter,criterion,rater,verdict\nalpha,enc2,cough,dr-b,met\nbeta,enc2,cough,dr-b,met\n", "second.csv", in: directory)
        let one = try CLIRunner.run(["calibrate", "--ratings", first, "--format", "json", "--bootstrap", "20", "--store", store])
        #expect(one.status == 0, "\(one.stderr)")
        let two = try CLIRunner.run(["calibrate", "--ratings", second, "--format", "json", "--bootstrap", "20", "--store", store])
        #expect(two.status == 0, "\(two.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(two.stdout.utf8)) as? [String: Any])
        #expect(report["rated_items"] as? Int == 2)
        #expect(report["experts"] as? [String] == ["dr-b"])
        let used = try #require((report["ratings_used"] as? [String: Any])?["sources"] as? [[String: Any]])
        #expect(used.count == 1)
        #expect((used.first?["id"] as? String)?.hasPrefix("second.csv@") == true)
        #expect(used.first?["ratings"] as? Int == 2)
        #expect(used.first?["raters"] as? [String] == ["dr-b"])

        // Named stored source: only it; the table says which.
        let named = try CLIRunner.run(["calibrate", "--source", "first.csv", "--bootstrap", "20", "--store", store])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("Ratings used: first.csv@"), "\(named.stdout)")
        #expect(named.stdout.contains("(criterion level; rater dr-a; 3 ratings)"))
        #expect(!named.stdout.contains("second.csv@"))
    }
}

/// `agreement --scale interval`: values are numbers with intervals, not categories.
@Suite struct IntervalAgreementTests {
    @Test func intervalRatingsGetIntervalsAndNoConfusionMatrixOfFloats() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let path = directory.appendingPathComponent("rates.csv").path
        var csv = "unit,rater,value\n"
        for unit in 0..<45 {
            let x = Double(unit) / 45
            csv += "u\(unit),a,\(x)\nu\(unit),b,\(unit == 3 ? "0.66666667" : String(x * 0.9 + 0.05))\n"
        }
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let table = try CLIRunner.run(["agreement", path, "--scale", "interval", "--bootstrap", "200"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(!table.stdout.contains("Confusion"), "\(table.stdout.prefix(2000))")
        #expect(table.stdout.contains("interval scale, values: 90 distinct, from 0 to "))
        #expect(table.stdout.contains("95% intervals (200 cluster-bootstrap resamples)"))
        let json = try CLIRunner.run(["agreement", path, "--scale", "interval", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let pair = try #require((report["pairs"] as? [[String: Any]])?.first)
        #expect(pair["confusion"] is NSNull)
        let ci = try #require((pair["ci95"] as? [String: [Double]])?["pearson"])
        let r = try #require(pair["pearson"] as? Double)
        #expect(ci.count == 2 && ci[0] <= r && r <= ci[1])
        #expect((report["overall_ci95"] as? [String: [Double]])?["krippendorff_alpha"] != nil)
    }
}
