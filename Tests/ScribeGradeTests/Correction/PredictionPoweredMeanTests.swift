import Foundation
import Testing
@testable import ScribeGrade

@Suite struct PredictionPoweredMeanTests {
    /// Experts: mean 0.5. Judge on the same four items: mean 0.5, errs on items 3 and 4.
    /// Judge on six other items: mean 2/3.
    let sample = try! PredictionPoweredSample(
        expert: [1, 0, 1, 0], judge: [1, 0, 0, 1], unlabeledJudge: [1, 1, 1, 0, 1, 0])

    @Test func criticalValueIsSciPysNormPpf() {
        #expect(abs(StandardNormal.critical(confidence: 0.95) - 1.959963984540054) < 1e-15)
        #expect(abs(StandardNormal.quantile(0.001) - -3.090232306167813) < 1e-13)
        #expect(abs(StandardNormal.quantile(0.9) - 1.2815515655446004) < 1e-14)
    }

    @Test func lambdaZeroIsTheClassicalExpertsOnlyMean() {
        let zero = PredictionPoweredMean.estimate(sample, lambda: 0)
        let classical = PredictionPoweredMean.classical(sample)
        #expect(zero.score == 0.5)
        #expect(classical.score == 0.5)
        #expect(abs(zero.ci.lower - classical.ci.lower) < 1e-15)
        #expect(abs(zero.ci.upper - classical.ci.upper) < 1e-15)
        // Y has population variance 1/4 over 4 items: standard error 1/4.
        #expect(abs(classical.standardError - 0.25) < 1e-15)
    }

    @Test func lambdaOneIsPlainPPI() {
        let one = PredictionPoweredMean.estimate(sample, lambda: 1)
        // mean(Ŷ_unlabeled) + mean(Y − Ŷ) = 2/3 + 0.
        #expect(abs(one.score - 2.0 / 3) < 1e-15)
        // var(Ŷ_unlabeled)/N + var(Y − Ŷ)/n = (2/9)/6 + (1/2)/4.
        #expect(abs(one.standardError - (1.0 / 27 + 1.0 / 8).squareRoot()) < 1e-15)
        let z = 1.959963984540054
        #expect(abs(one.ci.lower - (2.0 / 3 - z * one.standardError)) < 1e-12)
    }

    @Test func fixedLambdaInterpolatesTheImputedMean() {
        // 0.5 × 2/3 + mean(Y − 0.5 Ŷ) = 1/3 + 1/4.
        #expect(abs(PredictionPoweredMean.pointEstimate(sample, lambda: 0.5) - (1.0 / 3 + 0.25)) < 1e-15)
    }

    @Test func tunedLambdaIsClippedAndZeroForAJudgeThatNeverVaries() throws {
        let lambda = PredictionPoweredMean.tunedLambda(sample)
        #expect((0...1).contains(lambda))
        let constant = try PredictionPoweredSample(expert: [1, 0, 1], judge: [0.5, 0.5, 0.5], unlabeledJudge: [0.5, 0.5])
        #expect(PredictionPoweredMean.tunedLambda(constant) == 0)
        #expect(PredictionPoweredMean.pointEstimate(constant) == 2.0 / 3)
    }

    @Test func aJudgeThatAgreesWithTheExpertsIsWorthMoreExpertItems() throws {
        let expert = (0..<40).map { Double($0 % 5) / 4 }
        let unlabeled = (0..<400).map { Double($0 % 5) / 4 }
        let perfect = try PredictionPoweredSample(expert: expert, judge: expert, unlabeledJudge: unlabeled)
        let ppi = PredictionPoweredMean.estimate(perfect)
        let classical = PredictionPoweredMean.classical(perfect)
        #expect(ppi.lambda! > 0.9)
        let effective = try #require(PredictionPoweredMean.effectiveExpertItems(corrected: ppi, classical: classical, expertItems: 40))
        #expect(effective > 300)
        #expect(ppi.ci.upper - ppi.ci.lower < classical.ci.upper - classical.ci.lower)
    }

    @Test func weightsAreScaledToSumToTheirCount() throws {
        let a = try PredictionPoweredSample(expert: [1, 0, 1], judge: [1, 1, 0], unlabeledJudge: [0, 1, 1, 1], weights: [1, 2, 3], unlabeledWeights: [1, 1, 2, 2])
        let b = try PredictionPoweredSample(expert: [1, 0, 1], judge: [1, 1, 0], unlabeledJudge: [0, 1, 1, 1], weights: [10, 20, 30], unlabeledWeights: [3, 3, 6, 6])
        #expect(abs(PredictionPoweredMean.estimate(a).score - PredictionPoweredMean.estimate(b).score) < 1e-15)
        // Weighted experts-only mean: (1×1 + 2×0 + 3×1) / 6.
        #expect(abs(PredictionPoweredMean.classical(a).score - 4.0 / 6) < 1e-15)
    }

    @Test func malformedSamplesAreTypedErrors() {
        #expect(throws: CorrectionError.noExpertItems) { try PredictionPoweredSample(expert: [], judge: [], unlabeledJudge: [1]) }
        #expect(throws: CorrectionError.noJudgeItems) { try PredictionPoweredSample(expert: [1], judge: [1], unlabeledJudge: []) }
        #expect(throws: CorrectionError.countMismatch(.judge, expected: 2, actual: 1)) {
            try PredictionPoweredSample(expert: [1, 0], judge: [1], unlabeledJudge: [1])
        }
        #expect(throws: CorrectionError.notFinite(.unlabeledJudge, index: 1)) {
            try PredictionPoweredSample(expert: [1], judge: [1], unlabeledJudge: [1, .nan])
        }
        #expect(throws: CorrectionError.outOfRange(.weights, index: 0)) {
            try PredictionPoweredSample(expert: [1], judge: [1], unlabeledJudge: [1], weights: [0])
        }
    }
}

@Suite struct StudentTTests {
    @Test func criticalValuesAreSciPysTPpf() {
        let scipy: [(Double, Double)] = [
            (1, 12.706204736174694), (2, 4.302652729749462), (3, 3.1824463052837078),
            (5, 2.5705818356363146), (24, 2.0638985616280245), (100, 1.9839715185235518),
            (1000, 1.9623390808264083), (1e6, 1.959966356814107),
        ]
        for (df, value) in scipy {
            #expect(abs(StudentT.critical(confidence: 0.95, df: df) - value) < 1e-9 * value, "df \(df)")
        }
        #expect(abs(StudentT.quantile(0.95, df: 7) - 1.8945786050900062) < 1e-9)
        #expect(abs(StudentT.quantile(0.05, df: 7) + 1.8945786050900062) < 1e-9)
    }
}
