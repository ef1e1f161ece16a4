/// How often rater `a` gave each label while rater `b` gave each label, over the units both
/// rated: `counts[i][j]` is the (weighted) number of units `a` rated `labels[i]` and `b` rated
/// `labels[j]` (rows are `a`, columns `b`, as `sklearn.metrics.confusion_matrix(a, b)`).
///
/// Percent agreement, Cohen's kappa (plain and quadratic-weighted), Gwet's AC1 for two raters
/// and macro F1 are all functions of this matrix.
public struct ConfusionMatrix: Sendable, Hashable {
    public let labels: [RatingValue]
    /// The labels' numbers (a label's index on a nominal scale), for correlations.
    public let values: [Double]
    /// Row-major `labels.count × labels.count` counts.
    public let counts: [Double]

    public init(labels: [RatingValue], counts: [Double]) {
        precondition(counts.count == labels.count * labels.count)
        self.labels = labels
        self.values = labels.enumerated().map { $1.number ?? Double($0) }
        self.counts = counts
    }

    init(pair: RatingPair) {
        let size = pair.labels.count
        var counts = [Double](repeating: 0, count: size * size)
        pair.x.withUnsafeBufferPointer { x in
            pair.y.withUnsafeBufferPointer { y in
                pair.weights.withUnsafeBufferPointer { weights in
                    for index in 0..<x.count { counts[Int(x[index]) * size + Int(y[index])] += weights[index] }
                }
            }
        }
        self.labels = pair.labels
        self.values = pair.labelValues
        self.counts = counts
    }

    public var size: Int { labels.count }

    public subscript(row: Int, column: Int) -> Double { counts[row * labels.count + column] }

    /// The matrix as rows of counts.
    public var rows: [[Double]] {
        (0..<size).map { Array(counts[($0 * size)..<(($0 + 1) * size)]) }
    }

    /// The total count.
    public var total: Double { counts.reduce(0, +) }

    /// Row sums: how often `a` gave each label.
    public var rowSums: [Double] {
        (0..<size).map { row in (0..<size).reduce(0) { $0 + self[row, $1] } }
    }

    /// Column sums: how often `b` gave each label.
    public var columnSums: [Double] {
        (0..<size).map { column in (0..<size).reduce(0) { $0 + self[$1, column] } }
    }

    /// The sum of the diagonal: how often the two agreed.
    public var agreements: Double {
        (0..<size).reduce(0) { $0 + self[$1, $1] }
    }
}
