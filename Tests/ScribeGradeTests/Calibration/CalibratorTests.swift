import Testing
@testable import ScribeGrade

@Suite struct CalibratorTests {
    static let encounters = (1...6).map { "e\($0)" }
    static let systems = ["A", "B"]
    static let rubrics = encounters.map { encounter in
        Rubric(id: "r-\(encounter)", encounter: encounter, criteria: [
            Criterion(id: "clear", section: .subjective, text: "clear", points: 1, tags: ["history"]),
            Criterion(id: "vague", section: .plan, text: "vague", points: 1),
            Criterion(id: "hard", section: .assessment, text: "hard", points: 2, critical: true),
        ])
    }

    /// The truth: `clear` met for system A only, `vague` met on even encounters, `hard` met for B.
    static func truth(_ system: String, _ encounter: Int, _ criterion: String) -> Verdict {
        switch criterion {
        case "clear": return system == "A" ? .met : .notMet
        case "vague": return encounter % 2 == 0 ? .met : .notMet
        default: return system == "B" ? .met : .notMet
        }
    }

    func run(judge: (String, Int, String) -> Verdict) -> (RunRecord, [String: Judgment]) {
        var judgments: [String: Judgment] = [:]
        var notes: [PlannedNote] = []
        for (index, encounter) in Self.encounters.enumerated() {
            for system in Self.systems {
                notes.append(PlannedNote(system: system, encounter: encounter, rubric: "r-\(encounter)"))
                for criterion in ["clear", "vague", "hard"] {
                    let key = "\(system)-\(encounter)-\(criterion)"
                    judgments[key] = Judgment(
                        key: key, system: system, encounter: encounter, rubric: "r-\(encounter)", rubricVersion: 1,
                        criterion: criterion, judge: "judge", sample: 0, verdict: judge(system, index + 1, criterion),
                        usage: TokenUsage(input: 100, output: 10), cost: 0.001)
                }
            }
        }
        let record = RunRecord(
            id: "run-test", judges: [JudgeDescriptor(name: "judge", kind: .llm, readsTranscript: true)], samples: 1,
            rubrics: Self.rubrics, notes: notes, judgmentKeys: judgments.keys.sorted())
        return (record, judgments)
    }

    /// Experts x, y, z agree with the truth on `clear` and `hard`; on `vague` each flips a
    /// different third of the notes, so they disagree with each other.
    func ratings() -> [ExpertRating] {
        var ratings: [ExpertRating] = []
        for (index, encounter) in Self.encounters.enumerated() {
            for (s, system) in Self.systems.enumerated() {
                for criterion in ["clear", "vague", "hard"] {
                    for (e, expert) in ["x", "y", "z"].enumerated() {
                        var verdict = Self.truth(system, index + 1, criterion)
                        if criterion == "vague", (index * 2 + s) % 3 == e { verdict = verdict == .met ? .notMet : .met }
                        if criterion == "vague", (index * 2 + s + 1) % 3 == e { verdict = verdict == .met ? .notMet : .met }
                        ratings.append(ExpertRating(system: system, encounter: encounter, criterion: criterion, rater: expert, verdict: verdict))
                    }
                }
            }
        }
        return ratings
    }

    @Test func judgeThatMatchesTheTruthAgreesWithTheExpertMajority() {
        let (record, judgments) = run { system, encounter, criterion in Self.truth(system, encounter, criterion) }
        let report = Calibrator.calibrate(run: record, judgments: judgments, ratings: ratings(), bootstrap: BootstrapOptions(resamples: 200))
        #expect(report.experts == ["x", "y", "z"])
        #expect(report.ratedItems == 36)
        #expect(report.unmatchedRatings == 0)
        let judge = report.judges[0]
        // Two of three experts flip each `vague` item: the majority is the opposite of the truth
        // there (12 items), and right elsewhere (24 items).
        #expect(judge.vsConsensus?.n == 36)
        #expect(abs((judge.vsConsensus?.percentAgreement ?? 0) - 24.0 / 36.0) < 1e-12)
        #expect(judge.cost > 0.0359 && judge.cost < 0.0361)
        #expect(judge.usage.input == 3600)
    }

    @Test func expertCeilingAndPercentileComeFromExpertPairs() throws {
        let (record, judgments) = run { system, encounter, criterion in Self.truth(system, encounter, criterion) }
        let report = Calibrator.calibrate(run: record, judgments: judgments, ratings: ratings(), bootstrap: BootstrapOptions(resamples: 200))
        let ceiling = try #require(report.ceiling)
        #expect(ceiling.items == 36)
        // Each pair of experts disagrees on 2/3 of the 12 `vague` items (8) and on nothing else:
        // pairwise agreement (36 − 8) / 36 for every pair, so also overall.
        #expect(abs((ceiling.overall["percent_agreement"] ?? 0) - 28.0 / 36.0) < 1e-12)
        for expert in ["x", "y", "z"] {
            #expect(abs((ceiling.perExpert[expert]?["percent_agreement"] ?? 0) - 28.0 / 36.0) < 1e-12)
        }
        // The truthful judge agrees with each expert on 24 + 12/3 = 28 items as well: 50th percentile.
        #expect(report.judges[0].percentileAmongExperts["percent_agreement"] == 50)
        #expect(ceiling.overallIntervals["percent_agreement"] != nil)
    }

    @Test func flagsAmbiguousCriteriaAndCriteriaTheJudgeCannotDo() {
        // A judge that gets `hard` backwards.
        let (record, judgments) = run { system, encounter, criterion in
            let truth = Self.truth(system, encounter, criterion)
            return criterion == "hard" ? (truth == .met ? .notMet : .met) : truth
        }
        // Each rubric belongs to one encounter, so a criterion has one item per system (2 here).
        var thresholds = Calibrator.Thresholds()
        thresholds.minimumItems = 2
        let report = Calibrator.calibrate(run: record, judgments: judgments, ratings: ratings(), bootstrap: BootstrapOptions(resamples: 100), thresholds: thresholds)
        let flags = Dictionary(uniqueKeysWithValues: report.flags.map { ($0.criterion, $0.kind) })
        // vague: on every item two experts flip and one does not, so experts agree on 1/3 of pairs.
        // hard: experts agree fully, the judge never does.
        #expect(flags.count == 12)
        for encounter in Self.encounters {
            #expect(flags["r-\(encounter)/vague"] == "ambiguous")
            #expect(flags["r-\(encounter)/hard"] == "judge_cannot")
            #expect(flags["r-\(encounter)/clear"] == nil)
        }
        let defaults = Calibrator.calibrate(run: record, judgments: judgments, ratings: ratings(), bootstrap: BootstrapOptions(resamples: 20))
        #expect(defaults.flags.isEmpty, "two notes per criterion are below the default minimum of three")
    }

    @Test func noteScoresAndSystemRankingFollowTheVerdicts() {
        let (record, judgments) = run { system, encounter, criterion in Self.truth(system, encounter, criterion) }
        let report = Calibrator.calibrate(run: record, judgments: judgments, ratings: ratings(), bootstrap: BootstrapOptions(resamples: 50))
        let judge = report.judges[0]
        #expect(judge.noteScoreCorrelation["notes"] == 12)
        #expect(judge.systemScores.keys.sorted() == ["A", "B"])
        // A: clear met (1) of 4 positive points plus vague on even encounters.
        #expect(abs((judge.systemScores["A"]?["judge"] ?? 0) - (1.0 + 0.5) / 4.0) < 1e-12)
        #expect(judge.systemRankingTau == nil, "two systems: a rank correlation would be ±1 whatever the scores")
    }

    @Test func ratingsForAnotherRunAreCountedAsUnmatched() {
        let (record, judgments) = run { system, encounter, criterion in Self.truth(system, encounter, criterion) }
        let stray = [ExpertRating(system: "C", encounter: "e1", criterion: "clear", rater: "x", verdict: .met)]
        let report = Calibrator.calibrate(run: record, judgments: judgments, ratings: ratings() + stray, bootstrap: BootstrapOptions(resamples: 20))
        #expect(report.unmatchedRatings == 1)
    }
}
