import Testing
@testable import ScribeGrade

@Suite struct PairStatisticsTests {
    @Test func cohenKappaMatchesScikitLearnDocstringExample() throws {
        // sklearn.metrics.cohen_kappa_score(y1, y2) == 0.6875 in its own documentation.
        let table = try AgreementFixtures.table("sklearn-kappa.csv")
        let confusion = table.pair(0, 1).confusion
        #expect(close(CohenKappa.of(confusion), 0.6875))
        #expect(close(PercentAgreement.of(confusion), 0.8))
    }

    @Test func judgeAgainstClinicianByHand() throws {
        // judge rows, clinician-1 columns: [[8, 1], [1, 2]] over 12 criteria.
        let table = try AgreementFixtures.table("judge-vs-clinicians.csv")
        let confusion = table.pair(0, 1).confusion
        #expect(confusion.rows == [[8, 1], [1, 2]])
        #expect(close(PercentAgreement.of(confusion), 10.0 / 12))
        // kappa: pe = (9·9 + 3·3) / 144 = 0.625 -> (0.8333 - 0.625) / 0.375 = 0.5556 (sklearn)
        #expect(close(CohenKappa.of(confusion), 0.5555555555555556))
        // AC1: pi_met = 0.75, pe = 2·0.75·0.25 = 0.375 -> (0.8333 - 0.375) / 0.625 (irrCAC 0.73333)
        #expect(close(GwetAC1.of(confusion, categories: 2), (10.0 / 12 - 0.375) / 0.625))
        // f1_score(clinician, judge, average="macro") = 0.7777777777777777
        #expect(close(MacroF1.of(confusion), 0.7777777777777777))
    }

    @Test func pairsUseOnlyUnitsBothRaters() throws {
        let table = try AgreementFixtures.table("judge-vs-clinicians.csv")
        let judge = AgreementFixtures.index(table, rater: "judge")
        let second = AgreementFixtures.index(table, rater: "clinician-2")
        let pair = table.pair(judge, second)
        #expect(pair.count == 10)
        let confusion = pair.confusion
        #expect(confusion.rows == [[6, 1], [2, 1]])
        #expect(close(CohenKappa.of(confusion), 0.21052631578947367))  // sklearn
        #expect(close(GwetAC1.of(confusion, categories: 2), 0.52))  // irrCAC 0.52000
        #expect(close(MacroF1.of(confusion), 0.6000000000000001))  // sklearn
    }

    @Test func quadraticWeightedKappaAndCorrelationsOnOrdinalScores() throws {
        let table = try AgreementFixtures.table("ordinal-scores.csv", scale: .ordinal)
        let pair = table.pair(0, 1)
        // cohen_kappa_score(a, b, weights="quadratic", labels=[1, 2, 3, 4, 5])
        #expect(close(CohenKappa.quadraticWeighted(pair.confusion), 0.868421052631579))
        #expect(close(CohenKappa.of(pair.confusion), 0.4736842105263158))
        // scipy.stats.pearsonr, spearmanr, kendalltau
        #expect(close(PearsonCorrelation.of(pair), 0.8723567442899584))
        #expect(close(SpearmanCorrelation.of(pair), 0.8876746896431267))
        #expect(close(KendallTauB.of(pair), 0.8108437164260031))
    }

    @Test func kappaIsUndefinedWhenBothRatersUseOneLabelButAC1IsNot() throws {
        let table = try AgreementFixtures.table("one-label.csv")
        let confusion = table.pair(0, 1).confusion
        #expect(CohenKappa.of(confusion) == nil)
        #expect(CohenKappa.quadraticWeighted(confusion) == nil)
        // One label in the file: AC1 has one category and is undefined too...
        #expect(GwetAC1.of(confusion, categories: table.labelCount) == nil)
        // ...but on a declared two-verdict scale both always saying `met` is perfect agreement.
        #expect(GwetAC1.of(confusion, categories: 2) == 1)
        #expect(PercentAgreement.of(confusion) == 1)
    }

    @Test func macroF1IsUndefinedWhenAClassIsUsedByNeitherRater() throws {
        var builder = try RatingTable.Builder(scale: .nominal, labels: [.label("met"), .label("not_met")])
        for unit in ["c1", "c2", "c3"] {
            try builder.add(unit: unit, rater: "judge", value: .label("met"))
            try builder.add(unit: unit, rater: "clinician", value: .label("met"))
        }
        let confusion = builder.build().pair(0, 1).confusion
        #expect(confusion.rows == [[3, 0], [0, 0]])
        #expect(MacroF1.of(confusion) == nil)
    }

    @Test func correlationsAreUndefinedWithoutVariance() throws {
        let table = try AgreementFixtures.table([[1, 1], [1, 2], [1, 3]], scale: .interval)
        let pair = table.pair(0, 1)
        #expect(PearsonCorrelation.of(pair) == nil)
        #expect(SpearmanCorrelation.of(pair) == nil)
        #expect(KendallTauB.of(pair) == nil)
        let single = try AgreementFixtures.table([[1, 2]], scale: .interval).pair(0, 1)
        #expect(PearsonCorrelation.of(single) == nil)
        #expect(KendallTauB.of(single) == nil)
    }

    @Test func statisticsOfRatersWithNoUnitInCommonAreUndefined() throws {
        let table = try AgreementFixtures.table([[1, nil], [nil, 2]], scale: .ordinal)
        let pair = table.pair(0, 1)
        #expect(pair.count == 0)
        let confusion = pair.confusion
        #expect(PercentAgreement.of(confusion) == nil)
        #expect(CohenKappa.of(confusion) == nil)
        #expect(GwetAC1.of(confusion, categories: 2) == nil)
        #expect(MacroF1.of(confusion) == nil)
        #expect(PearsonCorrelation.of(pair) == nil)
        #expect(SpearmanCorrelation.of(pair) == nil)
        #expect(KendallTauB.of(pair) == nil)
    }
}

@Suite struct CorrelationRouteTests {
    /// Pairs with many units and few labels take the confusion-matrix route; the unit route
    /// must give the same numbers.
    @Test(arguments: [2, 5, 40])
    func correlationsFromTheConfusionMatrixEqualThoseFromTheUnits(labels: Int) throws {
        var generator = SeededGenerator(seed: UInt64(labels))
        var rows: [[Double?]] = []
        for _ in 0..<300 {
            let truth = generator.index(below: labels)
            let other = generator.index(below: 3) == 0 ? generator.index(below: labels) : truth
            rows.append([Double(truth) * 0.25, Double(other) * 0.25])
        }
        let table = try AgreementFixtures.table(rows, scale: .interval)
        let draws = (0..<table.clusters.count).map { _ in generator.index(below: 3) }
        for sample in [table, table.reweighted(byClusterDraws: draws)] {
            let pair = sample.pair(0, 1)
            let confusion = pair.confusion
            let xRanks = SpearmanCorrelation.averageRanks(confusion.rowSums)
            let yRanks = SpearmanCorrelation.averageRanks(confusion.columnSums)
            let pearson = try #require(PearsonCorrelation.of(pair, x: pair.labelValues, y: pair.labelValues))
            #expect(close(PearsonCorrelation.of(confusion), pearson, tolerance: 1e-12))
            let spearman = try #require(PearsonCorrelation.of(pair, x: xRanks, y: yRanks))
            #expect(close(SpearmanCorrelation.of(confusion), spearman, tolerance: 1e-12))
            #expect(close(KendallTauB.of(confusion), try #require(KendallTauB.sweep(pair)), tolerance: 1e-12))
        }
    }
}
