/// F1 averaged over classes with equal weight, of one rater's labels against a reference
/// rater's (`sklearn.metrics.f1_score(reference, rater, average="macro", labels=<all labels>)`):
/// the HealthBench meta-evaluation metric, with the clinician as reference.
public enum MacroF1 {
    /// Rows of `confusion` are the rater's labels (predictions), columns the reference's.
    /// Each class's F1 is 2·tp / (2·tp + fp + fn); `nil` when some class was used by neither
    /// rater (its F1 is 0/0) or the raters rated no unit in common.
    public static func of(_ confusion: ConfusionMatrix) -> Double? {
        guard confusion.size > 0, confusion.total > 0 else { return nil }
        let predicted = confusion.rowSums
        let actual = confusion.columnSums
        var sum = 0.0
        for k in 0..<confusion.size {
            let denominator = predicted[k] + actual[k]
            guard denominator > 0 else { return nil }
            sum += 2 * confusion[k, k] / denominator
        }
        return sum / Double(confusion.size)
    }
}
