import Foundation

/// Student's t distribution, for intervals from a cluster-robust variance with few clusters.
public enum StudentT {
    /// P(T ≤ t) with `df` degrees of freedom.
    public static func cdf(_ t: Double, df: Double) -> Double {
        let tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The quantile function (SciPy's `t.ppf`) for `p` in (0, 1): Newton's method on ``cdf``
    /// from the normal quantile, kept inside a bisection bracket.
    public static func quantile(_ p: Double, df: Double) -> Double {
        precondition(p > 0 && p < 1 && df > 0)
        if p < 0.5 { return -quantile(1 - p, df: df) }
        if p == 0.5 { return 0 }
        var low = 0.0, high = max(1.0, StandardNormal.quantile(p))
        while cdf(high, df: df) < p { low = high; high *= 2 }
        let logNorm = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi)
        var t = min(max(StandardNormal.quantile(p), low), high)
        for _ in 0..<100 {
            let f = cdf(t, df: df) - p
            if f == 0 { return t }
            if f < 0 { low = t } else { high = t }
            let density = exp(logNorm - (df + 1) / 2 * log1p(t * t / df))
            var next = t - f / density
            if !(next > low && next < high) { next = (low + high) / 2 }
            if abs(next - t) <= 1e-15 * max(1, abs(t)) { return next }
            t = next
        }
        return t
    }

    /// The two-sided critical value for a `confidence` interval.
    public static func critical(confidence: Double, df: Double) -> Double {
        quantile(1 - (1 - confidence) / 2, df: df)
    }

    /// I_x(a, b), by the continued fraction (modified Lentz).
    static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x))
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedBeta(1 - x, b, a) }
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var f = d
        for m in 1...300 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            f *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            f *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return front * f / a
    }
}
