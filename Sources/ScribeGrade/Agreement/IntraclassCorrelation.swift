/// The intraclass correlation ICC(2,1): two-way random effects, absolute agreement, single
/// rater (Shrout & Fleiss 1979; McGraw & Wong's ICC(A,1); `pingouin.intraclass_corr`, "ICC2").
public enum IntraclassCorrelation {
    /// ICC(2,1) = (MSR − MSE) / (MSR + (k − 1)·MSE + k·(MSC − MSE)/n) from the two-way ANOVA of
    /// the units every rater rated (units with a missing rating are left out, as pingouin's
    /// `nan_policy="omit"` does). `nil` with fewer than two such units or two raters, when all
    /// their values are equal, or when the denominator vanishes.
    public static func icc21(_ table: RatingTable) -> Double? {
        guard let (msr, msc, mse, n, kk) = meanSquares(table) else { return nil }
        let denominator = msr + (kk - 1) * mse + kk * (msc - mse) / n
        let scale = msr + (kk - 1) * mse + kk * (msc + mse) / n
        guard denominator > 1e-12 * scale else { return nil }
        return (msr - mse) / denominator
    }

    /// ICC(3,1), McGraw & Wong's ICC(C,1): two-way mixed effects, consistency, single rater
    /// (`pingouin.intraclass_corr`, "ICC3") = (MSR − MSE) / (MSR + (k − 1)·MSE), on the units
    /// every rater rated; `nil` as ``icc21(_:)``.
    public static func icc31(_ table: RatingTable) -> Double? {
        guard let (msr, _, mse, _, kk) = meanSquares(table) else { return nil }
        let denominator = msr + (kk - 1) * mse
        let scale = msr + (kk - 1) * mse + 1e-300
        guard denominator > 1e-12 * scale, denominator > 0 else { return nil }
        return (msr - mse) / denominator
    }

    /// The two-way ANOVA's mean squares of rows (units), columns (raters) and error, the
    /// (weighted) number of complete units and the number of raters; `nil` with fewer than two
    /// complete units or two raters, or when every value is equal.
    static func meanSquares(_ table: RatingTable) -> (msr: Double, msc: Double, mse: Double, n: Double, k: Double)? {
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
        return (msr, msc, mse, n, kk)
    }
}
