/// Gwet's first-order agreement coefficient AC1 (Gwet, *Handbook of Inter-Rater Reliability*,
/// 4th ed., ch. 2–5), identity weights.
///
/// AC1 = (pₐ − pₑ) / (1 − pₑ) with chance agreement pₑ = Σₖ πₖ(1 − πₖ) / (q − 1), where πₖ is
/// the mean share of label k and q the number of labels on the scale — the table's labels, not
/// only those a pair used. Unlike kappa it stays meaningful when one verdict dominates: two
/// raters who both always say `met` on a two-label scale get 1, not an undefined value.
public enum GwetAC1 {
    /// Two raters over the units both rated, from their confusion matrix: pₐ = Σₖ pₖₖ,
    /// πₖ = (pₖ₊ + p₊ₖ) / 2. `nil` if they rated no unit in common or the scale has one label.
    public static func of(_ confusion: ConfusionMatrix, categories: Int) -> Double? {
        let total = confusion.total
        guard total > 0, categories >= 2 else { return nil }
        let rows = confusion.rowSums
        let columns = confusion.columnSums
        var spread = 0.0
        for k in 0..<confusion.size {
            let pi = (rows[k] + columns[k]) / (2 * total)
            spread += pi * (1 - pi)
        }
        let chance = spread / Double(categories - 1)
        return (confusion.agreements / total - chance) / (1 - chance)
    }

    /// Any number of raters with missing ratings: pₐ is ``PercentAgreement/overall(_:)`` (units
    /// rated at least twice) and πₖ = mean over all rated units of rᵢₖ / rᵢ, as Gwet's
    /// `gwet.ac1.raw` (R irrCAC) computes it. `nil` if no unit was rated twice or the table
    /// has one label.
    public static func overall(_ table: RatingTable) -> Double? {
        let categories = table.labelCount
        guard categories >= 2 else { return nil }
        var agreement = 0.0
        var agreementWeight = 0.0
        var shares = [Double](repeating: 0, count: categories)
        var weight = 0.0
        table.forEachUnit { unit in
            guard unit.count >= 1 else { return }
            weight += unit.weight
            for (label, count) in zip(unit.labels, unit.counts) {
                shares[Int(label)] += unit.weight * Double(count) / Double(unit.count)
            }
            if unit.count >= 2 {
                agreement += unit.weight * PercentAgreement.agreeingPairs(unit)
                agreementWeight += unit.weight
            }
        }
        guard agreementWeight > 0 else { return nil }
        var spread = 0.0
        for share in shares {
            let pi = share / weight
            spread += pi * (1 - pi)
        }
        let chance = spread / Double(categories - 1)
        return (agreement / agreementWeight - chance) / (1 - chance)
    }
}
