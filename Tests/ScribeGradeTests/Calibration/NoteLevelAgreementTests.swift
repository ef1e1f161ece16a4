import Foundation
import Testing
@testable import ScribeGrade

/// The note-level statistics `calibrate` adds to Pearson, Spearman, τ-b and the ICCs: quadratic
/// κ on ordinal dimensions (through the documented mapping of scores onto levels), the
/// system-level τ-b, the expert ceiling and the wrong-sign flag, on cases small enough to check
/// by hand.
@Suite struct NoteLevelAgreementTests {
    typealias Score = (system: String, encounter: String, score: Double)
    static let options = BootstrapOptions(resamples: 200, seed: 0)

    static func rating(_ system: String, _ encounter: String, _ value: Double, rater: String = "dr-a", dimension: String = "quality") -> NoteRating {
        NoteRating(system: system, encounter: encounter, rater: rater, dimension: dimension, value: value, source: "test")
    }

    @Test func quadraticKappaOfMappedLevelsEqualsTheHandComputedValue() throws {
        // Three levels: scores 0.1, 0.5, 0.9, 0.9 fall in bins 0, 1, 2, 2; the experts gave 1, 2, 3, 2.
        // Confusion (judge rows): one each on the diagonal and one at (2, 1). Weighted observed 1,
        // weighted expected (rows 1,1,2 × columns 1,2,1, weights (i−j)²) 20/4 = 5: κ = 1 − 1/5.
        // sklearn: cohen_kappa_score([0,1,2,2], [0,1,2,1], labels=[0,1,2], weights="quadratic") = 0.8
        let scores: [Score] = [("A", "e1", 0.1), ("A", "e2", 0.5), ("A", "e3", 0.9), ("A", "e4", 0.9)]
        let ratings = zip(["e1", "e2", "e3", "e4"], [1.0, 2, 3, 2]).map { Self.rating("A", $0, $1) }
        let row = try #require(NoteLevelAgreement.compute(
            judge: "j", scores: scores, ratings: ratings, scales: ["quality": .ordinal(levels: ["1", "2", "3"])], bootstrap: Self.options).first)
        let kappa = try #require(row.quadraticKappa?.value)
        #expect(abs(kappa - 0.8) < 1e-12)
        let ci = try #require(row.quadraticKappa?.ci95)
        #expect(ci[0] <= ci[1])
    }

    @Test func ordinalMappingUsesEqualWidthBinsReversedForFallingDimensions() throws {
        let rising = try #require(OrdinalLevelMapping(scale: .ordinal(levels: ["none", "some", "many", "all"]), dimension: "completeness"))
        #expect([-0.3, 0, 0.24, 0.25, 0.5, 0.74, 0.75, 0.99, 1, 1.4].map(rising.judgeLevel) == [0, 0, 0, 1, 2, 2, 3, 3, 3, 3])
        let falling = try #require(OrdinalLevelMapping(scale: .ordinal(levels: ["none", "some", "many", "all"]), dimension: "omission_grade"))
        #expect(falling.reversed)
        #expect([0, 0.3, 0.6, 1].map(falling.judgeLevel) == [3, 2, 1, 0])
        // Named levels are stored as 1-based positions; several raters' positions are averaged, halves up.
        #expect(rising.expertLevel([2]) == 1)
        #expect(rising.expertLevel([1, 2]) == 1)
        #expect(rising.expertLevel([1, 1, 2]) == 0)
        #expect(rising.expertLevel([5]) == nil)
        // Numeric levels are stored as their own numbers.
        let numeric = try #require(OrdinalLevelMapping(scale: .ordinal(levels: ["1", "3", "5"]), dimension: "quality"))
        #expect(numeric.expertLevel([3]) == 1)
        #expect(numeric.expertLevel([2]) == nil)
        #expect(OrdinalLevelMapping(scale: .interval(lower: 0, upper: 1), dimension: "quality") == nil)
        #expect(OrdinalLevelMapping(scale: .binary, dimension: "quality") == nil)
    }

    @Test func aFallingOrdinalDimensionAgreesWhenHighScoresMeetLowLevels() throws {
        // A judge that is right on every note of an omission grade: κ is 1 only through the reversal.
        let scores: [Score] = [("A", "e1", 0.95), ("A", "e2", 0.55), ("A", "e3", 0.1), ("A", "e4", 0.6)]
        let ratings = zip(["e1", "e2", "e3", "e4"], [1.0, 2, 3, 2]).map { Self.rating("A", $0, $1, dimension: "omission_grade") }
        let row = try #require(NoteLevelAgreement.compute(
            judge: "j", scores: scores, ratings: ratings, scales: ["omission_grade": .ordinal(levels: ["few", "some", "many"])], bootstrap: Self.options).first)
        #expect(row.quadraticKappa?.value == 1)
        #expect(row.expectedSign == "negative")
        #expect(row.flagged == false)
    }

    @Test func intervalDimensionsHaveNoKappaAndTheJSONSaysNull() throws {
        let scores: [Score] = [("A", "e1", 0.1), ("A", "e2", 0.5), ("A", "e3", 0.9)]
        let ratings = zip(["e1", "e2", "e3"], [0.2, 0.4, 0.8]).map { Self.rating("A", $0, $1) }
        let row = try #require(NoteLevelAgreement.compute(
            judge: "j", scores: scores, ratings: ratings, scales: ["quality": .interval(lower: 0, upper: 1)], bootstrap: Self.options).first)
        #expect(row.quadraticKappa == nil)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(row)) as? [String: Any])
        #expect(Set(json.keys) == [
            "dimension", "judge", "n", "failed", "expected_sign", "flagged", "pearson", "spearman", "kendall_tau_b", "icc_a1", "icc_c1",
            "quadratic_kappa", "system_level", "expert_ceiling",
        ])
        #expect(json["quadratic_kappa"] is NSNull)
        #expect(json["expert_ceiling"] is NSNull)
        let system = try #require(json["system_level"] as? [String: Any])
        #expect(system["systems"] as? Int == 1)
    }

    @Test func systemLevelTauRanksTheSystemsMeans() throws {
        // Judge means A 0.2 < B 0.5 < C 0.8; expert means A 0.1 < C 0.6 < B 0.7: pairs AB and AC
        // concordant, BC discordant, τ-b = (2 − 1) / 3.
        var scores: [Score] = []
        var ratings: [NoteRating] = []
        for (system, judge, expert) in [("A", 0.2, 0.1), ("B", 0.5, 0.7), ("C", 0.8, 0.6)] {
            for (index, encounter) in ["e1", "e2", "e3"].enumerated() {
                let spread = Double(index - 1) * 0.05
                scores.append((system, encounter, judge + spread))
                ratings.append(Self.rating(system, encounter, expert - spread))
            }
        }
        let row = try #require(NoteLevelAgreement.compute(judge: "j", scores: scores, ratings: ratings, bootstrap: Self.options).first)
        let system = try #require(row.systemLevel)
        #expect(system.systems == 3)
        #expect(abs((system.kendallTauB.value ?? .nan) - 1.0 / 3) < 1e-12)
        let ci = try #require(system.kendallTauB.ci95)
        #expect(ci[0] <= ci[1])

        // Two systems: a rank correlation says nothing, so there is none.
        let two = try #require(NoteLevelAgreement.compute(
            judge: "j", scores: scores.filter { $0.system != "C" }, ratings: ratings, bootstrap: Self.options).first)
        #expect(two.systemLevel?.systems == 2)
        #expect(two.systemLevel?.kendallTauB.value == nil)
    }

    @Test func aCorrelationOfTheWrongSignIsFlagged() throws {
        let scores: [Score] = [("A", "e1", 0.1), ("A", "e2", 0.5), ("A", "e3", 0.9), ("A", "e4", 0.7)]
        let values = [0.1, 0.3, 0.8, 0.6]  // rises with the score
        var ratings = zip(["e1", "e2", "e3", "e4"], values).map { Self.rating("A", $0, $1, dimension: "hallucination_rate") }
        ratings += zip(["e1", "e2", "e3", "e4"], values).map { Self.rating("A", $0, $1, dimension: "quality") }
        let rows = NoteLevelAgreement.compute(judge: "j", scores: scores, ratings: ratings, bootstrap: Self.options)
        #expect(rows.map(\.dimension) == ["hallucination_rate", "quality"])
        #expect(rows.map(\.flagged) == [true, false])
        #expect(rows.map(\.expectedSign) == ["negative", "positive"])
        #expect(CalibrationReport.noteLevelTable(rows).contains("! wrong sign: hallucination_rate should fall as the score rises"))
    }

    @Test func expertCeilingComparesEachRaterWithTheOthersAndTheJudgeWithAllOfThem() throws {
        // Two raters on four notes: each against the other, r = 0.6 (deviations −1.5, −.5, .5, 1.5
        // and −.5, −1.5, 1.5, .5: 3 / 5). Judge 0.1…0.4 against the means 1.5, 1.5, 3.5, 3.5:
        // r = 0.4 / √(0.05 · 4) = 2/√5. A note with one rater, and one the judge did not score,
        // are left out.
        let encounters = ["e1", "e2", "e3", "e4"]
        var scores: [Score] = zip(encounters, [0.1, 0.2, 0.3, 0.4]).map { ("A", $0, $1) }
        scores.append(("A", "e5", 0.9))
        var ratings = zip(encounters, [1.0, 2, 3, 4]).map { Self.rating("A", $0, $1, rater: "dr-a") }
        ratings += zip(encounters, [2.0, 1, 4, 3]).map { Self.rating("A", $0, $1, rater: "dr-b") }
        ratings.append(Self.rating("A", "e5", 5, rater: "dr-a"))
        ratings += [Self.rating("A", "e6", 1, rater: "dr-a"), Self.rating("A", "e6", 5, rater: "dr-b")]
        let row = try #require(NoteLevelAgreement.compute(judge: "j", scores: scores, ratings: ratings, bootstrap: Self.options).first)
        let ceiling = try #require(row.expertCeiling)
        #expect(ceiling.notes == 4)
        #expect(ceiling.raters.map(\.rater) == ["dr-a", "dr-b"])
        #expect(ceiling.raters.map(\.n) == [4, 4])
        for rater in ceiling.raters { #expect(abs((rater.pearson ?? .nan) - 0.6) < 1e-12) }
        #expect(abs((ceiling.judgeVsMean ?? .nan) - 2 / 5.0.squareRoot()) < 1e-12)
        #expect(row.n == 5)
        #expect(CalibrationReport.noteLevelTable([row]).contains { $0.contains("expert ceiling on 4 notes") && $0.contains("dr-a r 0.600 (n 4)") })

        // One rater per note: no ceiling.
        let single = NoteLevelAgreement.compute(judge: "j", scores: scores, ratings: ratings.filter { $0.rater == "dr-a" }, bootstrap: Self.options)
        #expect(single.first?.expertCeiling == nil)
    }

    @Test func aThirdRaterIsComparedWithTheMeanOfTheOtherTwo() throws {
        // dr-c against the mean of dr-a and dr-b: (1.5, 1.5, 3.5, 3.5) against (1, 2, 3, 5).
        let encounters = ["e1", "e2", "e3", "e4"]
        let scores: [Score] = zip(encounters, [0.1, 0.2, 0.3, 0.4]).map { ("A", $0, $1) }
        var ratings = zip(encounters, [1.0, 2, 3, 4]).map { Self.rating("A", $0, $1, rater: "dr-a") }
        ratings += zip(encounters, [2.0, 1, 4, 3]).map { Self.rating("A", $0, $1, rater: "dr-b") }
        ratings += zip(encounters, [1.0, 2, 3, 5]).map { Self.rating("A", $0, $1, rater: "dr-c") }
        let ceiling = try #require(NoteLevelAgreement.compute(judge: "j", scores: scores, ratings: ratings, bootstrap: Self.options).first?.expertCeiling)
        let c = try #require(ceiling.raters.first { $0.rater == "dr-c" }?.pearson)
        // scipy.stats.pearsonr([1, 2, 3, 5], [1.5, 1.5, 3.5, 3.5]) = 0.8451542547285166
        #expect(abs(c - 0.8451542547285166) < 1e-12)
    }
}
