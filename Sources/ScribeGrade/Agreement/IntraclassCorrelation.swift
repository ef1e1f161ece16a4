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
        let kk = Double(k)
        let values = table.labelValues
        // First pass: which label comes first, whether any differs, n, and the means.
        var first: Int32 = -1
        var varies = false
        var n = 0.0
        var columnSums = [Double](repeating: 0, count: k)
        table.forEachUnitRow { _, weight, row in
            guard !row.contains(-1) else { return }
            n += weight
            for label in row {
                if first < 0 { first = label } else if label != first { varies = true }
            }
            let origin = values[Int(first)]
            for j in 0..<k { columnSums[j] += weight * (values[Int(row[j])] - origin) }
        }
        guard varies, n >= 2 else { return nil }
        let origin = values[Int(first)]
        let columnMeans = columnSums.map { $0 / n }
        let grand = columnMeans.reduce(0, +) / kk
        // Second pass: sums of squares of rows and of residuals.
        var rowSquares = 0.0
        var errorSquares = 0.0
        table.forEachUnitRow { _, weight, row in
            guard !row.contains(-1) else { return }
            var sum = 0.0
            for label in row { sum += values[Int(label)] - origin }
            let rowMean = sum / kk
            rowSquares += weight * (rowMean - grand) * (rowMean - grand)
            for j in 0..<k {
                let residual = values[Int(row[j])] - origin - rowMean - columnMeans[j] + grand
                errorSquares += weight * residual * residual
            }
        }
        var columnSquares = 0.0
        for mean in columnMeans { columnSquares += (mean - grand) * (mean - grand) }
        let msr = kk * rowSquares / (n - 1)
        let msc = n * columnSquares / (kk - 1)
        let mse = errorSquares / ((n - 1) * (kk - 1))
        let denominator = msr + (kk - 1) * mse + kk * (msc - mse) / n
        let scale = msr + (kk - 1) * mse + kk * (msc + mse) / n
        guard denominator > 1e-12 * scale else { return nil }
        return (msr - mse) / denominator
    }
}
