/// Fleiss' kappa for many raters on a nominal scale, when every unit has the same number of
/// ratings (`statsmodels.stats.inter_rater.fleiss_kappa`, method "fleiss"). The raters need not
/// be the same for every unit.
public enum FleissKappa {
    /// `nil` when units have different numbers of ratings, fewer than two each, or only one
    /// label was used (chance agreement is then 1).
    public static func of(_ table: RatingTable) -> Double? {
        let perUnit = table.ratingsPerUnit
        guard let m = perUnit.first, m >= 2, perUnit.allSatisfy({ $0 == m }) else { return nil }
        var labelTotals = [Double](repeating: 0, count: table.labelCount)
        var agreement = 0.0
        var weight = 0.0
        table.forEachUnit { unit in
            for (label, count) in zip(unit.labels, unit.counts) {
                labelTotals[Int(label)] += unit.weight * Double(count)
            }
            agreement += unit.weight * Double(unit.sumOfSquaredCounts - m) / Double(m * (m - 1))
            weight += unit.weight
        }
        guard weight > 0, labelTotals.filter({ $0 > 0 }).count >= 2 else { return nil }
        let ratings = weight * Double(m)
        var chance = 0.0
        for total in labelTotals {
            let p = total / ratings
            chance += p * p
        }
        return (agreement / weight - chance) / (1 - chance)
    }
}
