/// Every agreement statistic that applies to a rating table: over all raters, and for each pair
/// of raters in the order they first appeared; optionally with cluster-bootstrap intervals.
///
/// Which statistics apply:
/// - percent agreement, Krippendorff's alpha (with the table's scale as level of measurement),
///   Gwet's AC1 (identity weights: values compared as categories), and per pair Cohen's kappa:
///   every scale;
/// - Fleiss' kappa: nominal scale, every unit with the same number of ratings;
/// - macro F1 (pair's second rater as reference): tables with exactly two labels;
/// - quadratic-weighted kappa: ordinal scale;
/// - Pearson, Spearman, Kendall tau-b: ordinal and interval scales;
/// - ICC(2,1): interval scale with every unit rated by every rater.
///
/// A statistic that applies but is undefined on the data (kappa when both raters used one
/// label) is absent from the values, as is one that does not apply.
public struct AgreementReport: Sendable {
    /// One pair of raters, over the units both rated.
    public struct Pair: Sendable {
        public var a: String
        public var b: String
        /// The number of units both rated.
        public var n: Int
        public var values: [AgreementStatistic: Double]
        public var intervals: [AgreementStatistic: ConfidenceInterval]
        public var confusion: ConfusionMatrix
    }

    public var scale: RatingScale
    /// The number of units (things rated).
    public var units: Int
    /// The number of ratings.
    public var ratings: Int
    /// Rater ids in order of first appearance.
    public var raters: [String]
    /// The distinct values rated, sorted as ``RatingTable/labels``.
    public var labels: [RatingValue]
    /// Statistics over all raters, ICC(2,1) included.
    public var overall: [AgreementStatistic: Double]
    public var overallIntervals: [AgreementStatistic: ConfidenceInterval]
    public var pairs: [Pair]
    /// The bootstrap behind the intervals, if any were computed.
    public var bootstrap: BootstrapOptions?

    /// Computes the report; with `bootstrap`, also percentile intervals of every statistic that
    /// resample the table's clusters.
    public init(table: RatingTable, bootstrap: BootstrapOptions? = nil) {
        scale = table.scale
        units = table.unitCount
        ratings = table.ratingCount
        raters = table.raters
        labels = table.labels
        overall = Self.overallValues(table)
        overallIntervals = [:]
        let raterPairs = table.raterPairs
        pairs = raterPairs.map { a, b in
            let pair = table.pair(a, b)
            let (values, confusion) = Self.pairValues(pair, in: table)
            return Pair(
                a: table.raters[a], b: table.raters[b], n: pair.count,
                values: values, intervals: [:], confusion: confusion)
        }
        self.bootstrap = bootstrap
        guard let bootstrap else { return }
        let overallKeys = Self.applicable(AgreementStatistic.overall + [.icc21], table)
        let pairKeys = Self.applicable(AgreementStatistic.pairwise, table)
        let basePairs = raterPairs.map { table.pair($0.a, $0.b) }
        let intervals = AgreementBootstrap.intervals(of: table, options: bootstrap) { resample in
            let overall = Self.overallValues(resample)
            var result = overallKeys.map { overall[$0] }
            for pair in basePairs {
                let values = Self.pairValues(pair.reweighted(from: resample), in: resample).values
                result += pairKeys.map { values[$0] }
            }
            return result
        }
        guard !intervals.isEmpty else { return }
        for (i, key) in overallKeys.enumerated() { overallIntervals[key] = intervals[i] }
        for p in pairs.indices {
            for (i, key) in pairKeys.enumerated() {
                pairs[p].intervals[key] = intervals[overallKeys.count + p * pairKeys.count + i]
            }
        }
    }

    /// Whether `statistic` applies to `table` (see the type's documentation).
    public static func applies(_ statistic: AgreementStatistic, to table: RatingTable) -> Bool {
        switch statistic {
        case .percentAgreement, .krippendorffAlpha, .gwetAC1, .cohenKappa: return true
        case .fleissKappa: return table.scale == .nominal
        case .macroF1: return table.labelCount == 2
        case .quadraticWeightedKappa: return table.scale == .ordinal
        case .pearson, .spearman, .kendallTauB: return table.scale.isNumeric
        case .icc21: return table.scale == .interval && table.isComplete
        }
    }

    /// The statistics over all raters that apply and are defined, ICC(2,1) included.
    public static func overallValues(_ table: RatingTable) -> [AgreementStatistic: Double] {
        var values: [AgreementStatistic: Double] = [:]
        for statistic in applicable(AgreementStatistic.overall + [.icc21], table) {
            switch statistic {
            case .percentAgreement: values[statistic] = PercentAgreement.overall(table)
            case .krippendorffAlpha: values[statistic] = KrippendorffAlpha.of(table)
            case .fleissKappa: values[statistic] = FleissKappa.of(table)
            case .gwetAC1: values[statistic] = GwetAC1.overall(table)
            case .icc21: values[statistic] = IntraclassCorrelation.icc21(table)
            default: break
            }
        }
        return values.filter { $0.value.isFinite }
    }

    /// The statistics of one pair that apply and are defined, and its confusion matrix.
    public static func pairValues(
        _ pair: RatingPair, in table: RatingTable
    ) -> (values: [AgreementStatistic: Double], confusion: ConfusionMatrix) {
        let confusion = pair.confusion
        let fromConfusion = pair.prefersConfusion
        var values: [AgreementStatistic: Double] = [:]
        for statistic in applicable(AgreementStatistic.pairwise, table) {
            switch statistic {
            case .percentAgreement: values[statistic] = PercentAgreement.of(confusion)
            case .cohenKappa: values[statistic] = CohenKappa.of(confusion)
            case .gwetAC1: values[statistic] = GwetAC1.of(confusion, categories: table.labelCount)
            case .macroF1: values[statistic] = MacroF1.of(confusion)
            case .quadraticWeightedKappa: values[statistic] = CohenKappa.quadraticWeighted(confusion)
            case .pearson:
                values[statistic] = fromConfusion ? PearsonCorrelation.of(confusion) : PearsonCorrelation.of(pair)
            case .spearman:
                values[statistic] = fromConfusion ? SpearmanCorrelation.of(confusion) : SpearmanCorrelation.of(pair)
            case .kendallTauB:
                values[statistic] = fromConfusion ? KendallTauB.of(confusion) : KendallTauB.of(pair)
            default: break
            }
        }
        return (values.filter { $0.value.isFinite }, confusion)
    }

    private static func applicable(_ statistics: [AgreementStatistic], _ table: RatingTable) -> [AgreementStatistic] {
        statistics.filter { applies($0, to: table) }
    }
}
