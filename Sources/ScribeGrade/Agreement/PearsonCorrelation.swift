/// Pearson's product-moment correlation of two raters' numbers over the units both rated
/// (`scipy.stats.pearsonr`).
public enum PearsonCorrelation {
    /// `nil` when either rater gave one value only (zero variance) or fewer than two units.
    public static func of(_ pair: RatingPair) -> Double? {
        of(pair, x: pair.labelValues, y: pair.labelValues)
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
