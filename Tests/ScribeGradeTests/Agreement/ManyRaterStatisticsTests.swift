import Testing
@testable import ScribeGrade

@Suite struct ManyRaterStatisticsTests {
    @Test func krippendorffAlphaMatchesKrippendorff2011Example() throws {
        // Krippendorff (2011) prints 0.743 (nominal), 0.815 (ordinal), 0.849 (interval);
        // the krippendorff package gives these digits.
        let table = try AgreementFixtures.table("krippendorff-2011.csv", scale: .interval)
        #expect(close(KrippendorffAlpha.of(table, scale: .nominal), 0.743421052631579))
        #expect(close(KrippendorffAlpha.of(table, scale: .ordinal), 0.8153875037548814))
        #expect(close(KrippendorffAlpha.of(table), 0.8491071428571428))
    }

    @Test func fleissKappaMatchesFleiss1971ExampleOnWikipedia() throws {
        // Wikipedia prints 0.210; statsmodels fleiss_kappa gives 0.20993070442195513.
        let table = try AgreementFixtures.table("fleiss-wikipedia.csv")
        #expect(close(FleissKappa.of(table), 0.20993070442195513))
    }

    @Test func icc21MatchesShroutAndFleiss1979() throws {
        // Shrout & Fleiss (1979) print ICC(2,1) = 0.29; pingouin gives 0.28976377952755916.
        let table = try AgreementFixtures.table("shrout-fleiss-1979.csv", scale: .interval)
        #expect(close(IntraclassCorrelation.icc21(table), 0.28976377952755916))
    }

    @Test func gwetAC1AndPercentAgreementWithMissingRatings() throws {
        // irrCAC gwet(): AC1 0.6089318045, pa 0.75; Gwet's formulas: 0.6089318044659021.
        let table = try AgreementFixtures.table("judge-vs-clinicians.csv")
        #expect(close(GwetAC1.overall(table), 0.6089318044659021))
        #expect(close(PercentAgreement.overall(table), 0.75))
        #expect(close(KrippendorffAlpha.of(table), 0.3653846153846153))
        // Units have 3 or 2 ratings: Fleiss' kappa needs equal numbers.
        #expect(FleissKappa.of(table) == nil)
    }

    @Test func undefinedWhenNoUnitIsRatedTwiceOrOnlyOneValueIsPairable() throws {
        let single = try AgreementFixtures.table([[1, nil], [nil, 2], [3, nil]], scale: .interval)
        #expect(PercentAgreement.overall(single) == nil)
        #expect(KrippendorffAlpha.of(single) == nil)
        #expect(GwetAC1.overall(single) == nil)
        #expect(FleissKappa.of(single) == nil)
        let constant = try AgreementFixtures.table([[0.1, 0.1, 0.1], [0.1, 0.1, 0.1]], scale: .interval)
        for scale in RatingScale.allCases { #expect(KrippendorffAlpha.of(constant, scale: scale) == nil) }
        #expect(FleissKappa.of(constant) == nil)
        #expect(IntraclassCorrelation.icc21(constant) == nil)
        #expect(PercentAgreement.overall(constant) == 1)
    }

    @Test func icc21LeavesOutIncompleteUnitsAndNeedsTwoOfThem() throws {
        let table = try AgreementFixtures.table([[9, 2, 5, 8], [6, 1, 3, nil], [6, 1, 3, 2]], scale: .interval)
        let complete = try AgreementFixtures.table([[9, 2, 5, 8], [6, 1, 3, 2]], scale: .interval)
        #expect(IntraclassCorrelation.icc21(table) != nil)
        #expect(IntraclassCorrelation.icc21(table) == IntraclassCorrelation.icc21(complete))
        let one = try AgreementFixtures.table([[9, 2, 5, 8], [6, 1, 3, nil]], scale: .interval)
        #expect(IntraclassCorrelation.icc21(one) == nil)
        // Rows and columns with equal means: the denominator vanishes (pingouin: -inf).
        let crossed = try AgreementFixtures.table([[1, 2], [2, 1]], scale: .interval)
        #expect(IntraclassCorrelation.icc21(crossed) == nil)
    }
}
