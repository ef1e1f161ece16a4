extension GradeReport {
    /// The share of a system's judgments that may fail before its score is not ranked: 5%.
    public static let defaultMaxFailedShare = 0.05

    /// The share of a system's criteria (over all its notes) left without a verdict because
    /// their judgment failed; 0 for a system with no criteria.
    public func failedShare(of system: String) -> Double {
        var failed = 0
        var criteria = 0
        for note in notes where note.system == system {
            failed += note.failed
            criteria += note.criteria.count
        }
        return criteria == 0 ? 0 : Double(failed) / Double(criteria)
    }

    /// Whether a system's score may be ranked: some note of it has a score and its failed share
    /// is at most `maxFailedShare`. A score over the few criteria that did get a verdict says
    /// little about the system, and a leaderboard must not present it as if it did; a system
    /// with no scored note has no score at all (not 0), whatever `maxFailedShare` allows.
    public func isRanked(_ system: String, maxFailedShare: Double) -> Bool {
        hasScore(system) && failedShare(of: system) <= maxFailedShare
    }

    /// Whether any note of a system has a score; none has when every judgment of its notes failed.
    public func hasScore(_ system: String) -> Bool {
        notes.contains { $0.system == system && $0.score != nil }
    }

    /// The judgments (criteria of the reported notes) that failed and were asked, in all.
    public var failedJudgments: (failed: Int, of: Int) {
        notes.reduce((0, 0)) { ($0.0 + $1.failed, $0.1 + $1.criteria.count) }
    }

    /// The line saying how many judgments failed and were left out of the scores; `nil` when none did.
    var failedLine: String? {
        let (failed, total) = failedJudgments
        return failed == 0 ? nil : "\(failed) of \(total) judgments failed and are left out of the scores (the Failed column says whose)"
    }

    /// The footnote for a system that is not ranked: that it has no score, or its failed share
    /// above the threshold.
    public func notRankedFootnote(_ system: String, maxFailedShare: Double) -> String {
        let retry = "run the same command again to retry them"
        guard hasScore(system) else {
            let own = notes.filter { $0.system == system }
            let failed = own.reduce(0) { $0 + $1.failed }
            if failed == own.reduce(0, { $0 + $1.criteria.count }) {
                return "\(system): 100% of its judgments failed (all \(failed)): no score; \(retry)"
            }
            return "\(system): no note has a score (\(failed) judgments failed, the others earn no positive points)"
        }
        let share = failedShare(of: system)
        return "\(system): \(Self.percent(share)) of its judgments failed (above --max-failed-share \(Self.percent(maxFailedShare))): not ranked; \(retry)"
    }

    /// A share as a percentage with at most one decimal: `5%`, `99.9%`.
    static func percent(_ share: Double) -> String {
        let value = (share * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }
}
