import Testing
@testable import ScribeGrade

/// The simulation of Benchmarks/Correction with fewer replications, at 400 expert items (where
/// ignoring the encounter clustering drops coverage to 0.86): seeded, so deterministic.
@Suite struct CoverageSimulationTests {
    func run(_ design: CoverageSimulation.Design) -> CoverageSimulation.Row {
        var settings = CoverageSimulation.Settings()
        settings.replications = 400
        return CoverageSimulation.run(settings, design: design, expertItems: 400)
    }

    @Test func theJudgeAloneRanksTheSimulatedSystemsWrongly() {
        let truth = CoverageSimulation.trueScores(CoverageSimulation.Settings())
        #expect(truth[0] > truth[1])
        let row = run(.random)
        #expect(row.rankedJudge < 0.05)
        #expect(row.coverageJudge < 0.5)
        #expect(row.rankedCorrected > 0.95)
    }

    /// Every design, the review queue's (`queue`) included. 400 replications give 800 system
    /// intervals: a true coverage of 0.95 is measured with a standard error of 0.008, so
    /// [0.92, 0.98] is ± 3.9 standard errors around it (and 400 difference intervals, ± 2.8).
    @Test(arguments: CoverageSimulation.Design.allCases)
    func correctedIntervalsCoverTheTrueSystemScore(design: CoverageSimulation.Design) {
        let row = run(design)
        #expect((0.92...0.98).contains(row.coverageCorrected), "coverage \(row.coverageCorrected)")
        #expect((0.92...0.98).contains(row.coverageDifference), "difference coverage \(row.coverageDifference)")
        #expect(row.widthCorrected < row.widthExperts)
    }
}
