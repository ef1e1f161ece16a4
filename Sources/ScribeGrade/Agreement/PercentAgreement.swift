/// The share of ratings that agree, uncorrected for chance.
public enum PercentAgreement {
    /// The (weighted) share of units both raters rated on which they gave the same value
    /// (`sklearn.metrics.accuracy_score(a, b)`); `nil` if they rated no unit in common.
    public static func of(_ confusion: ConfusionMatrix) -> Double? {
        let total = confusion.total
        return total > 0 ? confusion.agreements / total : nil
    }

    /// Over any number of raters: the mean, over units rated at least twice, of the share of
    /// pairs of the unit's raters that gave the same value — Σₖ rᵢₖ(rᵢₖ − 1) / (rᵢ(rᵢ − 1)), the
    /// observed agreement pₐ of Fleiss' kappa and Gwet's AC1. `nil` if no unit was rated twice.
    public static func overall(_ table: RatingTable) -> Double? {
        var sum = 0.0
        var weight = 0.0
        table.forEachUnit { unit in
            guard unit.count >= 2 else { return }
            sum += unit.weight * agreeingPairs(unit)
            weight += unit.weight
        }
        return weight > 0 ? sum / weight : nil
    }

    /// The share of the unit's ordered pairs of raters that agree.
    static func agreeingPairs(_ unit: RatingTable.UnitRatings) -> Double {
        Double(unit.sumOfSquaredCounts - unit.count) / Double(unit.count * (unit.count - 1))
    }
}
