/// Expert scores `Y` with the judge's scores `Ŷ` of the same items (the labeled set), and the
/// judge's scores of other items no expert rated (the unlabeled set), all i.i.d.
///
/// Optional weights are normalized as ppi-python normalizes them: each set's weights are scaled
/// to sum to its size.
public struct PredictionPoweredSample: Sendable, Hashable, Codable {
    public var expert: [Double]
    public var judge: [Double]
    public var unlabeledJudge: [Double]
    public var weights: [Double]?
    public var unlabeledWeights: [Double]?

    /// Checks sizes and values: as many judge scores as expert scores, at least one of each,
    /// finite values, positive weights.
    public init(
        expert: [Double], judge: [Double], unlabeledJudge: [Double],
        weights: [Double]? = nil, unlabeledWeights: [Double]? = nil
    ) throws(CorrectionError) {
        guard !expert.isEmpty else { throw .noExpertItems }
        guard !unlabeledJudge.isEmpty else { throw .noJudgeItems }
        guard judge.count == expert.count else { throw .countMismatch(.judge, expected: expert.count, actual: judge.count) }
        try Self.check(expert, .expert)
        try Self.check(judge, .judge)
        try Self.check(unlabeledJudge, .unlabeledJudge)
        if let weights {
            guard weights.count == expert.count else { throw .countMismatch(.weights, expected: expert.count, actual: weights.count) }
            try Self.check(weights, .weights, positive: true)
        }
        if let unlabeledWeights {
            guard unlabeledWeights.count == unlabeledJudge.count else {
                throw .countMismatch(.unlabeledWeights, expected: unlabeledJudge.count, actual: unlabeledWeights.count)
            }
            try Self.check(unlabeledWeights, .unlabeledWeights, positive: true)
        }
        self.expert = expert
        self.judge = judge
        self.unlabeledJudge = unlabeledJudge
        self.weights = weights
        self.unlabeledWeights = unlabeledWeights
    }

    private static func check(_ values: [Double], _ field: CorrectionError.Field, positive: Bool = false) throws(CorrectionError) {
        for (i, value) in values.enumerated() {
            guard value.isFinite else { throw .notFinite(field, index: i) }
            if positive, value <= 0 { throw .outOfRange(field, index: i) }
        }
    }

    /// Labeled items (n).
    public var labeledCount: Int { expert.count }
    /// Unlabeled items (N).
    public var unlabeledCount: Int { unlabeledJudge.count }

    /// The weights scaled to sum to n (all ones when none were given).
    var normalizedWeights: [Double] { Self.normalized(weights, count: expert.count) }
    /// The unlabeled weights scaled to sum to N.
    var normalizedUnlabeledWeights: [Double] { Self.normalized(unlabeledWeights, count: unlabeledJudge.count) }

    private static func normalized(_ weights: [Double]?, count: Int) -> [Double] {
        guard let weights else { return [Double](repeating: 1, count: count) }
        let scale = Double(count) / weights.reduce(0, +)
        return weights.map { $0 * scale }
    }
}

/// A mean with its standard error and central-limit interval.
public struct MeanEstimate: Sendable, Hashable, Codable {
    public var score: Double
    /// The power-tuning λ used (nil for the classical, experts-only mean).
    public var lambda: Double?
    public var standardError: Double
    public var ci: ConfidenceInterval
    public var confidence: Double

    enum CodingKeys: String, CodingKey {
        case score, lambda, ci, confidence
        case standardError = "standard_error"
    }
}

/// Prediction-powered inference for a mean with power tuning, PPI++ (Angelopoulos, Duchi and
/// Zrnic 2023), computed exactly as ppi-python 0.2.3 computes `ppi_mean_pointestimate`,
/// `ppi_mean_ci` (with `_calc_lam_glm`, clipped) and `classical_mean_ci` for a one-dimensional
/// mean; `Tests/Reference/ppi_reference.py` holds it to 1e-9.
///
/// The estimate is `mean(w̃ λ Ŷ_unlabeled) + mean(w (Y − λ Ŷ))`: the judge's mean on the unlabeled
/// items, rectified by the judge–expert differences on the labeled ones. λ = 0 is the experts'
/// mean, λ = 1 plain PPI, and the tuned λ minimizes the estimate's variance, so the interval is
/// (asymptotically) never wider than the experts-only one.
public enum PredictionPoweredMean {
    /// The power-tuning λ: ppi-python's `_calc_lam_glm` for a mean, clipped to [0, 1],
    /// with gradients taken at the plain (λ = 1) PPI estimate. 0 when the judge's scores do not vary.
    public static func tunedLambda(_ sample: PredictionPoweredSample) -> Double {
        let w = sample.normalizedWeights, wu = sample.normalizedUnlabeledWeights
        let n = Double(sample.labeledCount), bigN = Double(sample.unlabeledCount)
        let theta = pointEstimate(sample, lambda: 1, w: w, wu: wu)
        let grads = zip(w, sample.expert).map { $0 * ($1 - theta) }
        let gradsHat = zip(w, sample.judge).map { $0 * ($1 - theta) }
        let gradsHatUnlabeled = zip(wu, sample.unlabeledJudge).map { $0 * ($1 - theta) }
        let meanGrad = mean(grads), meanGradHat = mean(gradsHat)
        var covariance = 0.0
        for i in grads.indices { covariance += (grads[i] - meanGrad) * (gradsHat[i] - meanGradHat) }
        covariance = 2 * covariance / n
        let variance = sampleVariance(gradsHat + gradsHatUnlabeled)
        let denominator = 2 * (1 + n / bigN) * variance
        guard denominator > 0, denominator.isFinite else { return 0 }
        return min(1, max(0, covariance / denominator))
    }

    /// The point estimate at `lambda`, or at the tuned λ when nil.
    public static func pointEstimate(_ sample: PredictionPoweredSample, lambda: Double? = nil) -> Double {
        pointEstimate(sample, lambda: lambda ?? tunedLambda(sample),
                      w: sample.normalizedWeights, wu: sample.normalizedUnlabeledWeights)
    }

    /// The estimate, its standard error and its central-limit interval at `lambda` (tuned when
    /// nil), as `ppi_mean_ci` with `alpha = 1 − confidence`.
    public static func estimate(
        _ sample: PredictionPoweredSample, lambda: Double? = nil, confidence: Double = 0.95
    ) -> MeanEstimate {
        let lambda = lambda ?? tunedLambda(sample)
        let w = sample.normalizedWeights, wu = sample.normalizedUnlabeledWeights
        let score = pointEstimate(sample, lambda: lambda, w: w, wu: wu)
        let imputed = zip(wu, sample.unlabeledJudge).map { $0 * lambda * $1 }
        let rectifier = (0..<sample.labeledCount).map { w[$0] * (sample.expert[$0] - lambda * sample.judge[$0]) }
        let variance = populationVariance(imputed) / Double(sample.unlabeledCount)
            + populationVariance(rectifier) / Double(sample.labeledCount)
        return interval(score: score, lambda: lambda, variance: variance, confidence: confidence)
    }

    /// The experts-only mean and its central-limit interval, as ppi-python's `classical_mean_ci`.
    public static func classical(_ sample: PredictionPoweredSample, confidence: Double = 0.95) -> MeanEstimate {
        let weighted = zip(sample.normalizedWeights, sample.expert).map { $0 * $1 }
        return interval(score: mean(weighted), lambda: nil,
                        variance: populationVariance(weighted) / Double(sample.labeledCount),
                        confidence: confidence)
    }

    /// How many expert ratings alone would give an interval as narrow as `corrected`:
    /// n × var(experts-only) ÷ var(corrected). Nil when the corrected variance is zero.
    public static func effectiveExpertItems(corrected: MeanEstimate, classical: MeanEstimate, expertItems: Int) -> Double? {
        let corrected = corrected.standardError * corrected.standardError
        guard corrected > 0 else { return nil }
        return Double(expertItems) * classical.standardError * classical.standardError / corrected
    }

    static func interval(score: Double, lambda: Double?, variance: Double, confidence: Double) -> MeanEstimate {
        let se = variance.squareRoot()
        let z = StandardNormal.critical(confidence: confidence)
        return MeanEstimate(score: score, lambda: lambda, standardError: se,
                            ci: ConfidenceInterval(lower: score - z * se, upper: score + z * se),
                            confidence: confidence)
    }

    private static func pointEstimate(_ sample: PredictionPoweredSample, lambda: Double, w: [Double], wu: [Double]) -> Double {
        var imputed = 0.0
        for j in sample.unlabeledJudge.indices { imputed += wu[j] * lambda * sample.unlabeledJudge[j] }
        var rectifier = 0.0
        for i in sample.expert.indices { rectifier += w[i] * (sample.expert[i] - lambda * sample.judge[i]) }
        return imputed / Double(sample.unlabeledCount) + rectifier / Double(sample.labeledCount)
    }

    static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    /// Variance with denominator n (NumPy's `std()` squared).
    static func populationVariance(_ values: [Double]) -> Double {
        let m = mean(values)
        return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)
    }

    /// Variance with denominator n − 1 (NumPy's `cov`); 0 for a single value.
    static func sampleVariance(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let m = mean(values)
        return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
    }
}
