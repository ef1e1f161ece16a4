/// Spearman's rank correlation of two raters over the units both rated: Pearson's correlation
/// of their ranks, tied values sharing their average rank (`scipy.stats.spearmanr`).
public enum SpearmanCorrelation {
    /// `nil` when either rater gave one value only or fewer than two units.
    public static func of(_ pair: RatingPair) -> Double? {
        if pair.prefersConfusion { return of(pair.confusion) }
        var xCounts = [Double](repeating: 0, count: pair.labels.count)
        var yCounts = xCounts
        for i in pair.x.indices {
            xCounts[Int(pair.x[i])] += pair.weights[i]
            yCounts[Int(pair.y[i])] += pair.weights[i]
        }
        return PearsonCorrelation.of(pair, x: averageRanks(xCounts), y: averageRanks(yCounts))
    }

    /// The same from the pair's confusion matrix (rows `a`, columns `b`), in O(labels²).
    public static func of(_ confusion: ConfusionMatrix) -> Double? {
        PearsonCorrelation.of(
            confusion, x: averageRanks(confusion.rowSums), y: averageRanks(confusion.columnSums))
    }

    /// The average rank (1-based) of each label given how often each was given: labels are
    /// sorted, so a label's rank follows from the counts of the labels below it.
    static func averageRanks(_ counts: [Double]) -> [Double] {
        var below = 0.0
        return counts.map { count in
            defer { below += count }
            return below + (count + 1) / 2
        }
    }
}
