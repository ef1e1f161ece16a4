import Foundation

/// Asks the judges every question of a plan that the store cannot already answer, committing
/// each judgment the moment it arrives.
///
/// Questions already stored with a verdict are not asked again, so a run interrupted at any
/// point resumes where it stopped; stored failures are asked again.
public struct RunEngine: Sendable {
    public var store: any JudgmentStore
    public var judges: [any Judge]
    /// Requests in flight at once, per judge.
    public var concurrency: Int
    public var progress: (@Sendable (RunProgress) -> Void)?

    public init(
        store: any JudgmentStore, judges: [any Judge], concurrency: Int = 8,
        progress: (@Sendable (RunProgress) -> Void)? = nil
    ) {
        self.store = store
        self.judges = judges
        self.concurrency = max(concurrency, 1)
        self.progress = progress
    }

    /// Runs the plan and returns every judgment it needs, keyed by judgment key.
    public func run(_ plan: RunPlan) async throws -> [String: Judgment] {
        try await store.begin(RunRecord(plan: plan))
        var stored = try await store.judgments(forKeys: plan.judgmentKeys)
        let pending = plan.requests.filter { planned in
            planned.judgmentKeys.contains { stored[$0]?.succeeded != true }
        }
        var state = RunProgress(total: plan.judgmentKeys.count, reused: plan.judgmentKeys.count - pending.reduce(0) { $0 + $1.request.criteria.count })
        progress?(state)

        let byJudge = Dictionary(grouping: pending, by: \.judge)
        try await withThrowingTaskGroup(of: (Int, [Judgment]).self) { group in
            var queues = byJudge.mapValues { $0[...] }
            func startNext(_ judgeIndex: Int) {
                guard var queue = queues[judgeIndex], let next = queue.popFirst() else { return }
                queues[judgeIndex] = queue
                let judge = judges[judgeIndex]
                group.addTask { (judgeIndex, await Self.ask(judge, next)) }
            }
            for judgeIndex in byJudge.keys.sorted() {
                for _ in 0..<concurrency { startNext(judgeIndex) }
            }
            while let (judgeIndex, judgments) = try await group.next() {
                try await store.save(judgments)
                for judgment in judgments {
                    stored[judgment.key] = judgment
                    state.done += 1
                    if !judgment.succeeded { state.failed += 1 }
                }
                state.usage = judgments.reduce(state.usage) { $0 + $1.usage }
                state.cost += judgments.reduce(0) { $0 + $1.cost }
                startNext(judgeIndex)
                progress?(state)
            }
        }
        let failed = plan.judgmentKeys.contains { stored[$0]?.succeeded != true }
        try await store.finish(run: plan.id, status: failed ? .incomplete : .completed)
        return stored
    }

    /// Asks one request and turns the response (or failure) into one judgment per criterion.
    static func ask(_ judge: any Judge, _ planned: PlannedRequest) async -> [Judgment] {
        let request = planned.request
        let started = Date()
        let response: JudgeResponse
        do {
            response = try await judge.judge(request)
        } catch let failure as JudgeFailure {
            response = JudgeResponse(results: [:], latency: Date().timeIntervalSince(started), attempts: failure.attempts)
            return judgments(planned, judge: judge, response: response, failure: failure.reason)
        } catch {
            response = JudgeResponse(results: [:], latency: Date().timeIntervalSince(started))
            return judgments(planned, judge: judge, response: response, failure: "\(type(of: error))")
        }
        return judgments(planned, judge: judge, response: response, failure: nil)
    }

    static func judgments(_ planned: PlannedRequest, judge: any Judge, response: JudgeResponse, failure: String?) -> [Judgment] {
        let request = planned.request
        // A batched call's usage and cost belong to the call; they are recorded on its first judgment.
        return request.criteria.enumerated().map { index, criterion in
            let result = response.results[criterion.id]
            return Judgment(
                key: planned.judgmentKey(criterion.id), system: request.note.system,
                encounter: request.note.encounter, rubric: request.rubricID,
                rubricVersion: request.rubricVersion, criterion: criterion.id,
                judge: judge.descriptor.name, sample: request.sample, verdict: result?.verdict,
                failure: result?.verdict == nil ? (failure ?? result?.failure ?? "no verdict for criterion") : nil,
                explanation: result?.explanation, evidence: result?.evidence,
                usage: index == 0 ? response.usage : .zero, cost: index == 0 ? response.cost : 0,
                latency: response.latency, attempts: response.attempts,
                model: response.model ?? judge.descriptor.model, promptHash: response.promptHash)
        }
    }
}
