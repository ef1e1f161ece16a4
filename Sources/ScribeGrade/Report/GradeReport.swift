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
    public var combination: VerdictCombiner.Method
    /// How often repeated samples of one judge disagree, per judge (empty without `--samples`).
    public var selfConsistency: [SelfConsistency]
    /// The scores on the clinicians' scale, when expert ratings were given (`--ratings`).
    public var correction: CorrectedLeaderboard? = nil
    /// The part of a split the report covers, when it covers one.
    public var split: SplitSelection? = nil
    /// What each judge billed, in the run's judge order.
    public var spend: [JudgeSpend] = []

    public init(
        run: String, judges: [JudgeDescriptor], systems: [SystemScore], comparisons: [SystemComparison],
        notes: [NoteScore], bootstrap: BootstrapOptions, ties: Int = 0, task: JudgeTask = .criterion,
        combination: VerdictCombiner.Method = .majority, selfConsistency: [SelfConsistency] = []
    ) {
        self.task = task
        self.combination = combination
        self.selfConsistency = selfConsistency
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

    /// Rebuilds the report of a stored run from its record and judgments, combining the verdicts
    /// of several judges or samples of one criterion with `combination`.
    public static func build(
        run: RunRecord, judgments: [String: Judgment], bootstrap: BootstrapOptions = BootstrapOptions(),
        combination: VerdictCombiner.Method = .majority
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
        var consistency = SelfConsistency.Counter()
        for note in run.notes {
            guard let rubric = rubrics[note.rubric] else { continue }
            var credits: [String: Double] = [:]
            var failures: [String: String] = [:]
            for (criterion, list) in grouped[note] ?? [:] {
                let ordered = list.sorted { (judgeOrder[$0.judge] ?? 0, $0.sample) < (judgeOrder[$1.judge] ?? 0, $1.sample) }
                consistency.add(ordered, criterion: "\(note.rubric)/\(criterion)")
                let combined = VerdictCombiner.combine(ordered, method: combination)
                if combined.tie { ties += 1 }
                if let credit = combined.credit { credits[criterion] = credit } else { failures[criterion] = combined.failure }
            }
            scores.append(NoteScorer.score(rubric: rubric, system: note.system, credits: credits, failures: failures))
        }
        let systems = SystemScorer.score(scores, options: bootstrap)
        let comparisons = SystemScorer.compare(scores, systems: systems.map(\.system), options: bootstrap)
        var report = GradeReport(
            run: run.id, judges: run.judges, systems: systems, comparisons: comparisons, notes: scores,
            bootstrap: bootstrap, ties: ties, task: run.task, combination: combination,
            selfConsistency: consistency.results(samples: run.samples))
        report.split = run.split
        report.spend = JudgeSpend.of(run, judgments: judgments)
        return report
    }
}

/// Combines several judgments of one criterion (a jury, or repeated samples) into the credit
/// the criterion earns.
public enum VerdictCombiner {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// The verdict most judgments gave; an even split goes to the first judge's first sample
        /// and is counted as a tie.
        case majority
        /// Met only when every judgment says met.
        case unanimity
        /// Credit = share of judgments saying met (fractional points).
        case mean
    }

    public struct Combined: Sendable, Hashable {
        /// 1 for met, 0 for not met, in between for `mean`; `nil` when every judgment failed.
        public var credit: Double?
        public var tie: Bool
        public var failure: String?

        public var verdict: Verdict? { credit.map(Verdict.init(credit:)) }
    }

    /// Failed judgments do not vote; if all failed, the first failure's reason is kept.
    public static func combine(_ judgments: [Judgment], method: Method) -> Combined {
        let votes = judgments.compactMap(\.verdict)
        guard let first = votes.first else {
            return Combined(credit: nil, tie: false, failure: judgments.first?.failure ?? "no judgment")
        }
        let met = votes.filter { $0 == .met }.count
        let notMet = votes.count - met
        switch method {
        case .majority:
            if met == notMet { return Combined(credit: first == .met ? 1 : 0, tie: true) }
            return Combined(credit: met > notMet ? 1 : 0, tie: false)
        case .unanimity:
            return Combined(credit: notMet == 0 ? 1 : 0, tie: false)
        case .mean:
            return Combined(credit: Double(met) / Double(votes.count), tie: false)
        }
    }

    public static func majority(_ judgments: [Judgment]) -> Combined {
        combine(judgments, method: .majority)
    }
}
