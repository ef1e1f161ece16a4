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

    /// Whether a system's score may be ranked: its failed share is at most `maxFailedShare`.
    /// A score over the few criteria that did get a verdict says little about the system, and a
    /// leaderboard must not present it as if it did.
    public func isRanked(_ system: String, maxFailedShare: Double) -> Bool {
        failedShare(of: system) <= maxFailedShare
    }

    /// The footnote for a system that is not ranked, naming its failed share and the threshold.
    static func notRankedFootnote(_ system: String, share: Double, maxFailedShare: Double) -> String {
        "\(system): \(percent(share)) of its judgments failed (above --max-failed-share \(percent(maxFailedShare))): not ranked; run the same command again to retry them"
    }

    /// A share as a percentage with at most one decimal: `5%`, `99.9%`.
    static func percent(_ share: Double) -> String {
        let value = (share * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }
}
