import Foundation
import Testing
@testable import ScribeGrade

@Suite struct AgreementReportTests {
    @Test func statisticsApplyByScaleLabelsAndCompleteness() throws {
        let nominal = try AgreementFixtures.table("judge-vs-clinicians.csv")
        let report = AgreementReport(table: nominal)
        #expect(report.overall[.fleissKappa] == nil)  // units with 2 and 3 ratings
        #expect(report.overall[.icc21] == nil)
        #expect(report.pairs.map { "\($0.a)/\($0.b)" } == ["judge/clinician-1", "judge/clinician-2", "clinician-1/clinician-2"])
        #expect(report.pairs[0].values[.macroF1] != nil)  // two labels
        #expect(report.pairs[0].values[.quadraticWeightedKappa] == nil)
        #expect(report.pairs[0].values[.pearson] == nil)

        let ordinal = AgreementReport(table: try AgreementFixtures.table("ordinal-scores.csv", scale: .ordinal))
        let pair = try #require(ordinal.pairs.first)
        #expect(pair.values[.quadraticWeightedKappa] != nil)
        #expect(pair.values[.kendallTauB] != nil)
        #expect(pair.values[.macroF1] == nil)  // five labels
        #expect(ordinal.overall[.icc21] == nil)

        let interval = AgreementReport(table: try AgreementFixtures.table("shrout-fleiss-1979.csv", scale: .interval))
        #expect(close(interval.overall[.icc21], 0.28976377952755916))
        #expect(interval.pairs.count == 6)
        #expect(interval.pairs.allSatisfy { $0.values[.quadraticWeightedKappa] == nil && $0.values[.pearson] != nil })
    }

    @Test func jsonHasEveryKeyOfTheContractWithNullsForWhatDoesNotApply() throws {
        let report = AgreementReport(table: try AgreementFixtures.table("one-label.csv"))
        let json = try #require(JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        #expect(Set(json.keys) == ["scale", "units", "raters", "overall", "pairs", "icc2_1"])
        #expect(json["scale"] as? String == "nominal")
        #expect(json["units"] as? Int == 6)
        #expect(json["raters"] as? [String] == ["judge", "clinician"])
        #expect(json["icc2_1"] is NSNull)
        let overall = try #require(json["overall"] as? [String: Any])
        #expect(Set(overall.keys) == ["percent_agreement", "krippendorff_alpha", "fleiss_kappa", "gwet_ac1"])
        #expect(overall["percent_agreement"] as? Double == 1)
        #expect(overall["krippendorff_alpha"] is NSNull)
        #expect(overall["fleiss_kappa"] is NSNull)
        let pairs = try #require(json["pairs"] as? [[String: Any]])
        #expect(pairs.count == 1)
        #expect(Set(pairs[0].keys) == [
            "a", "b", "n", "percent_agreement", "cohen_kappa", "gwet_ac1", "macro_f1",
            "quadratic_weighted_kappa", "pearson", "spearman", "kendall_tau_b", "confusion",
        ])
        #expect(pairs[0]["cohen_kappa"] is NSNull)
        let confusion = try #require(pairs[0]["confusion"] as? [String: Any])
        #expect(confusion["labels"] as? [String] == ["met"])
        #expect(confusion["matrix"] as? [[Int]] == [[6]])
    }

    @Test func textShowsStatisticsPairsAndConfusion() throws {
        let report = AgreementReport(table: try AgreementFixtures.table("judge-vs-clinicians.csv"))
        let text = report.text(source: "ratings.csv")
        #expect(text.contains("34 ratings of 12 units by 3 raters, nominal scale, labels: met, not_met"))
        #expect(text.contains("Gwet's AC1"))
        #expect(text.contains("0.609"))
        #expect(text.contains("Confusion: rows judge, columns clinician-1"))
        #expect(!text.contains("nan"))
    }
}
