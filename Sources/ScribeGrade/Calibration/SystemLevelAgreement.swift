/// Whether a judge ranks the systems as the clinicians do on one note-level dimension: Kendall
/// τ-b between the systems' mean judge score and their mean expert rating, over the notes that
/// have both, with a 95% interval from the same bootstrap over encounters as the note-level
/// statistics.
public struct SystemLevelAgreement: Sendable, Codable, Hashable {
    /// `value` is `nil` with fewer than three systems: with two, a rank correlation is ±1
    /// whatever the scores.
    public var kendallTauB: NoteLevelAgreement.Estimate
    /// Systems with at least one note that has both a judge score and a rating.
    public var systems: Int

    public init(kendallTauB: NoteLevelAgreement.Estimate, systems: Int) {
        self.kendallTauB = kendallTauB
        self.systems = systems
    }

    enum CodingKeys: String, CodingKey {
        case systems
        case kendallTauB = "kendall_tau_b"
    }

    /// τ-b (`scipy.stats.kendalltau`) of the per-system weighted means of `judge` and `expert`,
    /// where note `i` belongs to system `system[i]` and counts `weights[i]` times; systems of
    /// weight 0 (not drawn in a resample) are left out. `nil` under three systems.
    static func tau(system: [Int], judge: [Double], expert: [Double], weights: [Double]) -> Double? {
        let count = (system.max() ?? -1) + 1
        var sums = [(weight: Double, judge: Double, expert: Double)](repeating: (0, 0, 0), count: count)
        for i in system.indices where weights[i] > 0 {
            sums[system[i]].weight += weights[i]
            sums[system[i]].judge += weights[i] * judge[i]
            sums[system[i]].expert += weights[i] * expert[i]
        }
        let rows = sums.enumerated().filter { $0.element.weight > 0 }
            .map { (unit: String($0.offset), cluster: String?.none, a: $0.element.judge / $0.element.weight, b: $0.element.expert / $0.element.weight) }
        guard rows.count >= 3, let table = NoteLevelAgreement.twoRaterTable(rows) else { return nil }
        return KendallTauB.of(table.pair(0, 1))
    }
}
