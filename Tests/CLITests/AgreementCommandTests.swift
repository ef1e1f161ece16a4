import Foundation
import Testing

@Suite struct AgreementCommandTests {
    static let directory = "Tests/CLITests/Fixtures/agreement"

    func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CLIRunner.run(["agreement"] + arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func jsonFollowsTheContractOnAnOrdinalScale() throws {
        let report = try json(["\(Self.directory)/ordinal.csv", "--scale", "ordinal"])
        #expect(Set(report.keys) == ["scale", "units", "raters", "overall", "pairs", "icc2_1"])
        #expect(report["scale"] as? String == "ordinal")
        #expect(report["units"] as? Int == 5)
        #expect(report["raters"] as? [String] == ["b", "a", "c"])  // order of first appearance
        #expect(report["icc2_1"] is NSNull)  // ordinal, not interval
        let overall = try #require(report["overall"] as? [String: Any])
        #expect(overall["fleiss_kappa"] is NSNull)  // not nominal
        // krippendorff.alpha(..., level_of_measurement="ordinal")
        #expect(abs((overall["krippendorff_alpha"] as? Double ?? 0) - 0.9090909090909091) < 1e-12)
        let pairs = try #require(report["pairs"] as? [[String: Any]])
        #expect(pairs.map { "\($0["a"]!)-\($0["b"]!)" } == ["b-a", "b-c", "a-c"])
        let first = pairs[0]
        #expect(first["n"] as? Int == 5)
        // cohen_kappa_score(b, a, weights="quadratic", labels=[1..5]); kappa; kendalltau
        #expect(abs((first["quadratic_weighted_kappa"] as? Double ?? 0) - 0.8611111111111112) < 1e-12)
        #expect(abs((first["cohen_kappa"] as? Double ?? 0) - 0.5) < 1e-12)
        #expect(abs((first["kendall_tau_b"] as? Double ?? 0) - 0.8888888888888888) < 1e-12)
        #expect(first["macro_f1"] is NSNull)  // five labels, not binary
        let confusion = try #require(first["confusion"] as? [String: Any])
        #expect(confusion["labels"] as? [Double] == [1, 2, 3, 4, 5])
        #expect(confusion["matrix"] as? [[Int]] == [[0, 1, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 1], [0, 0, 0, 0, 0]])
        // b and c share one unit on which both said 4: every statistic but agreement is undefined.
        let single = pairs[1]
        #expect(single["n"] as? Int == 1)
        #expect(single["percent_agreement"] as? Double == 1)
        for key in ["cohen_kappa", "quadratic_weighted_kappa", "pearson", "spearman", "kendall_tau_b"] {
            #expect(single[key] is NSNull, "\(key)")
        }
    }

    @Test func jsonOnBinaryVerdictsHasMacroF1AndFleissOnlyWhenCountsAreEqual() throws {
        let report = try json(["\(Self.directory)/judge-vs-clinicians.csv"])
        #expect(report["scale"] as? String == "nominal")
        let overall = try #require(report["overall"] as? [String: Any])
        #expect(overall["fleiss_kappa"] is NSNull)  // clinician-2 missed two criteria
        #expect(abs((overall["gwet_ac1"] as? Double ?? 0) - 0.6089318044659021) < 1e-12)
        let pairs = try #require(report["pairs"] as? [[String: Any]])
        #expect(abs((pairs[0]["macro_f1"] as? Double ?? 0) - 0.7777777777777777) < 1e-12)
        #expect(pairs[0]["pearson"] is NSNull)
        let confusion = try #require(pairs[0]["confusion"] as? [String: Any])
        #expect(confusion["labels"] as? [String] == ["met", "not_met"])
        #expect(confusion["matrix"] as? [[Int]] == [[8, 1], [1, 2]])
    }

    @Test func intervalScaleWithCompleteDataReportsICC() throws {
        let report = try json(["\(Self.directory)/shrout-fleiss-1979.csv", "--scale", "interval"])
        #expect(abs((report["icc2_1"] as? Double ?? 0) - 0.28976377952755916) < 1e-12)
    }

    @Test func badRowsAreAllReportedWithFileAndLineAndExitTwo() throws {
        let path = "\(Self.directory)/bad-rows.csv"
        let result = try CLIRunner.run(["agreement", path, "--scale", "ordinal", "--format", "json"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines == [
            "\(path):4: error: value 'three' is not a finite number; the ordinal scale needs numbers",
            "\(path):5: error: expected 3 fields as in the header, found 2",
            "\(path):6: error: rater 'judge' already rated unit 'c1' on line 2",
            "\(path):7: error: empty unit",
            "\(path):8: error: value 'inf' is not a finite number; the ordinal scale needs numbers",
        ])
    }

    @Test func textValuesAreFineOnANominalScale() throws {
        let result = try CLIRunner.run(["agreement", "\(Self.directory)/bad-rows.csv", "--format", "json"])
        // Labels need not be numbers on a nominal scale; the other rows are still bad.
        #expect(result.status == 2)
        #expect(!result.stderr.contains(":4:"))
        #expect(result.stderr.contains(":6: error: rater 'judge' already rated unit 'c1' on line 2"))
    }

    @Test func missingColumnsAndMissingFilesExitTwo() throws {
        let path = "\(Self.directory)/missing-column.csv"
        let missing = try CLIRunner.run(["agreement", path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("\(path):1: error: missing columns rater, value"))
        let absent = try CLIRunner.run(["agreement", "no-such-ratings.csv"])
        #expect(absent.status == 2)
        #expect(absent.stderr.contains("no-such-ratings.csv: error: no such file"))
    }

    @Test func tooManyDistinctValuesForConfusionMatricesExitTwo() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let path = directory.appendingPathComponent("continuous.csv").path
        var csv = "unit,rater,value\n"
        for unit in 0..<600 { csv += "u\(unit),a,\(unit)\nu\(unit),b,\(Double(unit) + 0.5)\n" }
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["agreement", path, "--scale", "interval"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path): error: 1200 distinct values; confusion matrices allow at most 1000"))
    }

    @Test func tablePrintsOverallPairsAndConfusion() throws {
        let result = try CLIRunner.run(["agreement", "\(Self.directory)/judge-vs-clinicians.csv"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("34 ratings of 12 units by 3 raters, nominal scale, labels: met, not_met"))
        #expect(result.stdout.contains("Krippendorff's alpha"))
        #expect(result.stdout.contains("Confusion: rows judge, columns clinician-2"))
        #expect(!result.stdout.contains("nan"))
    }
}
