import Foundation
import Testing
@testable import ScribeGrade

@Suite struct CorrectedScorerTests {
    /// Four encounters, one note each; experts rated e1 (0.4) and e3 (0.5).
    let small = [
        RatedNote(encounter: "e1", judge: 0.2, expert: 0.4),
        RatedNote(encounter: "e2", judge: 0.4),
        RatedNote(encounter: "e3", judge: 0.6, expert: 0.5),
        RatedNote(encounter: "e4", judge: 0.8),
    ]
    let twoItems = CorrectionOptions(minimumExpertItems: 2)

    /// 30 encounters × 2 notes; the judge reads 0.1 high on even encounters; every third note rated.
    func notes(shift: Double = 0) -> [RatedNote] {
        (0..<60).map { i in
            let e = i / 2
            let truth = 0.3 + 0.4 * Double((i * 7) % 11) / 10 + shift
            let judge = truth + (e % 2 == 0 ? 0.1 : -0.02) + 0.05 * Double(i % 3)
            return RatedNote(encounter: "e\(e)", judge: judge, expert: i % 3 == 0 ? truth : nil)
        }
    }

    @Test func lambdaZeroIsTheMeanOfTheRatedNotes() throws {
        let result = try CorrectedScorer.score(small, options: CorrectionOptions(lambda: 0, minimumExpertItems: 2))
        #expect(abs(result.corrected.score - 0.45) < 1e-15)
        #expect(result.corrected.score == result.expertsOnly.score)
        #expect(result.corrected.ci95 == result.expertsOnly.ci95)
        // ψ = ±2 × 0.05 / 4 on the two rated encounters; V = 4/3 × 2 × 0.025²; t with 1 df.
        let se = (4.0 / 3 * 2 * 0.025 * 0.025).squareRoot()
        let ci = try #require(result.corrected.ci95)
        #expect(abs(ci[0] - (0.45 - 12.706204736174694 * se)) < 1e-9)
        #expect(result.corrected.method.hasPrefix("experts only (λ = 0)"))
    }

    @Test func lambdaOneIsTheJudgeMeanRectifiedByTheRatedDifferences() throws {
        let result = try CorrectedScorer.score(small, options: CorrectionOptions(lambda: 1, minimumExpertItems: 2))
        // mean(Ŷ) over all four + mean(Y − Ŷ) over the rated two = 0.5 + (0.2 − 0.1) / 2.
        #expect(abs(result.corrected.score - 0.55) < 1e-15)
        #expect(result.corrected.lambda == 1)
    }

    @Test func inclusionProbabilitiesWeightTheRatedNotes() throws {
        var weighted = small
        weighted[0].inclusionProbability = 0.5
        weighted[2].inclusionProbability = 0.25
        let result = try CorrectedScorer.score(weighted, selection: .notRandom, options: CorrectionOptions(lambda: 0, minimumExpertItems: 2))
        // (2 × 0.4 + 4 × 0.5) / 6
        #expect(abs(result.expertsOnly.score - 2.8 / 6) < 1e-15)
        #expect(result.corrected.method.contains("weighted by inclusion probability"))
    }

    @Test func ratingsDeclaredNotRandomWithoutProbabilitiesAreRefused() {
        #expect(throws: CorrectionError.selectionNotRandom(count: 2, index: 0)) {
            try CorrectedScorer.score(small, selection: .notRandom)
        }
    }

    @Test func probabilitiesOnSomeRatedNotesOnlyAreRefused() {
        var mixed = small
        mixed[0].inclusionProbability = 0.5
        #expect(throws: CorrectionError.missingInclusionProbability(index: 2)) { try CorrectedScorer.score(mixed) }
        mixed[2].inclusionProbability = 0
        #expect(throws: CorrectionError.outOfRange(.inclusionProbability, index: 2)) { try CorrectedScorer.score(mixed) }
        mixed[2].inclusionProbability = 1.5
        #expect(throws: CorrectionError.outOfRange(.inclusionProbability, index: 2)) { try CorrectedScorer.score(mixed) }
    }

    @Test func noRatedNoteIsRefused() {
        #expect(throws: CorrectionError.noExpertItems) {
            try CorrectedScorer.score(small.map { RatedNote(encounter: $0.encounter, judge: $0.judge) })
        }
    }

    @Test func tooFewExpertItemsGiveTheEstimateWithoutAnInterval() throws {
        let result = try CorrectedScorer.score(small)
        #expect(result.corrected.ci95 == nil)
        #expect(result.expertsOnly.ci95 == nil)
        #expect(result.corrected.effectiveItems == nil)
        #expect(result.corrected.reason?.contains("2 expert items, fewer than the 10") == true)
        #expect(result.corrected.score.isFinite)
    }

    @Test func expertItemsInOneEncounterGiveNoInterval() throws {
        let oneEncounter = (0..<12).map { RatedNote(encounter: "e1", judge: Double($0) / 12, expert: Double($0 % 3) / 3) }
            + [RatedNote(encounter: "e2", judge: 0.5)]
        let result = try CorrectedScorer.score(oneEncounter)
        #expect(result.corrected.ci95 == nil)
        #expect(result.corrected.reason?.contains("1 encounter") == true)
    }

    @Test func expertItemsAllAlikeGiveNoPointInterval() throws {
        // Twelve rated items, all scored 0 by the experts, over four encounters: the spread is
        // estimated as 0, and an interval of width 0 would claim certainty.
        let alike = (0..<40).map { i in
            RatedNote(encounter: "e\(i % 4)", judge: Double(i % 5) / 5, expert: i < 12 ? 0 : nil)
        }
        let result = try CorrectedScorer.score(alike)
        #expect(result.corrected.ci95 == nil && result.expertsOnly.ci95 == nil)
        #expect(result.corrected.reason?.contains("same value") == true)
        let b = try CorrectedScorer.compare(alike, alike)
        #expect(b.ci95 == nil && b.significant == false)
    }

    @Test func aJudgeThatAgreesWithTheExpertsNarrowsTheInterval() throws {
        let perfect = (0..<200).map { i in
            let y = Double((i * 13) % 17) / 16
            return RatedNote(encounter: "e\(i / 2)", judge: y, expert: i % 4 == 0 ? y : nil)
        }
        let result = try CorrectedScorer.score(perfect)
        #expect(result.corrected.lambda > 0.9)
        let corrected = try #require(result.corrected.ci95), experts = try #require(result.expertsOnly.ci95)
        #expect(corrected[1] - corrected[0] < experts[1] - experts[0])
        #expect(try #require(result.corrected.effectiveItems) > 100)
        let allMean = perfect.reduce(0) { $0 + $1.judge } / 200
        let one = try CorrectedScorer.score(perfect, options: CorrectionOptions(lambda: 1))
        #expect(abs(one.corrected.score - allMean) < 1e-12)
    }

    @Test func bootstrapOverEncountersIsReproducibleAndSaysSo() throws {
        let options = CorrectionOptions(interval: .clusterBootstrap(BootstrapOptions(resamples: 200, seed: 3)))
        let first = try CorrectedScorer.score(notes(), options: options)
        let second = try CorrectedScorer.score(notes(), options: options)
        #expect(first == second)
        let ci = try #require(first.corrected.ci95)
        #expect(ci[0] < first.corrected.score && first.corrected.score < ci[1])
        #expect(first.corrected.method.hasSuffix("bootstrap over encounters, 200 resamples, seed 3"))
        let robust = try CorrectedScorer.score(notes())
        #expect(robust.corrected.method.contains("cluster-robust variance over encounters"))
        #expect(robust.corrected.score == first.corrected.score)
    }

    @Test func pairedDifferenceOfTwoSystemsOnSharedEncounters() throws {
        let same = try CorrectedScorer.compare(notes(), notes())
        #expect(same.difference == 0)
        #expect(same.significant == false)
        #expect(same.encounters == 30)
        #expect(same.expertItems == [20, 20])
        let better = try CorrectedScorer.compare(notes(shift: 0.2), notes() + [RatedNote(encounter: "only-b", judge: 0.9)])
        #expect(abs(better.difference - 0.2) < 1e-12)
        #expect(better.encounters == 30)
        #expect(better.significant)
        // Both systems' judges err the same way on the same notes: the difference is exact.
        let ci = try #require(better.ci95)
        #expect(abs(ci[0] - 0.2) < 1e-9 && abs(ci[1] - 0.2) < 1e-9)
        let boot = try CorrectedScorer.compare(
            notes(shift: 0.2), notes(), options: CorrectionOptions(interval: .clusterBootstrap(BootstrapOptions(resamples: 200))))
        #expect(boot.significant)
    }

    @Test func jsonCarriesTheContractsKeys() throws {
        let result = try CorrectedScorer.score(notes())
        let object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any])
        let corrected = try #require(object["corrected"] as? [String: Any])
        let experts = try #require(object["experts_only"] as? [String: Any])
        for key in ["score", "ci95", "method", "expert_items", "effective_items"] { #expect(corrected[key] != nil, "\(key)") }
        for key in ["score", "ci95", "expert_items"] { #expect(experts[key] != nil, "\(key)") }
    }
}
