/// Percentiles by linear interpolation between closest ranks (NumPy's default, "linear").
public enum Percentile {
    /// The `q`-th percentile (0...100) of `values`, which need not be sorted.
    public static func of(_ values: [Double], _ q: Double) -> Double {
        precondition(!values.isEmpty)
        return sorted(values.sorted(), q)
    }

    /// The `q`-th percentile of already sorted values.
    public static func sorted(_ sorted: [Double], _ q: Double) -> Double {
        let position = (q / 100) * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
