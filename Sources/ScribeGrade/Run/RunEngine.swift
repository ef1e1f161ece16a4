import Foundation

/// Asks the judges every question of a plan that the store cannot already answer, committing
/// each judgment the moment it arrives.
///
/// Questions already stored with a verdict are not asked again, so a run interrupted at any
/// point resumes where it stopped; stored failures are asked again. Each judge has its own
/// bound on requests in flight. With a budget, no request starts once the money spent plus the
/// estimates of the requests in flight would pass it; the run then ends `budget_exhausted`
/// with everything answered so far stored. Cancelling the task stops new requests; answers
/// still in flight are dropped, never stored as failures. An `interruption` (Ctrl-C) stops new
/// requests too but lets those in flight finish and commits their answers; the run then ends
/// `interrupted`. A judge that throws `JudgeUnreachable` (its circuit breaker tripped) is asked
/// nothing more; its unasked questions store nothing, and `run` throws that error once every
/// answer that arrived is committed and the run is marked `incomplete`.
///
/// An LLM judge is asked one request of a note before the others (`warmsPromptCache`): the
/// note's other requests wait until that first answer is back, success or failure, while other
/// notes' first requests fill the judge's window. The provider has then processed, and cached,
/// the prefix the note's requests share (transcript and note) before the rest arrive; sent
/// together, they would all miss the cache.
public struct RunEngine: Sendable {
    public var store: any JudgmentStore
    public var judges: [any Judge]
    /// Requests in flight at once for every judge; `nil` uses each judge's own setting (or 8).
    public var concurrency: Int?
    /// Dollars the run may spend in this invocation; `nil` for no limit.
    public var maxCost: Double?
    public var progress: (@Sendable (RunProgress) -> Void)?
    /// Set from outside (Ctrl-C) to stop asking and end the run `interrupted`.
    public var interruption: RunInterruption?
    /// How long a claim on questions lasts unless renewed; the run renews its claims every
    /// third of it while it works. A claim of a process that died on this host ends at once.
    public var lease: Duration = .seconds(30)
    /// How long a run waits before claiming again questions another run held.
    public var claimRetry: Duration = .milliseconds(500)
    /// Whether an LLM judge's first request of each note goes alone, before that note's others.
    public var warmsPromptCache = true

    public init(
        store: any JudgmentStore, judges: [any Judge], concurrency: Int? = nil, maxCost: Double? = nil,
        interruption: RunInterruption? = nil, progress: (@Sendable (RunProgress) -> Void)? = nil
    ) {
        self.store = store
        self.judges = judges
        self.concurrency = concurrency.map { max($0, 1) }
        self.maxCost = maxCost
        self.interruption = interruption
        self.progress = progress
    }

    /// Requests in flight at once for one judge.
    public func concurrency(of judge: any Judge) -> Int {
        concurrency ?? max(judge.preferredConcurrency ?? 8, 1)
    }

    /// The requests of the plan whose judgments are not all stored with a verdict.
    public func pending(_ plan: RunPlan) async throws -> (pending: [PlannedRequest], stored: [String: Judgment]) {
        let stored = try await store.judgments(forKeys: plan.judgmentKeys)
        let pending = plan.requests.filter { planned in
            planned.judgmentKeys.contains { stored[$0]?.succeeded != true }
        }
        return (pending, stored)
    }

    /// What running the plan would ask, without asking: calls per judge and their estimated
    /// tokens and cost.
    public func dryRun(_ plan: RunPlan) async throws -> DryRun {
        let (pending, _) = try await pending(plan)
        var perJudge: [DryRun.JudgeLine] = plan.judges.map {
            DryRun.JudgeLine(judge: $0.name, label: $0.label, calls: 0, judgments: 0, reused: 0, usage: .zero, cost: 0, estimated: true)
        }
        for planned in plan.requests {
            perJudge[planned.judge].reused += planned.request.criteria.count
        }
        for planned in pending {
            perJudge[planned.judge].calls += 1
            perJudge[planned.judge].judgments += planned.request.criteria.count
            perJudge[planned.judge].reused -= planned.request.criteria.count
            if let estimate = judges[planned.judge].estimate(planned.request) {
                perJudge[planned.judge].usage = perJudge[planned.judge].usage + estimate.usage
                perJudge[planned.judge].cost += estimate.cost
            } else {
                perJudge[planned.judge].estimated = false
            }
        }
        return DryRun(run: plan.id, notes: plan.notes.count, judges: perJudge)
    }

    /// Runs the plan and returns every judgment it needs that is stored, keyed by judgment key.
    public func run(_ plan: RunPlan) async throws -> [String: Judgment] {
        try await store.begin(RunRecord(plan: plan))
        var (pending, stored) = try await pending(plan)
        var state = RunProgress(
            total: plan.judgmentKeys.count,
            reused: plan.judgmentKeys.count - pending.reduce(0) { $0 + $1.request.criteria.count })
        progress?(state)

        var budgetStopped = false
        var unreachable: [Int: JudgeUnreachable] = [:]
        let byJudge = Dictionary(grouping: pending, by: \.judge)
        let store = store
        // Questions are claimed in the store before they are asked, so another run of the same
        // questions on the store skips them (and reads their answers later) instead of asking
        // them again. Claims end with the commit of their answers, or below.
        let holder = UUID().uuidString
        var holding: Set<String> = []
        let lease = lease
        let renewal = store.renewingClaims(of: holder, lease: lease)
        defer { renewal.cancel() }
        do {
            try await withThrowingTaskGroup(of: RunEvent.self) { group in
                // Per judge: requests claimed and ready to ask, requests not claimed yet, requests
                // another run holds (claimed again after `claimRetry`), and requests in flight.
                var queues: [Int: ArraySlice<PlannedRequest>] = [:]
                var unclaimed = byJudge.mapValues { $0[...] }
                var heldElsewhere: [Int: [PlannedRequest]] = [:]
                var claiming: Set<Int> = []
                var inFlight: [Int: Int] = [:]
                var inFlightEstimate = 0.0
                // Per judge that warms the prompt cache: notes whose first request is in flight,
                // and notes whose first answer is back.
                var warming: [Int: Set<String>] = [:]
                var warm: [Int: Set<String>] = [:]
                let warmsUp = judges.map { warmsPromptCache && $0.descriptor.kind == .llm }
                /// Whether a claimed request may go now: any of a judge that does not warm the
                /// cache, or of a warm note; a cold note's first only while none of it is in flight.
                func ready(_ planned: PlannedRequest, _ judgeIndex: Int) -> Bool {
                    let note = planned.request.note.id
                    return !warmsUp[judgeIndex] || warm[judgeIndex, default: []].contains(note)
                        || !warming[judgeIndex, default: []].contains(note)
                }
                /// Claimed requests of the judge that could go now (a cold note's counting once).
                func readyCount(_ judgeIndex: Int) -> Int {
                    let queue = queues[judgeIndex, default: []]
                    guard warmsUp[judgeIndex] else { return queue.count }
                    var cold: Set<String> = []
                    return queue.reduce(0) { count, planned in
                        let note = planned.request.note.id
                        if warm[judgeIndex, default: []].contains(note) { return count + 1 }
                        return !warming[judgeIndex, default: []].contains(note) && cold.insert(note).inserted ? count + 1 : count
                    }
                }
                func startNext(_ judgeIndex: Int) -> Bool {
                    guard !Task.isCancelled, !budgetStopped, interruption?.isRequested != true,
                        var queue = queues[judgeIndex], let index = queue.firstIndex(where: { ready($0, judgeIndex) })
                    else { return false }
                    let next = queue[index]
                    let judge = judges[judgeIndex]
                    // Estimates render the prompt; only a budget needs them.
                    let estimate = maxCost == nil ? 0 : judge.estimate(next.request)?.cost ?? 0
                    if let maxCost, state.cost >= maxCost || state.cost + inFlightEstimate + estimate > maxCost {
                        budgetStopped = true
                        return false
                    }
                    queue.remove(at: index)
                    queues[judgeIndex] = queue
                    let note = next.request.note.id
                    if warmsUp[judgeIndex], !warm[judgeIndex, default: []].contains(note) { warming[judgeIndex, default: []].insert(note) }
                    inFlight[judgeIndex, default: 0] += 1
                    inFlightEstimate += estimate
                    state.inFlight += 1
                    progress?(state)
                    group.addTask {
                        do throws(JudgeUnreachable) {
                            return .answered(judge: judgeIndex, note: note, estimate: estimate, try await Self.ask(judge, next))
                        } catch {
                            return .unreachable(judge: judgeIndex, estimate: estimate, error)
                        }
                    }
                    return true
                }
                /// Starts the judge's claimed requests up to its bound on requests in flight.
                func fill(_ judgeIndex: Int) {
                    while inFlight[judgeIndex, default: 0] < concurrency(of: judges[judgeIndex]), startNext(judgeIndex) {}
                }
                /// Claims the judge's next batch when fewer claimed requests could go than it may have
                /// in flight; once every request was tried, claims again, after a pause, those another
                /// run held (it answers them, releases them, or dies).
                func claimMore(_ judgeIndex: Int) {
                    let limit = concurrency(of: judges[judgeIndex])
                    guard !Task.isCancelled, !budgetStopped, interruption?.isRequested != true, unreachable[judgeIndex] == nil,
                        !claiming.contains(judgeIndex), readyCount(judgeIndex) < limit
                    else { return }
                    let batch: [PlannedRequest]
                    var pause: Duration?
                    if let next = unclaimed[judgeIndex], !next.isEmpty {
                        batch = Array(next.prefix(2 * limit))
                        unclaimed[judgeIndex] = next.dropFirst(2 * limit)
                    } else if let held = heldElsewhere.removeValue(forKey: judgeIndex) {
                        batch = held
                        pause = claimRetry
                    } else {
                        return
                    }
                    claiming.insert(judgeIndex)
                    group.addTask {
                        if let pause {
                            do { try await Task.sleep(for: pause) } catch {
                                return .claimed(judge: judgeIndex, batch, Array(repeating: .heldElsewhere, count: batch.count))
                            }
                        }
                        return .claimed(judge: judgeIndex, batch, try await store.claim(batch.map(\.judgmentKeys), for: holder, lease: lease))
                    }
                }
                for judgeIndex in byJudge.keys.sorted() { claimMore(judgeIndex) }
                while let event = try await group.next() {
                    switch event {
                    case let .answered(judgeIndex, note, estimate, judgments):
                        // The commit starts at once, and the judge's next request does not wait
                        // for it; answers arriving together share a commit (the store groups
                        // concurrent saves).
                        inFlightEstimate -= estimate
                        state.inFlight -= 1
                        if warming[judgeIndex]?.remove(note) != nil { warm[judgeIndex, default: []].insert(note) }
                        state.usage = judgments.reduce(state.usage) { $0 + $1.usage }
                        state.cost += judgments.reduce(0) { $0 + $1.cost }
                        if !judgments.isEmpty {
                            group.addTask {
                                try await store.save(judgments, releasingClaimsOf: holder)
                                return .committed(judgments)
                            }
                        }
                        inFlight[judgeIndex, default: 0] -= 1
                        fill(judgeIndex)
                        claimMore(judgeIndex)
                    case let .claimed(judgeIndex, batch, outcomes):
                        claiming.remove(judgeIndex)
                        for (planned, outcome) in zip(batch, outcomes) {
                            switch outcome {
                            case .claimed:
                                holding.formUnion(planned.judgmentKeys)
                                if unreachable[judgeIndex] == nil { queues[judgeIndex, default: []].append(planned) }
                            case .heldElsewhere:
                                heldElsewhere[judgeIndex, default: []].append(planned)
                            case .answered:
                                // Another run answered them; they are read from the store below.
                                state.reused += planned.request.criteria.count
                            }
                        }
                        fill(judgeIndex)
                        claimMore(judgeIndex)
                        progress?(state)
                    case let .unreachable(judgeIndex, estimate, error):
                        // The judge is asked nothing more; requests of it still in flight end the same way.
                        inFlightEstimate -= estimate
                        state.inFlight -= 1
                        inFlight[judgeIndex, default: 0] -= 1
                        queues[judgeIndex] = nil
                        if unreachable[judgeIndex] == nil { unreachable[judgeIndex] = error }
                    case let .committed(judgments):
                        holding.subtract(judgments.lazy.map(\.key))
                        for judgment in judgments {
                            stored[judgment.key] = judgment
                            state.done += 1
                            if !judgment.succeeded { state.failed += 1 }
                        }
                        progress?(state)
                    }
                }
            }
        } catch {
            await Self.release(holding, of: holder, in: store)
            throw error
        }
        await Self.release(holding, of: holder, in: store)
        try Task.checkCancellation()
        // What other runs answered meanwhile, and verdicts stored before this run's failures.
        let unanswered = plan.judgmentKeys.filter { stored[$0]?.succeeded != true }
        if !unanswered.isEmpty {
            stored.merge(try await store.judgments(forKeys: unanswered)) { _, inStore in inStore }
        }
        let complete = !plan.judgmentKeys.contains { stored[$0]?.succeeded != true }
        let status: RunStatus = complete ? .completed
            : interruption?.isRequested == true ? .interrupted : budgetStopped ? .budgetExhausted : .incomplete
        try await store.finish(run: plan.id, status: status)
        if let first = unreachable.keys.min(), let error = unreachable[first] { throw error }
        return stored
    }

    /// Ends the claims no commit ended (questions cancelled, interrupted, over budget or of an
    /// unreachable judge), even when the run's task is cancelled; a claim that cannot be
    /// released ends with its lease.
    static func release(_ keys: Set<String>, of holder: String, in store: any JudgmentStore) async {
        guard !keys.isEmpty else { return }
        await Task { try? await store.releaseClaims(Array(keys), of: holder) }.value
    }

    /// Asks one request and turns the response (or failure) into one judgment per criterion;
    /// none when the task was cancelled, so an interrupted question is asked again later.
    /// Throws when the judge is unreachable: the question was not asked, and nothing is stored.
    static func ask(_ judge: any Judge, _ planned: PlannedRequest) async throws(JudgeUnreachable) -> [Judgment] {
        let started = Date()
        let response: JudgeResponse
        var failure: String?
        do {
            response = try await judge.judge(planned.request)
        } catch is CancellationError {
            return []
        } catch let unreachable as JudgeUnreachable {
            throw unreachable
        } catch let judgeFailure as JudgeFailure {
            // The answers before the failure were billed: their usage is recorded with it.
            response = JudgeResponse(
                results: [:], usage: judgeFailure.usage, cost: judgeFailure.cost, latency: Date().timeIntervalSince(started),
                attempts: judgeFailure.attempts)
            failure = judgeFailure.reason
        } catch {
            response = JudgeResponse(results: [:], latency: Date().timeIntervalSince(started))
            failure = "\(type(of: error))"
        }
        if Task.isCancelled { return [] }
        return judgments(planned, judge: judge, response: response, failure: failure)
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

/// What a run's task group reports: a request answered (or failed, or dropped on
/// cancellation), or not asked because its judge is unreachable; and later its judgments
/// committed.
enum RunEvent: Sendable {
    /// `note` is the note's id, whose first answer warms the judge's prompt cache.
    case answered(judge: Int, note: String, estimate: Double, [Judgment])
    case unreachable(judge: Int, estimate: Double, JudgeUnreachable)
    /// A batch of requests claimed in the store, with what claiming each found.
    case claimed(judge: Int, [PlannedRequest], [ClaimOutcome])
    case committed([Judgment])
}

/// What a run would ask, per judge, before anything is asked.
public struct DryRun: Sendable, Hashable, Codable {
    public struct JudgeLine: Sendable, Hashable, Codable {
        public var judge: String
        public var label: String
        /// Calls to make (batched calls count once).
        public var calls: Int
        /// Judgments those calls produce.
        public var judgments: Int
        /// Judgments already stored with a verdict.
        public var reused: Int
        public var usage: TokenUsage
        public var cost: Double
        /// False when the judge gives no estimate (offline judges cost nothing).
        public var estimated: Bool
    }

    public var run: String
    public var notes: Int
    public var judges: [JudgeLine]

    public var totalCost: Double { judges.reduce(0) { $0 + $1.cost } }
}
