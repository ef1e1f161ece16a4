/// How far the corrected difference between two systems is from telling them apart: what the
/// review queue shows per pair, and how it decides to stop asking about a system.
///
/// The interval's half-width h shrinks as 1/√n with the n expert answers behind it, so from
/// the current difference d it is expected to exclude 0 after n·(h/|d|)² answers in all, that is
///
///     n' = n·(h/|d|)² − n
///
/// more (rounded up), if d and the per-answer variance stay where they are. It is an
/// expectation, not a promise: d moves as answers come in. Stopping when an interval excludes 0
/// is a data-dependent rule, so an interval read at that moment covers slightly less often than
/// its nominal 95%; it saves clinicians' time where the ranking is already clear.
public struct ReviewPairProgress: Sendable, Hashable, Codable {
    public var a: String
    public var b: String
    /// Corrected score of a minus that of b.
    public var difference: Double
    public var ci95: [Double]?
    /// More expert answers (on both systems together) expected before the interval excludes 0:
    /// 0 when resolved, nil when there is no interval yet or the difference is exactly 0.
    public var answersNeeded: Int?
    /// `answersNeeded` was cut to the cap (more than the answers still to be had).
    public var capped: Bool
    /// The interval excludes 0.
    public var resolved: Bool

    public init(a: String, b: String, difference: Double, ci95: [Double]?, answersNeeded: Int?, capped: Bool, resolved: Bool) {
        self.a = a
        self.b = b
        self.difference = difference
        self.ci95 = ci95
        self.answersNeeded = answersNeeded
        self.capped = capped
        self.resolved = resolved
    }

    /// The progress of `a − b` from its corrected difference; `cap` is the most answers that
    /// can still be had for the pair (e.g. what the queue holds for the two systems).
    public init(a: String, b: String, difference result: CorrectedDifference, cap: Int) {
        let n = result.expertItems.reduce(0, +)
        var needed: Int?
        var capped = false
        var resolved = false
        if let ci = result.ci95, ci.count == 2 {
            resolved = ci[0] > 0 || ci[1] < 0
            let halfWidth = (ci[1] - ci[0]) / 2
            let d = abs(result.difference)
            if resolved {
                needed = 0
            } else if d > 0, halfWidth.isFinite {
                let total = Double(n) * (halfWidth / d) * (halfWidth / d)
                let more = (total - Double(n)).rounded(.up)
                if more >= Double(max(0, cap)) {
                    needed = max(0, cap)
                    capped = true
                } else {
                    needed = max(0, Int(more))
                }
            }
        }
        self.init(a: a, b: b, difference: result.difference, ci95: result.ci95, answersNeeded: needed, capped: capped, resolved: resolved)
    }

    /// Systems whose every pair is resolved (a system in no pair is never done).
    public static func resolvedSystems(_ pairs: [ReviewPairProgress]) -> Set<String> {
        var open: Set<String> = [], seen: Set<String> = []
        for pair in pairs {
            seen.formUnion([pair.a, pair.b])
            if !pair.resolved { open.formUnion([pair.a, pair.b]) }
        }
        return seen.subtracting(open)
    }

    enum CodingKeys: String, CodingKey {
        case a, b, difference, ci95, capped, resolved
        case answersNeeded = "answers_needed"
    }

    /// Writes `ci95` and `answers_needed` as null when absent: every pair has every field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(a, forKey: .a)
        try container.encode(b, forKey: .b)
        try container.encode(difference, forKey: .difference)
        try container.encode(ci95, forKey: .ci95)
        try container.encode(answersNeeded, forKey: .answersNeeded)
        try container.encode(capped, forKey: .capped)
        try container.encode(resolved, forKey: .resolved)
    }
}
