/// Percentile bootstrap intervals for agreement statistics that resample a table's clusters
/// (encounters), not its units: ratings of criteria of one encounter are not independent.
///
/// Each resample is the table reweighted so that every unit counts as often as its cluster was
/// drawn (``RatingTable/reweighted(byClusterDraws:)``), which every statistic in this module
/// treats exactly as that many copies, so no table is copied.
public enum AgreementBootstrap {
    /// The interval of one statistic; `nil` if it was undefined on every resample.
    public static func interval(
        of table: RatingTable, options: BootstrapOptions = BootstrapOptions(),
        statistic: (RatingTable) -> Double?
    ) -> ConfidenceInterval? {
        intervals(of: table, options: options) { [statistic($0)] }.first ?? nil
    }

    /// The intervals of several statistics computed on the same resamples, one per value
    /// `statistics` returns (it must always return as many).
    public static func intervals(
        of table: RatingTable, options: BootstrapOptions = BootstrapOptions(),
        statistics: (RatingTable) -> [Double?]
    ) -> [ConfidenceInterval?] {
        ClusterBootstrap.intervals(clusterCount: table.clusters.count, options: options) { draws in
            statistics(table.reweighted(byClusterDraws: draws))
        }.map { $0.map { ConfidenceInterval(lower: $0.lower, upper: $0.upper) } }
    }
}
