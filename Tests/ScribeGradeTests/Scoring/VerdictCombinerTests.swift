import Testing
@testable import ScribeGrade

@Suite struct VerdictCombinerTests {
    func judgment(_ judge: String, _ sample: Int, _ verdict: Verdict?, criterion: String = "c", failure: String? = nil) -> Judgment {
        Judgment(
            key: "\(judge)-\(sample)-\(criterion)", system: "A", encounter: "e", rubric: "r", rubricVersion: 1,
            criterion: criterion, judge: judge, sample: sample, verdict: verdict, failure: failure)
    }

    @Test func majorityTakesTheMoreCommonVerdictAndReportsTies() {
        let two = VerdictCombiner.combine([judgment("j", 0, .met), judgment("j", 1, .notMet), judgment("j", 2, .notMet)], method: .majority)
        #expect(two.credit == 0 && !two.tie)
        let tie = VerdictCombiner.combine([judgment("j", 0, .met), judgment("j", 1, .notMet)], method: .majority)
        #expect(tie.credit == 1 && tie.tie)
    }

    @Test func unanimityNeedsEveryJudgmentMet() {
        #expect(VerdictCombiner.combine([judgment("a", 0, .met), judgment("b", 0, .met)], method: .unanimity).credit == 1)
        #expect(VerdictCombiner.combine([judgment("a", 0, .met), judgment("b", 0, .notMet)], method: .unanimity).credit == 0)
    }

    @Test func meanGivesFractionalCreditAndFailuresDoNotVote() {
        let combined = VerdictCombiner.combine(
            [judgment("j", 0, .met), judgment("j", 1, .notMet), judgment("j", 2, .met), judgment("j", 3, nil, failure: "timeout")],
            method: .mean)
        #expect(combined.credit == 2.0 / 3.0)
        let failed = VerdictCombiner.combine([judgment("j", 0, nil, failure: "HTTP 500")], method: .mean)
        #expect(failed.credit == nil && failed.failure == "HTTP 500")
    }

    @Test func fractionalCreditScoresPointsTimesCredit() {
        let rubric = Rubric(id: "r", encounter: "e", criteria: [
            Criterion(id: "a", text: "a", points: 2, critical: true),
            Criterion(id: "b", text: "b", points: 2),
            Criterion(id: "p", text: "p", points: -4, critical: true),
        ])
        let score = NoteScorer.score(rubric: rubric, system: "A", credits: ["a": 0.25, "b": 1, "p": 0.75])
        // (0.5 + 2 − 3) / 4
        #expect(score.score == -0.125)
        #expect(Set(score.criticalMissed) == ["a", "p"])
        #expect(score.criteria.first { $0.id == "a" }?.credit == 0.25)
        #expect(score.criteria.first { $0.id == "b" }?.credit == nil)
    }

    @Test func reportCombinesSamplesAndMeasuresSelfConsistency() {
        let rubric = Rubric(id: "r", encounter: "e", criteria: [
            Criterion(id: "c1", text: "x", points: 1), Criterion(id: "c2", text: "y", points: 1),
        ])
        var judgments: [String: Judgment] = [:]
        for (criterion, verdicts) in [("c1", [Verdict.met, .met, .met]), ("c2", [.met, .notMet, .notMet])] {
            for (sample, verdict) in verdicts.enumerated() {
                let j = judgment("j", sample, verdict, criterion: criterion)
                judgments[j.key] = j
            }
        }
        let record = RunRecord(
            id: "run", judges: [JudgeDescriptor(name: "j", kind: .llm, readsTranscript: true)], samples: 3,
            rubrics: [rubric], notes: [PlannedNote(system: "A", encounter: "e", rubric: "r")], judgmentKeys: Array(judgments.keys))
        let majority = GradeReport.build(run: record, judgments: judgments, combination: .majority)
        #expect(majority.notes[0].score == 0.5)
        let mean = GradeReport.build(run: record, judgments: judgments, combination: .mean)
        #expect(mean.notes[0].score == (1 + 1.0 / 3.0) / 2)
        let consistency = majority.selfConsistency
        #expect(consistency.count == 1)
        #expect(consistency[0].questions == 2)
        #expect(consistency[0].disagreementRate == 0.5)
        #expect(consistency[0].criteria == ["r/c2": 1])
    }
}
