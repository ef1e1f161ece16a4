import Testing
@testable import ScribeGrade

@Suite struct NoteScorerTests {
    /// pc (2, critical), duration (1), exam (1, objective), invents (-5, penalty, critical), safety (-1).
    let rubric = Rubric(id: "r1", encounter: "e1", criteria: [
        Criterion(id: "pc", section: .subjective, text: "Diarrhoea", points: 2, critical: true, tags: ["history"]),
        Criterion(id: "duration", section: .subjective, text: "3 days", points: 1, tags: ["history"]),
        Criterion(id: "exam", section: .objective, text: "Abdomen soft", points: 1),
        Criterion(id: "invents", section: .objective, text: "Invents exam", points: -5, critical: true, tags: ["fabrication"]),
        Criterion(id: "unsafe", section: .plan, text: "Unsafe advice", points: -1, tags: ["fabrication", "safety"]),
    ])

    @Test func scoreIsPointsMetOverPositivePoints() {
        let score = NoteScorer.score(rubric: rubric, system: "A", verdicts: [
            "pc": .met, "duration": .notMet, "exam": .met, "invents": .notMet, "unsafe": .notMet,
        ])
        #expect(score.pointsPossible == 4)
        #expect(score.pointsMet == 3)
        #expect(score.score == 0.75)
        #expect(score.scoreClipped == 0.75)
        #expect(score.criticalMissed.isEmpty)
    }

    @Test func metPenaltiesSubtractAndClipAtZero() {
        let score = NoteScorer.score(rubric: rubric, system: "A", verdicts: [
            "pc": .met, "duration": .met, "exam": .notMet, "invents": .met, "unsafe": .notMet,
        ])
        // (2 + 1 - 5) / 4
        #expect(score.score == -0.5)
        #expect(score.scoreClipped == 0)
        #expect(score.criticalMissed == ["invents"])
    }

    @Test func noteMeetingOnlyPenaltiesHasNegativeRawScore() {
        let score = NoteScorer.score(rubric: rubric, system: "A", verdicts: [
            "pc": .notMet, "duration": .notMet, "exam": .notMet, "invents": .met, "unsafe": .met,
        ])
        #expect(score.pointsMet == -6)
        #expect(score.score == -1.5)
        #expect(score.scoreClipped == 0)
        #expect(Set(score.criticalMissed) == ["pc", "invents"])
    }

    @Test func breakdownsUseOnlyCriteriaCarryingTheLabel() {
        let score = NoteScorer.score(rubric: rubric, system: "A", verdicts: [
            "pc": .met, "duration": .notMet, "exam": .notMet, "invents": .met, "unsafe": .notMet,
        ])
        #expect(score.sections["subjective"] == 2.0 / 3.0)
        // objective: exam (1, not met) + invents (-5, met) over 1 positive point
        #expect(score.sections["objective"] == -5.0)
        // plan has only a penalty: no positive points, so omitted
        #expect(score.sections["plan"] == nil)
        #expect(score.tags["history"] == 2.0 / 3.0)
        // fabrication and safety tags carry only penalties: omitted
        #expect(score.tags["fabrication"] == nil)
        #expect(score.tags["safety"] == nil)
        #expect(score.criticality["critical"] == (2.0 - 5.0) / 2.0)
        #expect(score.criticality["non_critical"] == 0)
    }

    @Test func failedJudgmentsCountInNeitherNumeratorNorDenominator() {
        let score = NoteScorer.score(
            rubric: rubric, system: "A",
            verdicts: ["pc": .met, "exam": .notMet, "invents": .notMet, "unsafe": .notMet],
            failures: ["duration": "malformed answer"])
        #expect(score.pointsPossible == 3)
        #expect(score.score == 2.0 / 3.0)
        #expect(score.failed == 1)
        let failed = score.criteria.first { $0.id == "duration" }
        #expect(failed?.verdict == nil)
        #expect(failed?.failure == "malformed answer")
    }

    @Test func noteWithoutAnyPositiveVerdictHasNoScore() {
        let score = NoteScorer.score(rubric: rubric, system: "A", verdicts: ["invents": .notMet])
        #expect(score.score == nil)
        #expect(score.scoreClipped == nil)
    }
}
