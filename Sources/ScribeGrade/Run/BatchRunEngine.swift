import Foundation

/// Answers what a run still needs through its judges' provider batches; `RunEngine` then asks
/// whatever is left (items that expired, errored or came back unusable) one by one.
///
/// A batch is stored the moment the provider creates it, before it is polled, so a run killed
/// while it waits polls that batch again when run again instead of submitting its requests
/// twice. A request in any stored batch of the run is never submitted again: if its batch
/// ended without a verdict for it, the synchronous path asks it. Answers are committed through
/// the judgment store, where the first verdict stored for a key wins. Questions are claimed in
/// the store before they are submitted and held until their batch is collected, so another
/// run of the same plan (another process) neither submits them again nor asks them one by one
/// meanwhile: it waits for their answers as it waits for any claimed question.
public struct BatchRunEngine: Sendable {
    public var store: any JudgmentStore & ProviderBatchStore
    public var judges: [any Judge]
    /// What the batches are doing (ids and counts, never content).
    public var report: (@Sendable (String) -> Void)?
    /// Set from outside (Ctrl-C) to stop: no further batch is submitted (one being created is
    /// stored first), polling stops, and `run` returns; the stored batches are polled by the
    /// next run.
    public var interruption: RunInterruption?
    /// Every batch judge (`--batch`), or only those configured `batch: true`.
    public var allJudges: Bool
    /// How long a claim lasts unless renewed; renewed every third of it while batches are pending.
    public var lease: Duration = .seconds(30)

    public init(
        store: any JudgmentStore & ProviderBatchStore, judges: [any Judge], allJudges: Bool = true,
        interruption: RunInterruption? = nil, report: (@Sendable (String) -> Void)? = nil
    ) {
        self.store = store
        self.allJudges = allJudges
        self.judges = judges
        self.interruption = interruption
        self.report = report
    }

    /// Submission stopped by an interruption, after the batch being created was stored.
    struct Stopped: Error {}

    /// A request's custom id in a provider batch: derived from its cache key, so a re-run of
    /// the same plan finds its stored batches' items; 1-64 of `[A-Za-z0-9_-]` as Anthropic asks.
    public static func customID(_ planned: PlannedRequest) -> String {
        var hasher = ContentHasher()
        hasher.add(planned.key)
        return "sg-" + hasher.hexDigest().prefix(40)
    }

    /// Whether the judge's requests go to provider batches: every batch judge with `allJudges`
    /// (`--batch`), else those configured `batch: true`.
    public static func batches(_ judge: any Judge, allJudges: Bool) -> Bool {
        guard let judge = judge as? any BatchJudge else { return false }
        return allJudges || judge.prefersBatch
    }

    /// Polls the run's stored unfinished batches (whether or not this run batches), submits
    /// batches for the requests of batching judges that no stored batch covers and that lack a
    /// verdict, and commits every answer. Returns the number of judgments committed.
    @discardableResult
    public func run(_ plan: RunPlan) async throws -> Int {
        let byCustomID = Dictionary(
            plan.requests.filter { self.judges[$0.judge] is any BatchJudge }.map { (Self.customID($0), $0) }) { first, _ in first }
        guard !byCustomID.isEmpty else { return 0 }
        let stored = try await store.batches(ofRun: plan.id)
        let resumed = stored.filter { $0.status == .submitted }
        let submitting = judges.contains { Self.batches($0, allJudges: allJudges) }
        guard submitting || !resumed.isEmpty else { return 0 }
        try await store.begin(RunRecord(plan: plan))
        let covered = Set(stored.flatMap(\.items.keys))
        if !resumed.isEmpty { report?("Polling \(resumed.count) stored batch(es) of run \(plan.id) instead of submitting again") }

        let pending = submitting ? try await RunEngine(store: store, judges: judges).pending(plan).pending : []
        let unclaimed = Dictionary(
            grouping: pending.filter { Self.batches(self.judges[$0.judge], allJudges: self.allJudges) && !covered.contains(Self.customID($0)) },
            by: \.judge)
        let store = store
        let holder = UUID().uuidString
        let lease = lease
        let renewal = store.renewingClaims(of: holder, lease: lease)
        defer { renewal.cancel() }
        var toSubmit: [Int: [PlannedRequest]] = [:]
        var claimedKeys: [String] = []
        for (judgeIndex, requests) in unclaimed {
            let outcomes = try await store.claim(requests.map(\.judgmentKeys), for: holder, lease: lease)
            let claimed = zip(requests, outcomes).filter { $0.1 == .claimed }.map(\.0)
            claimedKeys += claimed.flatMap(\.judgmentKeys)
            toSubmit[judgeIndex] = claimed
        }
        // Batches another run stored while these were being claimed cover their questions.
        if !claimedKeys.isEmpty {
            let coveredNow = Set(try await store.batches(ofRun: plan.id).flatMap(\.items.keys))
            toSubmit = toSubmit.mapValues { $0.filter { !coveredNow.contains(Self.customID($0)) } }
        }
        do {
            let committed = try await submitAndCollect(
                plan, toSubmit: toSubmit, resumed: resumed, byCustomID: byCustomID, holder: holder)
            await RunEngine.release(Set(claimedKeys), of: holder, in: store)
            return committed
        } catch {
            await RunEngine.release(Set(claimedKeys), of: holder, in: store)
            throw error
        }
    }

    func submitAndCollect(
        _ plan: RunPlan, toSubmit: [Int: [PlannedRequest]], resumed: [ProviderBatchRecord],
        byCustomID: [String: PlannedRequest], holder: String
    ) async throws -> Int {
        let store = store
        let judges = judges
        let report = report
        let interruption = interruption
        return try await withThrowingTaskGroup(of: Int?.self) { group in
            // Collecting tasks return the judgments they committed (0 when stopped); the watcher
            // returns nil once an interruption is requested.
            var collecting = 0
            func collect(_ record: ProviderBatchRecord, judge judgeIndex: Int) {
                collecting += 1
                group.addTask {
                    do {
                        return try await Self.collect(record, judge: judgeIndex, judges: judges, requests: byCustomID, store: store, holder: holder, report: report)
                    } catch where Task.isCancelled {
                        return 0
                    }
                }
            }
            if let interruption {
                group.addTask {
                    while !interruption.isRequested {
                        do { try await Task.sleep(for: .milliseconds(50)) } catch { return 0 }
                    }
                    return nil
                }
            }
            for record in resumed {
                guard let judgeIndex = judges.firstIndex(where: { $0.descriptor.name == record.judge }) else { continue }
                collect(record, judge: judgeIndex)
            }
            submitting: for (judgeIndex, requests) in toSubmit.sorted(by: { $0.key < $1.key }) {
                guard let judge = judges[judgeIndex] as? any BatchJudge else { continue }
                let items = requests.map { (customID: Self.customID($0), request: $0.request) }
                // Batches are created one after another; each is stored before the next is
                // created and collected while later ones are submitted.
                do {
                    try await judge.submitBatches(items) { id, customIDs in
                        let record = ProviderBatchRecord(
                            id: id, provider: judge.batchProvider, judge: judge.descriptor.name, run: plan.id,
                            items: Dictionary(uniqueKeysWithValues: customIDs.compactMap { customID in byCustomID[customID].map { (customID, $0.judgmentKeys) } }))
                        try await store.saveBatch(record)
                        report?("Submitted batch \(id) of \(customIDs.count) request(s) to \(judge.descriptor.name)")
                        collect(record, judge: judgeIndex)
                        if interruption?.isRequested == true { throw Stopped() }
                    }
                } catch is Stopped {
                    break submitting
                }
            }
            var committed = 0
            while collecting > 0, let result = try await group.next() {
                guard let count = result else {
                    report?("Interrupted: the stored batches are polled when the same command runs again")
                    group.cancelAll()
                    break
                }
                committed += count
                collecting -= 1
            }
            group.cancelAll()
            return committed
        }
    }

    /// Waits for one batch, commits the judgments of every item it answered, and marks it collected.
    static func collect(
        _ record: ProviderBatchRecord, judge judgeIndex: Int, judges: [any Judge], requests: [String: PlannedRequest],
        store: any JudgmentStore & ProviderBatchStore, holder: String, report: (@Sendable (String) -> Void)?
    ) async throws -> Int {
        guard let judge = judges[judgeIndex] as? any BatchJudge else { return 0 }
        let planned = record.items.keys.compactMap { customID in requests[customID].map { (customID, $0) } }
        let responses = try await judge.collectBatch(record.id, requests: Dictionary(uniqueKeysWithValues: planned.map { ($0.0, $0.1.request) }))
        let judgments = planned.flatMap { customID, planned in
            responses[customID].map { RunEngine.judgments(planned, judge: judge, response: $0, failure: nil) } ?? []
        }
        if !judgments.isEmpty { try await store.save(judgments, releasingClaimsOf: holder) }
        try await store.setStatus(.collected, ofBatch: record.id)
        let answered = planned.filter { responses[$0.0] != nil }.count
        report?("Batch \(record.id): \(answered) of \(record.items.count) request(s) answered; the rest are asked one by one")
        return judgments.count
    }
}
