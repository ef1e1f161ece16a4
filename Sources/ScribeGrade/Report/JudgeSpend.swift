/// What one judge's stored judgments of a run billed: the tokens as its provider reported them
/// and their cost.
public struct JudgeSpend: Sendable, Hashable {
    public var judge: String
    public var usage: TokenUsage
    public var cost: Double

    public init(judge: String, usage: TokenUsage, cost: Double) {
        self.judge = judge
        self.usage = usage
        self.cost = cost
    }

    /// What each of the run's judges billed for the judgments of the run's notes (failed ones
    /// billed too), in judge order; summed in the order of the run's judgment keys, so the same
    /// store gives the same cost to the last digit.
    static func of(_ run: RunRecord, judgments: [String: Judgment]) -> [JudgeSpend] {
        let notes = Set(run.notes)
        var spent: [String: JudgeSpend] = [:]
        for key in run.judgmentKeys {
            guard let judgment = judgments[key],
                notes.contains(PlannedNote(system: judgment.system, encounter: judgment.encounter, rubric: judgment.rubric))
            else { continue }
            var judge = spent[judgment.judge] ?? JudgeSpend(judge: judgment.judge, usage: .zero, cost: 0)
            judge.usage = judge.usage + judgment.usage
            judge.cost += judgment.cost
            spent[judgment.judge] = judge
        }
        return run.judges.map { spent[$0.name] ?? JudgeSpend(judge: $0.name, usage: .zero, cost: 0) }
    }
}
