/// Krippendorff's alpha for any number of raters with missing ratings, on a nominal, ordinal or
/// interval scale (the `krippendorff` package's `alpha(reliability_data, level_of_measurement=…)`).
///
/// alpha = 1 − Dₒ / Dₑ, the observed disagreement within units over the disagreement expected
/// between all pairable values. Only units rated at least twice are pairable. The ordinal
/// distance between labels c ≤ k is (Σ_{g=c…k} n_g − (n_c + n_k)/2)², which equals the squared
/// difference of the labels' mid-ranks among the pairable values; so ordinal alpha is computed
/// as interval alpha on mid-ranks.
public enum KrippendorffAlpha {
    /// `nil` when fewer than two distinct values are pairable (no unit rated twice, or every
    /// pairable rating the same): the disagreement expected by chance is then zero.
    /// On a nominal table, `scale` may only be `.nominal`; numeric tables allow any.
    public static func of(_ table: RatingTable, scale: RatingScale? = nil) -> Double? {
        let scale = scale ?? table.scale
        precondition(table.scale.isNumeric || scale == .nominal, "a nominal table has no order or distances")
        var pairable = [Double](repeating: 0, count: table.labelCount)
        table.forEachUnit { unit in
            guard unit.count >= 2 else { return }
            for (label, count) in zip(unit.labels, unit.counts) { pairable[Int(label)] += unit.weight * Double(count) }
        }
        guard pairable.filter({ $0 > 0 }).count >= 2 else { return nil }
        switch scale {
        case .nominal: return nominal(table, pairable: pairable)
        case .ordinal: return interval(table, pairable: pairable, values: midRanks(pairable))
        case .interval: return interval(table, pairable: pairable, values: table.labelValues)
        }
    }

    private static func nominal(_ table: RatingTable, pairable: [Double]) -> Double? {
        var observed = 0.0
        table.forEachUnit { unit in
            guard unit.count >= 2 else { return }
            observed += unit.weight * Double(unit.count * unit.count - unit.sumOfSquaredCounts) / Double(unit.count - 1)
        }
        let n = pairable.reduce(0, +)
        let squares = pairable.reduce(0) { $0 + $1 * $1 }
        let expected = (n * n - squares) / (n - 1)
        return 1 - observed / expected
    }

    /// Σ over units of Σ_{i≠j} (vᵢ − vⱼ)² / (m − 1), against Σ_{c≠k} n_c·n_k·(v_c − v_k)² / (n − 1);
    /// each sum is taken about a value of its own so that equal values add exactly zero.
    private static func interval(_ table: RatingTable, pairable: [Double], values: [Double]) -> Double? {
        var observed = 0.0
        table.forEachUnit { unit in
            guard unit.count >= 2 else { return }
            let origin = values[Int(unit.labels[0])]
            var sum = 0.0
            var squares = 0.0
            for (label, count) in zip(unit.labels, unit.counts) {
                let value = values[Int(label)] - origin
                sum += Double(count) * value
                squares += Double(count) * value * value
            }
            let m = Double(unit.count)
            // Σ_{i≠j} (vᵢ − vⱼ)² = 2·(m·Σv² − (Σv)²)
            observed += unit.weight * 2 * (m * squares - sum * sum) / (m - 1)
        }
        var n = 0.0
        var sum = 0.0
        let origin = values[pairable.firstIndex { $0 > 0 }!]
        for (label, count) in pairable.enumerated() where count > 0 {
            n += count
            sum += count * (values[label] - origin)
        }
        let mean = sum / n
        var spread = 0.0
        for (label, count) in pairable.enumerated() where count > 0 {
            let deviation = values[label] - origin - mean
            spread += count * deviation * deviation
        }
        let expected = 2 * n * spread / (n - 1)
        return 1 - observed / expected
    }

    /// The mid-rank of each label among the pairable values: Σ_{g<c} n_g + n_c / 2.
    private static func midRanks(_ pairable: [Double]) -> [Double] {
        var below = 0.0
        return pairable.map { count in
            defer { below += count }
            return below + count / 2
        }
    }
}
