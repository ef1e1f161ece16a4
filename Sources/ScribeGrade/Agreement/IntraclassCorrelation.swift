/// The intraclass correlation ICC(2,1): two-way random effects, absolute agreement, single
/// rater (Shrout & Fleiss 1979; McGraw & Wong's ICC(A,1); `pingouin.intraclass_corr`, "ICC2").
public enum IntraclassCorrelation {
    /// ICC(2,1) = (MSR − MSE) / (MSR + (k − 1)·MSE + k·(MSC − MSE)/n) from the two-way ANOVA of
    /// the units every rater rated (units with a missing rating are left out, as pingouin's
    /// `nan_policy="omit"` does). `nil` with fewer than two such units or two raters, when all
    /// their values are equal, or when the denominator vanishes.
    public static func icc21(_ table: RatingTable) -> Double? {
        let k = table.raterCount
        guard k >= 2 else { return nil }
        let values = table.labelValues
        var rows: [(weight: Double, labels: ArraySlice<Int32>)] = []
        table.forEachUnitLabels { _, weight, labels in
            if labels.count == k { rows.append((weight, labels)) }
        }
        var first: Int32 = -1
        var varies = false
        for row in rows {
            for label in row.labels {
                if first < 0 { first = label } else if label != first { varies = true }
            }
        }
        guard varies else { return nil }
        let origin = values[Int(first)]
        let n = rows.reduce(0) { $0 + $1.weight }
        guard n >= 2 else { return nil }
        let kk = Double(k)
        var columnMeans = [Double](repeating: 0, count: k)
        var rowMeans = [Double](repeating: 0, count: rows.count)
        var grand = 0.0
        for (r, row) in rows.enumerated() {
            var sum = 0.0
            for (j, label) in row.labels.enumerated() {
                let value = values[Int(label)] - origin
                sum += value
                columnMeans[j] += row.weight * value
            }
            rowMeans[r] = sum / kk
            grand += row.weight * sum
        }
        grand /= n * kk
        for j in 0..<k { columnMeans[j] /= n }
        var rowsSquares = 0.0
        var errorSquares = 0.0
        for (r, row) in rows.enumerated() {
            let rowDeviation = rowMeans[r] - grand
            rowsSquares += row.weight * rowDeviation * rowDeviation
            for (j, label) in row.labels.enumerated() {
                let residual = values[Int(label)] - origin - rowMeans[r] - columnMeans[j] + grand
                errorSquares += row.weight * residual * residual
            }
        }
        var columnSquares = 0.0
        for mean in columnMeans { columnSquares += (mean - grand) * (mean - grand) }
        let msr = kk * rowsSquares / (n - 1)
        let msc = n * columnSquares / (kk - 1)
        let mse = errorSquares / ((n - 1) * (kk - 1))
        let denominator = msr + (kk - 1) * mse + kk * (msc - mse) / n
        let scale = msr + (kk - 1) * mse + kk * (msc + mse) / n
        guard denominator > 1e-12 * scale else { return nil }
        return (msr - mse) / denominator
    }
}
