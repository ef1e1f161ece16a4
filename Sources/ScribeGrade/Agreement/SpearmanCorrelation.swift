/// Spearman's rank correlation of two raters over the units both rated: Pearson's correlation
/// of their ranks, tied values sharing their average rank (`scipy.stats.spearmanr`).
public enum SpearmanCorrelation {
    /// `nil` when either rater gave one value only or fewer than two units.
    public static func of(_ pair: RatingPair) -> Double? {
        PearsonCorrelation.of(
            pair,
            x: averageRanks(pair.x, pair.weights, labelCount: pair.labels.count),
            y: averageRanks(pair.y, pair.weights, labelCount: pair.labels.count))
    }

    /// The average rank of each label (1-based) among the weighted labels: labels are sorted,
    /// so a label's rank follows from the counts of the labels below it.
    static func averageRanks(_ labels: [Int32], _ weights: [Double], labelCount: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: labelCount)
        for i in labels.indices { counts[Int(labels[i])] += weights[i] }
        var below = 0.0
        return counts.map { count in
            defer { below += count }
            return below + (count + 1) / 2
        }
    }
}
