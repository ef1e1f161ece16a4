import Foundation

/// Where a run stands.
public enum RunStatus: String, Sendable, Hashable, Codable {
    case running
    case completed
    /// Some judgments failed; a re-run asks them again.
    case incomplete
    /// `--max-cost` was reached before every call was made.
    case budgetExhausted = "budget_exhausted"
    /// Stopped on request (the grading service's cancel); running it again resumes it.
    case cancelled
    /// Stopped by Ctrl-C (SIGINT) after committing every answer that had arrived; running the
    /// same command again resumes it.
    case interrupted
}

/// What a store keeps of a run besides its judgments: enough to rebuild its report.
public struct RunRecord: Sendable, Hashable, Codable {
    public var id: String
    public var createdAt: Date
    public var status: RunStatus
    public var judges: [JudgeDescriptor]
    public var samples: Int
    /// The rubrics as graded (criteria, points, versions), so a report does not depend on
    /// files that may have changed since.
    public var rubrics: [Rubric]
    public var notes: [PlannedNote]
    /// Every judgment key the run needs.
    public var judgmentKeys: [String]
    /// Rubric criteria, or the statement check.
    public var task: JudgeTask
    /// Each note's length in words, by `system/encounter`, for the calibration's length-bias check.
    public var noteWords: [String: Int]?
    /// The part of a split the run graded (`grade --split test`); nil for all encounters.
    public var split: SplitSelection?

    public init(
        id: String, createdAt: Date = Date(), status: RunStatus = .running, judges: [JudgeDescriptor],
        samples: Int, rubrics: [Rubric], notes: [PlannedNote], judgmentKeys: [String], task: JudgeTask = .criterion
    ) {
        self.task = task
        self.id = id
        self.createdAt = createdAt
        self.status = status
        self.judges = judges
        self.samples = samples
        self.rubrics = rubrics
        self.notes = notes
        self.judgmentKeys = judgmentKeys
    }

    public init(plan: RunPlan) {
        self.init(
            id: plan.id, judges: plan.judges, samples: plan.samples, rubrics: plan.rubrics,
            notes: plan.notes, judgmentKeys: plan.judgmentKeys, task: plan.task)
        noteWords = plan.noteWords
        split = plan.split
    }

    /// The run seen through one part of a split: only the notes of its encounters are reported.
    public func restricted(to encounters: Set<String>, split selection: SplitSelection) -> RunRecord {
        var record = self
        record.notes = notes.filter { encounters.contains($0.encounter) }
        record.split = selection
        return record
    }
}

/// Persistence of runs and judgments. Implemented over SQLite in `ScribeGradeStore`.
///
/// Judgments are keyed by `Judgment.key` across runs, so an unchanged question asked by any run
/// is answered from the store. Saving a key again replaces a stored failure (by a success or a
/// newer failure) but never a stored verdict: the first answer wins, and a later one is kept
/// beside it as a repeat, never silently lost. A key is never stored twice.
///
/// Several processes may run plans on one store at once. A run claims the questions it is about
/// to ask (`claim`), so another run skips or waits for them instead of asking them again; claims
/// are leases that their holder renews while working and that end when it saves the answers,
/// releases them, or dies.
public protocol JudgmentStore: Sendable {
    /// Creates the run or, if it exists, keeps its judgments and marks it running again.
    func begin(_ run: RunRecord) async throws
    /// The stored judgments among `keys`, successful or failed.
    func judgments(forKeys keys: [String]) async throws -> [String: Judgment]
    /// Commits judgments durably before returning. The run engine calls it concurrently, once
    /// per answered request, as answers arrive.
    func save(_ judgments: [Judgment]) async throws
    func finish(run: String, status: RunStatus) async throws
    func run(_ id: String) async throws -> RunRecord?
    /// Runs, newest first.
    func runs() async throws -> [RunRecord]

    /// Claims each group of judgment keys (one request's questions) for `holder` until `lease`
    /// from now, whole or not at all, in one transaction: a group is `answered` when every key
    /// is stored with a verdict, `heldElsewhere` when another live holder's lease covers one of
    /// its keys, and otherwise claimed (taking over expired leases and those of dead processes).
    func claim(_ groups: [[String]], for holder: String, lease: Duration) async throws -> [ClaimOutcome]
    /// Extends every claim `holder` still has to `lease` from now.
    func renewClaims(of holder: String, lease: Duration) async throws
    /// Ends `holder`'s claims on `keys`, so others may ask them.
    func releaseClaims(_ keys: [String], of holder: String) async throws
    /// `save`, also ending `holder`'s claims on the saved keys in the same commit.
    func save(_ judgments: [Judgment], releasingClaimsOf holder: String) async throws
}

/// What claiming one request's questions found.
public enum ClaimOutcome: Sendable, Hashable {
    /// This holder may ask them now.
    case claimed
    /// Another live run holds one of them: ask later, or read its answer then.
    case heldElsewhere
    /// Every one is stored with a verdict already.
    case answered
}

/// A store that no other process shares (an empty store for dry runs, a test double): every
/// question is claimable and claims cost nothing.
extension JudgmentStore {
    public func claim(_ groups: [[String]], for holder: String, lease: Duration) async throws -> [ClaimOutcome] {
        Array(repeating: .claimed, count: groups.count)
    }

    public func renewClaims(of holder: String, lease: Duration) async throws {}

    public func releaseClaims(_ keys: [String], of holder: String) async throws {}

    public func save(_ judgments: [Judgment], releasingClaimsOf holder: String) async throws {
        try await save(judgments)
    }
}
