/// Cohen's kappa between two raters: agreement corrected for the agreement expected from each
/// rater's own label frequencies (`sklearn.metrics.cohen_kappa_score`).
public enum CohenKappa {
    /// Unweighted kappa: any disagreement counts fully. `nil` when undefined, that is when the
    /// two raters used one and the same label only (or rated no unit in common).
    public static func of(_ confusion: ConfusionMatrix) -> Double? {
        kappa(confusion) { $0 == $1 ? 0 : 1 }
    }

    /// Quadratic-weighted kappa for ordinal ratings: a disagreement costs the squared distance
    /// between the two labels' positions in the table's sorted labels
    /// (`cohen_kappa_score(a, b, weights="quadratic", labels=<all labels, sorted>)`).
    public static func quadraticWeighted(_ confusion: ConfusionMatrix) -> Double? {
        kappa(confusion) { Double(($0 - $1) * ($0 - $1)) }
    }

    /// 1 − Σ wᵢⱼ·observedᵢⱼ / Σ wᵢⱼ·expectedᵢⱼ, with expected = rowsumᵢ·columnsumⱼ / total.
    private static func kappa(_ confusion: ConfusionMatrix, weight: (Int, Int) -> Double) -> Double? {
        let total = confusion.total
        guard total > 0 else { return nil }
        let rows = confusion.rowSums
        let columns = confusion.columnSums
        var observed = 0.0
        var expected = 0.0
        for i in 0..<confusion.size {
            for j in 0..<confusion.size where i != j {
                let w = weight(i, j)
                observed += w * confusion[i, j]
                expected += w * rows[i] * columns[j]
            }
        }
        guard expected > 0 else { return nil }
        return 1 - observed / (expected / total)
    }
}
