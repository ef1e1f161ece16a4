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
        intervals(clusterCount: clusterCount, options: options) { [statistic($0)] }.first ?? nil
    }

    /// The percentile intervals of several statistics computed on the same resamples, so that
    /// work they share is done once per resample.
    ///
    /// `statistics` returns one value (or `nil`) per statistic, always as many; the result has
    /// one interval per statistic (`nil` where no resample gave a value). Draws are the same as
    /// ``interval(clusterCount:options:statistic:)`` makes with the same options.
    ///
    /// One cluster gives no interval (a `nil` per statistic): every resample is that cluster
    /// again, so the "interval" would be a point that claims certainty one encounter cannot give.
    public static func intervals(
        clusterCount: Int, options: BootstrapOptions,
        statistics: ([Int]) -> [Double?]
    ) -> [(lower: Double, upper: Double)?] {
        guard clusterCount > 0, options.resamples > 0 else { return [] }
        guard clusterCount > 1 else { return statistics([1]).map { _ in nil } }
        var generator = SeededGenerator(seed: options.seed)
        var values: [[Double]] = []
        var counts = [Int](repeating: 0, count: clusterCount)
        for _ in 0..<options.resamples {
            for i in counts.indices { counts[i] = 0 }
            for _ in 0..<clusterCount { counts[generator.index(below: clusterCount)] += 1 }
            let results = statistics(counts)
            if values.isEmpty {
                values = Array(repeating: [], count: results.count)
                for i in values.indices { values[i].reserveCapacity(options.resamples) }
            }
            precondition(results.count == values.count, "statistics must return as many values every time")
            for (i, value) in results.enumerated() {
                if let value, value.isFinite { values[i].append(value) }
            }
        }
        let alpha = (1 - options.confidence) / 2 * 100
        return values.map { sample in
            guard !sample.isEmpty else { return nil }
            let sorted = sample.sorted()
            return (Percentile.sorted(sorted, alpha), Percentile.sorted(sorted, 100 - alpha))
        }
    }
}
