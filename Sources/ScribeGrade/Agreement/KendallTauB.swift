/// Kendall's tau-b of two raters over the units both rated, adjusted for ties
/// (`scipy.stats.kendalltau`, variant "b").
///
/// tau-b = (C − D) / √((n₀ − n₁)(n₀ − n₂)) with C − D the concordant minus discordant pairs,
/// n₀ = n(n − 1)/2 and n₁, n₂ the pairs tied on each rater. Computed in O(n log L) by sweeping
/// the labels of `a` in order with a Fenwick tree over the labels of `b`; a unit of weight k
/// counts as k copies, tied with one another.
public enum KendallTauB {
    /// `nil` when either rater gave one value only or fewer than two units.
    public static func of(_ pair: RatingPair) -> Double? {
        pair.prefersConfusion ? of(pair.confusion) : sweep(pair)
    }

    /// The sweep over the pair's units, for many labels.
    static func sweep(_ pair: RatingPair) -> Double? {
        let labelCount = pair.labels.count
        guard labelCount > 0 else { return nil }
        // Bucket the units by a's label (counting sort).
        var start = [Int](repeating: 0, count: labelCount + 1)
        for label in pair.x { start[Int(label) + 1] += 1 }
        for label in 0..<labelCount { start[label + 1] += start[label] }
        var order = [Int](repeating: 0, count: pair.x.count)
        var next = start
        for i in pair.x.indices {
            order[next[Int(pair.x[i])]] = i
            next[Int(pair.x[i])] += 1
        }
        var tree = [Double](repeating: 0, count: labelCount + 1)
        var seen = 0.0
        var score = 0.0
        var xTies = 0.0
        for label in 0..<labelCount where start[label] < start[label + 1] {
            let group = order[start[label]..<start[label + 1]]
            var groupWeight = 0.0
            for i in group {
                let y = Int(pair.y[i])
                let below = prefix(tree, y)
                let above = seen - prefix(tree, y + 1)
                score += pair.weights[i] * (below - above)
                groupWeight += pair.weights[i]
            }
            for i in group { add(&tree, Int(pair.y[i]), pair.weights[i]) }
            seen += groupWeight
            xTies += groupWeight * (groupWeight - 1) / 2
        }
        var yCounts = [Double](repeating: 0, count: labelCount)
        for i in pair.y.indices { yCounts[Int(pair.y[i])] += pair.weights[i] }
        let yTies = yCounts.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        return tau(score, total: seen, xTies: xTies, yTies: yTies)
    }

    /// The same from the pair's confusion matrix (rows `a`, columns `b`), in O(labels²): each
    /// cell is concordant with the cells below and to the right of it, discordant with those
    /// below and to the left.
    public static func of(_ confusion: ConfusionMatrix) -> Double? {
        let size = confusion.size
        // below[i][j]: the total of cells in rows after i and columns from j on.
        var below = [Double](repeating: 0, count: (size + 1) * (size + 1))
        for i in stride(from: size - 1, through: 0, by: -1) {
            var rowTail = 0.0
            for j in stride(from: size - 1, through: 0, by: -1) {
                rowTail += confusion[i, j]
                below[i * (size + 1) + j] = below[(i + 1) * (size + 1) + j] + rowTail
            }
        }
        var score = 0.0
        for i in 0..<size {
            let next = (i + 1) * (size + 1)
            for j in 0..<size {
                let count = confusion[i, j]
                guard count > 0 else { continue }
                let concordant = below[next + j + 1]
                let discordant = below[next] - below[next + j]
                score += count * (concordant - discordant)
            }
        }
        let ties = { (counts: [Double]) in counts.reduce(0) { $0 + $1 * ($1 - 1) / 2 } }
        return tau(score, total: confusion.total, xTies: ties(confusion.rowSums), yTies: ties(confusion.columnSums))
    }

    private static func tau(_ score: Double, total: Double, xTies: Double, yTies: Double) -> Double? {
        let pairs = total * (total - 1) / 2
        guard pairs - xTies > 0, pairs - yTies > 0 else { return nil }
        let tau = score / ((pairs - xTies).squareRoot() * (pairs - yTies).squareRoot())
        return min(1, max(-1, tau))
    }

    /// The total weight of labels `0..<end`.
    private static func prefix(_ tree: [Double], _ end: Int) -> Double {
        var sum = 0.0
        var index = end
        while index > 0 {
            sum += tree[index]
            index &= index - 1
        }
        return sum
    }

    private static func add(_ tree: inout [Double], _ label: Int, _ weight: Double) {
        var index = label + 1
        while index < tree.count {
            tree[index] += weight
            index += index & -index
        }
    }
}
