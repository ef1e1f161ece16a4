/// How far a judge can be trusted: its agreement with clinicians next to how well clinicians agree
/// with each other, overall and per criterion, tag, section and system, with the criteria a rubric
/// author should look at.
public struct CalibrationReport: Sendable, Codable {
    /// One judge (or the jury) against the experts.
    public struct JudgeResult: Sendable, Codable {
        public var name: String
        /// `lexical baseline, not an LLM`, `LLM judge`, `jury`, …
        public var kind: String
        /// Against the experts' majority verdict (items where the experts tie are left out).
        public var vsConsensus: AgreementSummary?
        /// Against each expert separately.
        public var vsExperts: [String: AgreementSummary]
        /// Where the judge's mean agreement with the experts falls among each expert's mean
        /// agreement with the other experts, in percent (HealthBench's comparison); `nil` with
        /// fewer than two experts. Keyed by statistic name.
        public var percentileAmongExperts: [String: Double]
        /// Judgments the judge gave and failed on the rated items.
        public var judged: Int
        public var failed: Int
        /// Over all the run's judgments of this judge.
        public var cost: Double
        public var usage: TokenUsage
        /// Correlation between note scores from the judge's verdicts and from the experts',
        /// on the rated criteria only: `pearson`, `spearman`, `kendall_tau_b`, and `notes`.
        public var noteScoreCorrelation: [String: Double]
        /// Kendall tau-b between systems ranked by the judge's scores and by the experts' (three or more systems).
        public var systemRankingTau: Double?
        public var systemScores: [String: [String: Double]]
        /// Does the judge disagree with the experts more on longer notes? Spearman correlation
        /// between a note's length in words and its share of disagreements, and the
        /// disagreement rate by length tercile.
        public var lengthBias: LengthBias?

        enum CodingKeys: String, CodingKey {
            case name
            case kind
            case vsConsensus = "vs_consensus"
            case vsExperts = "vs_experts"
            case percentileAmongExperts = "percentile_among_experts"
            case judged
            case failed
            case cost
            case usage
            case noteScoreCorrelation = "note_score_correlation"
            case systemRankingTau = "system_ranking_tau"
            case systemScores = "system_scores"
            case lengthBias = "length_bias"
        }
    }

    public struct LengthBias: Sendable, Codable {
        public var spearman: Double?
        public var notes: Int
        /// Disagreement rate in the shortest, middle and longest third of notes.
        public var tercileDisagreement: [Double]
        public var tercileUpperWords: [Int]

        enum CodingKeys: String, CodingKey {
            case spearman
            case notes
            case tercileDisagreement = "tercile_disagreement"
            case tercileUpperWords = "tercile_upper_words"
        }
    }

    /// How well the experts agree with each other: the ceiling a judge is measured against.
    public struct ExpertCeiling: Sendable, Codable {
        /// Items rated by at least two experts.
        public var items: Int
        /// Over all experts: percent agreement, Krippendorff's alpha, Gwet's AC1 (with intervals).
        public var overall: [String: Double]
        public var overallIntervals: [String: ConfidenceInterval]
        /// Each expert against the others: their mean pairwise agreement, by statistic.
        public var perExpert: [String: [String: Double]]

        enum CodingKeys: String, CodingKey {
            case items
            case overall
            case overallIntervals = "overall_intervals"
            case perExpert = "per_expert"
        }
    }

    /// Agreement within one criterion, tag, section or system.
    public struct Group: Sendable, Codable {
        public var kind: String
        public var name: String
        /// Rated items in the group.
        public var items: Int
        /// Each judge against the expert consensus.
        public var judges: [String: AgreementSummary]
        /// Experts' percent agreement among themselves, on items rated by two or more.
        public var expertAgreement: Double?
        public var expertAC1: Double?
        public var expertItems: Int
        /// The expert ceiling a bar chart marks: `expertAgreement`.
        public var flags: [String]
        /// Rated items in the group whose judgment failed, by judge: left out of its statistics.
        public var failed: [String: Int] = [:]

        enum CodingKeys: String, CodingKey {
            case kind
            case name
            case items
            case judges
            case expertAgreement = "expert_agreement"
            case expertAC1 = "expert_ac1"
            case expertItems = "expert_items"
            case flags
            case failed
        }
    }

    /// A criterion the rubric author should look at.
    public struct Flag: Sendable, Codable, Hashable {
        public var criterion: String
        /// `ambiguous` (experts disagree), `judge_cannot` (experts agree, the judge does not),
        /// or `judge_disagrees` (low judge–expert agreement with no second expert to tell which).
        public var kind: String
        public var detail: String
    }

    public var run: String
    public var task: JudgeTask
    public var experts: [String]
    /// Items (criterion × note) that have both a judge verdict and an expert rating.
    public var ratedItems: Int
    /// Expert ratings that match no item of the run.
    public var unmatchedRatings: Int
    /// Items where the experts split evenly; left out of consensus comparisons.
    public var consensusTies: Int
    public var judges: [JudgeResult]
    public var ceiling: ExpertCeiling?
    public var groups: [Group]
    public var flags: [Flag]
    public var bootstrap: BootstrapOptions
    /// The ratings compared with: every source, its raters and how many ratings it gave.
    public var ratingsUsed: RatingsUsed? = nil
    /// Note-level ratings against the judges' note scores, one entry per judge and dimension.
    public var noteLevel: [NoteLevelAgreement]? = nil
    /// The part of a split calibrated on (`calibrate --split dev`), when one was chosen.
    public var split: SplitSelection? = nil
}

extension CalibrationReport {
    enum CodingKeys: String, CodingKey {
        case run, task, experts, judges, ceiling, groups, flags, bootstrap
        case ratedItems = "rated_items"
        case unmatchedRatings = "unmatched_ratings"
        case consensusTies = "consensus_ties"
        case ratingsUsed = "ratings_used"
        case noteLevel = "note_level"
        case split
    }
}
