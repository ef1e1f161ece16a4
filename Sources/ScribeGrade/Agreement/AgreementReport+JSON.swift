import Foundation

extension AgreementReport {
    /// The JSON contract of `scribegrade agreement --format json` (read by tools outside the
    /// project; keep it exactly):
    /// `{"scale", "units", "raters": [..], "overall": {"percent_agreement", "krippendorff_alpha",
    /// "fleiss_kappa", "gwet_ac1"}, "pairs": [{"a", "b", "n", "percent_agreement", "cohen_kappa",
    /// "gwet_ac1", "macro_f1", "quadratic_weighted_kappa", "pearson", "spearman",
    /// "kendall_tau_b", "confusion": {"labels": [..], "matrix": [[..]]}}], "icc2_1"}`.
    ///
    /// `units` is the number of units; `raters` the rater ids in order of first appearance;
    /// pairs follow that order. Every key is always present: a statistic that does not apply
    /// to the scale or is undefined on the data is `null`. Confusion labels are strings on a
    /// nominal scale and numbers otherwise, sorted as ``RatingTable/labels``; `matrix[i][j]`
    /// counts units `a` rated `labels[i]` and `b` rated `labels[j]`; it is `null` on the interval
    /// scale. With a bootstrap, `"overall_ci95"` and each pair's `"ci95"` add
    /// `{statistic: [lower, upper]}` for the statistics that have an interval.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(JSONAgreementReport(self))
    }
}

private struct JSONAgreementReport: Encodable {
    struct Statistics: Encodable {
        let keys: [AgreementStatistic]
        let values: [AgreementStatistic: Double]

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            for key in keys { try container.encode(values[key], forKey: AnyKey(key.rawValue)) }
        }
    }

    struct Confusion: Encodable {
        let labels: [RatingValue]
        let matrix: [[Int]]
    }

    /// `{statistic: [lower, upper]}` for the statistics that have an interval.
    struct Intervals: Encodable {
        let keys: [AgreementStatistic]
        let intervals: [AgreementStatistic: ConfidenceInterval]

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            for key in keys { if let i = intervals[key] { try container.encode([i.lower, i.upper], forKey: AnyKey(key.rawValue)) } }
        }
    }

    struct Pair: Encodable {
        let pair: AgreementReport.Pair
        let scale: RatingScale

        func encode(to encoder: Encoder) throws {
            try Statistics(keys: AgreementStatistic.pairwise, values: pair.values).encode(to: encoder)
            var container = encoder.container(keyedBy: AnyKey.self)
            try container.encode(pair.a, forKey: AnyKey("a"))
            try container.encode(pair.b, forKey: AnyKey("b"))
            try container.encode(pair.n, forKey: AnyKey("n"))
            let confusion = scale == .interval ? nil : Confusion(
                labels: pair.confusion.labels,
                matrix: pair.confusion.rows.map { $0.map { Int($0) } })
            try container.encode(confusion, forKey: AnyKey("confusion"))
            if !pair.intervals.isEmpty {
                try container.encode(Intervals(keys: AgreementStatistic.pairwise, intervals: pair.intervals), forKey: AnyKey("ci95"))
            }
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    let scale: RatingScale
    let units: Int
    let raters: [String]
    let overall: Statistics
    let pairs: [Pair]
    let icc2_1: Double?
    let overallIntervals: [AgreementStatistic: ConfidenceInterval]

    init(_ report: AgreementReport) {
        scale = report.scale
        units = report.units
        raters = report.raters
        overall = Statistics(keys: AgreementStatistic.overall, values: report.overall)
        pairs = report.pairs.map { Pair(pair: $0, scale: report.scale) }
        overallIntervals = report.overallIntervals
        icc2_1 = report.overall[.icc21]
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        try container.encode(scale, forKey: AnyKey("scale"))
        try container.encode(units, forKey: AnyKey("units"))
        try container.encode(raters, forKey: AnyKey("raters"))
        try container.encode(overall, forKey: AnyKey("overall"))
        try container.encode(pairs, forKey: AnyKey("pairs"))
        try container.encode(icc2_1, forKey: AnyKey("icc2_1"))
        if !overallIntervals.isEmpty {
            try container.encode(Intervals(keys: AgreementStatistic.overall + [.icc21], intervals: overallIntervals), forKey: AnyKey("overall_ci95"))
        }
    }
}
