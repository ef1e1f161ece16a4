/// Agreement of one rater with a reference on binary verdicts, with bootstrap intervals that
/// resample encounters: the unit of every calibration number.
public struct AgreementSummary: Sendable, Hashable, Codable {
    /// Items both rated.
    public var n: Int
    public var percentAgreement: Double?
    public var cohenKappa: Double?
    public var gwetAC1: Double?
    /// Macro F1 over `met` and `not_met`, the reference taken as truth (HealthBench's meta-eval).
    public var macroF1: Double?
    /// Intervals by statistic name (`percent_agreement`, `cohen_kappa`, `gwet_ac1`, `macro_f1`).
    public var intervals: [String: ConfidenceInterval]
    /// Rows: the rater's verdict; columns: the reference's. Labels `met`, `not_met`.
    public var confusion: [[Double]]

    public static let labels = [Verdict.met.rawValue, Verdict.notMet.rawValue]
    /// The statistics a summary holds, in the order reports show them.
    public static let statistics: [AgreementStatistic] = [.percentAgreement, .cohenKappa, .gwetAC1, .macroF1]

    enum CodingKeys: String, CodingKey {
        case n
        case percentAgreement = "percent_agreement"
        case cohenKappa = "cohen_kappa"
        case gwetAC1 = "gwet_ac1"
        case macroF1 = "macro_f1"
        case intervals
        case confusion
    }

    public init(
        n: Int, percentAgreement: Double?, cohenKappa: Double?, gwetAC1: Double?, macroF1: Double?,
        intervals: [String: ConfidenceInterval], confusion: [[Double]]
    ) {
        self.n = n
        self.percentAgreement = percentAgreement
        self.cohenKappa = cohenKappa
        self.gwetAC1 = gwetAC1
        self.macroF1 = macroF1
        self.intervals = intervals
        self.confusion = confusion
    }

    /// The value of a statistic by its JSON name.
    public func value(_ statistic: AgreementStatistic) -> Double? {
        switch statistic {
        case .percentAgreement: return percentAgreement
        case .cohenKappa: return cohenKappa
        case .gwetAC1: return gwetAC1
        case .macroF1: return macroF1
        default: return nil
        }
    }

    /// Compares `rater`'s verdicts with `reference`'s on the items both have; `cluster` names
    /// each item's encounter, the unit the bootstrap resamples. `nil` when they share no item.
    public static func compute(
        rater: [RatedItem: Verdict], reference: [RatedItem: Verdict], bootstrap: BootstrapOptions?
    ) -> AgreementSummary? {
        let shared = rater.keys.filter { reference[$0] != nil }.sorted()
        guard !shared.isEmpty else { return nil }
        let labels = Self.labels.map(RatingValue.label)
        guard var builder = try? RatingTable.Builder(scale: .nominal, labels: labels) else { return nil }
        for item in shared {
            try? builder.add(unit: item.description, rater: "rater", value: .label(rater[item]!.rawValue), cluster: item.encounter)
            try? builder.add(unit: item.description, rater: "reference", value: .label(reference[item]!.rawValue), cluster: item.encounter)
        }
        let report = AgreementReport(table: builder.build(), bootstrap: bootstrap)
        guard let pair = report.pairs.first else { return nil }
        var intervals: [String: ConfidenceInterval] = [:]
        for (statistic, interval) in pair.intervals { intervals[statistic.rawValue] = interval }
        // The table sorts labels (`met` < `not_met`), the order of `labels`.
        return AgreementSummary(
            n: pair.n, percentAgreement: pair.values[.percentAgreement], cohenKappa: pair.values[.cohenKappa],
            gwetAC1: pair.values[.gwetAC1], macroF1: pair.values[.macroF1], intervals: intervals,
            confusion: pair.confusion.rows)
    }
}
