/// The question a judge answers about a note.
public enum JudgeTask: String, Sendable, Hashable, Codable {
    /// Does the note meet the rubric criterion? (`met` / `not_met`)
    case criterion
    /// Is this statement of the note supported by the transcript? (`met` = supported)
    case statementSupport = "statement_support"
    /// Write the SOAP note of the encounter from its transcript (`scribegrade generate`): the
    /// request's one criterion, `note`, stands for the note to write, and the answer's
    /// `explanation` carries the note (see `ScribeRequest`).
    case scribe
}

/// What a judge is asked: whether a note meets one criterion (or, in batched mode, each of
/// several criteria of one section) of a rubric, or — for the statement check — whether each
/// statement (carried as a criterion) is supported by the transcript.
public struct JudgeRequest: Sendable, Hashable {
    public var task: JudgeTask
    public var rubricID: String
    public var rubricVersion: Int
    /// One criterion in per-criterion mode; all criteria of a section in batched mode.
    public var criteria: [Criterion]
    public var note: Note
    /// The transcript; `nil` for judges that do not read it.
    public var encounter: Encounter?
    /// Which repeat of the same question this is (0-based), for `--samples K`.
    public var sample: Int

    public init(
        rubricID: String, rubricVersion: Int, criteria: [Criterion], note: Note,
        encounter: Encounter? = nil, sample: Int = 0, task: JudgeTask = .criterion
    ) {
        self.task = task
        self.rubricID = rubricID
        self.rubricVersion = rubricVersion
        self.criteria = criteria
        self.note = note
        self.encounter = encounter
        self.sample = sample
    }
}
