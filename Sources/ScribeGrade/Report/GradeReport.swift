/// The results of a grading run: the leaderboard, paired system comparisons and every note's
/// score, as printed by `grade` and `report` in every format.
public struct GradeReport: Sendable, Hashable {
    public var run: String
    public var judges: [JudgeDescriptor]
    public var systems: [SystemScore]
    public var comparisons: [SystemComparison]
    public var notes: [NoteScore]
    public var bootstrap: BootstrapOptions
    /// Criteria where the judges or samples split evenly, resolved as described in `VerdictCombiner`.
    public var ties: Int
    /// Rubric criteria, or the statement check (where a score is the share of statements supported).
    public var task: JudgeTask

    public init(
        run: String, judges: [JudgeDescriptor], systems: [SystemScore], comparisons: [SystemComparison],
        notes: [NoteScore], bootstrap: BootstrapOptions, ties: Int = 0, task: JudgeTask = .criterion
    ) {
        self.task = task
        self.run = run
        self.judges = judges
        self.systems = systems
        self.comparisons = comparisons
        self.notes = notes
        self.bootstrap = bootstrap
        self.ties = ties
    }

    /// The judges' names joined with `+`, e.g. `baseline` or `openai:gpt-4.1+anthropic:claude`.
    public var judgeName: String { judges.map(\.name).joined(separator: "+") }

    /// How the judges are described in outputs, e.g. `baseline (lexical baseline, not an LLM)`.
    public var judgeLabel: String { judges.map(\.label).joined(separator: " + ") }

    /// Rebuilds the report of a stored run from its record and judgments.
    public static func build(
        run: RunRecord, judgments: [String: Judgment], bootstrap: BootstrapOptions = BootstrapOptions()
    ) -> GradeReport {
        let rubrics = Dictionary(run.rubrics.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let judgeOrder = Dictionary(run.judges.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var grouped: [PlannedNote: [String: [Judgment]]] = [:]
        for key in run.judgmentKeys {
            guard let judgment = judgments[key] else { continue }
            let note = PlannedNote(system: judgment.system, encounter: judgment.encounter, rubric: judgment.rubric)
            grouped[note, default: [:]][judgment.criterion, default: []].append(judgment)
        }
        var ties = 0
        var scores: [NoteScore] = []
        for note in run.notes {
            guard let rubric = rubrics[note.rubric] else { continue }
            var verdicts: [String: Verdict] = [:]
            var failures: [String: String] = [:]
            for (criterion, list) in grouped[note] ?? [:] {
                let ordered = list.sorted { (judgeOrder[$0.judge] ?? 0, $0.sample) < (judgeOrder[$1.judge] ?? 0, $1.sample) }
                let combined = VerdictCombiner.majority(ordered)
                if combined.tie { ties += 1 }
                if let verdict = combined.verdict { verdicts[criterion] = verdict } else { failures[criterion] = combined.failure }
            }
            scores.append(NoteScorer.score(rubric: rubric, system: note.system, verdicts: verdicts, failures: failures))
        }
        let systems = SystemScorer.score(scores, options: bootstrap)
        let comparisons = SystemScorer.compare(scores, systems: systems.map(\.system), options: bootstrap)
        return GradeReport(
            run: run.id, judges: run.judges, systems: systems, comparisons: comparisons, notes: scores,
            bootstrap: bootstrap, ties: ties, task: run.task)
    }
}

/// Combines several judgments of one criterion (a jury, or repeated samples) into one verdict.
public enum VerdictCombiner {
    public struct Combined: Sendable, Hashable {
        public var verdict: Verdict?
        public var tie: Bool
        public var failure: String?
    }

    /// The verdict most judgments gave. A tie goes to the first judgment's verdict (first judge,
    /// first sample) and is counted. Failed judgments do not vote; if all failed, the first
    /// failure's reason is kept.
    public static func majority(_ judgments: [Judgment]) -> Combined {
        let votes = judgments.compactMap(\.verdict)
        guard let first = votes.first else {
            return Combined(verdict: nil, tie: false, failure: judgments.first?.failure ?? "no judgment")
        }
        let met = votes.filter { $0 == .met }.count
        let notMet = votes.count - met
        if met == notMet { return Combined(verdict: first, tie: true) }
        return Combined(verdict: met > notMet ? .met : .notMet, tie: false)
    }
}
