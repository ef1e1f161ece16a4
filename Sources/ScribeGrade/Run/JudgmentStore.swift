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
    }
}

/// Persistence of runs and judgments. Implemented over SQLite in `ScribeGradeStore`.
///
/// Judgments are keyed by `Judgment.key` across runs, so an unchanged question asked by any run
/// is answered from the store. Saving a key again replaces the earlier judgment (a success
/// replaces a failure); a key is never stored twice.
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
}
