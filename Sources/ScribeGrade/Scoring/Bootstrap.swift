/// Settings of the bootstrap behind every confidence interval.
public struct BootstrapOptions: Sendable, Hashable, Codable {
    public var resamples: Int
    public var seed: UInt64
    /// 0.95 for a 95% interval.
    public var confidence: Double

    public init(resamples: Int = 1000, seed: UInt64 = 0, confidence: Double = 0.95) {
        self.resamples = resamples
        self.seed = seed
        self.confidence = confidence
    }
}

/// A percentile bootstrap that resamples clusters (encounters), not single values: criteria and
/// rubrics within one encounter are not independent.
public enum ClusterBootstrap {
    /// The percentile interval of `statistic` over resamples of `clusterCount` clusters.
    ///
    /// `statistic` receives how many times each cluster was drawn and returns the statistic of
    /// that resample, or `nil` when it is undefined there (such resamples are skipped).
    /// Returns `nil` when no resample gave a value.
    public static func interval(
        clusterCount: Int, options: BootstrapOptions,
        statistic: ([Int]) -> Double?
    ) -> (lower: Double, upper: Double)? {
        guard clusterCount > 0, options.resamples > 0 else { return nil }
        var generator = SeededGenerator(seed: options.seed)
        var values: [Double] = []
        values.reserveCapacity(options.resamples)
        var counts = [Int](repeating: 0, count: clusterCount)
        for _ in 0..<options.resamples {
            for i in counts.indices { counts[i] = 0 }
            for _ in 0..<clusterCount { counts[generator.index(below: clusterCount)] += 1 }
            if let value = statistic(counts), value.isFinite { values.append(value) }
        }
        guard !values.isEmpty else { return nil }
        values.sort()
        let alpha = (1 - options.confidence) / 2 * 100
        return (Percentile.sorted(values, alpha), Percentile.sorted(values, 100 - alpha))
    }
}
