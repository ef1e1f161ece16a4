/// Pearson's product-moment correlation of two raters' numbers over the units both rated
/// (`scipy.stats.pearsonr`).
public enum PearsonCorrelation {
    /// `nil` when either rater gave one value only (zero variance) or fewer than two units.
    public static func of(_ pair: RatingPair) -> Double? {
        if pair.prefersConfusion { return of(pair.confusion) }
        return of(pair, x: pair.labelValues, y: pair.labelValues)
    }

    /// The same from the pair's confusion matrix (rows `a`, columns `b`), in O(labels²).
    public static func of(_ confusion: ConfusionMatrix) -> Double? {
        of(confusion, x: confusion.values, y: confusion.values)
    }

    /// The weighted correlation of `x[label]` against `y[label]` over the pair's units;
    /// Spearman's rho passes mid-ranks here.
    static func of(_ pair: RatingPair, x xValues: [Double], y yValues: [Double]) -> Double? {
        guard varies(pair.x, pair.weights), varies(pair.y, pair.weights) else { return nil }
        var weight = 0.0
        var sumX = 0.0
        var sumY = 0.0
        for i in pair.x.indices {
            let w = pair.weights[i]
            weight += w
            sumX += w * xValues[Int(pair.x[i])]
            sumY += w * yValues[Int(pair.y[i])]
        }
        let meanX = sumX / weight
        let meanY = sumY / weight
        var xx = 0.0
        var yy = 0.0
        var xy = 0.0
        for i in pair.x.indices {
            let w = pair.weights[i]
            let dx = xValues[Int(pair.x[i])] - meanX
            let dy = yValues[Int(pair.y[i])] - meanY
            xx += w * dx * dx
            yy += w * dy * dy
            xy += w * dx * dy
        }
        return correlation(xy, xx, yy)
    }

    /// The weighted correlation of `x[row]` against `y[column]` over the matrix's cells.
    static func of(_ confusion: ConfusionMatrix, x: [Double], y: [Double]) -> Double? {
        let rows = confusion.rowSums
        let columns = confusion.columnSums
        guard rows.lazy.filter({ $0 > 0 }).count >= 2, columns.lazy.filter({ $0 > 0 }).count >= 2 else { return nil }
        let weight = rows.reduce(0, +)
        var sumX = 0.0
        var sumY = 0.0
        for i in 0..<confusion.size {
            sumX += rows[i] * x[i]
            sumY += columns[i] * y[i]
        }
        let meanX = sumX / weight
        let meanY = sumY / weight
        var xx = 0.0
        var yy = 0.0
        var xy = 0.0
        for i in 0..<confusion.size {
            let dx = x[i] - meanX
            let dy = y[i] - meanY
            xx += rows[i] * dx * dx
            yy += columns[i] * dy * dy
            guard rows[i] > 0 else { continue }
            for j in 0..<confusion.size {
                let count = confusion[i, j]
                if count > 0 { xy += count * dx * (y[j] - meanY) }
            }
        }
        return correlation(xy, xx, yy)
    }

    private static func correlation(_ xy: Double, _ xx: Double, _ yy: Double) -> Double? {
        guard xx > 0, yy > 0 else { return nil }
        return min(1, max(-1, xy / (xx.squareRoot() * yy.squareRoot())))
    }

    /// Whether at least two different labels have a positive weight.
    static func varies(_ labels: [Int32], _ weights: [Double]) -> Bool {
        var first: Int32 = -1
        for i in labels.indices where weights[i] > 0 {
            if first < 0 {
                first = labels[i]
            } else if labels[i] != first {
                return true
            }
        }
        return false
    }
}
