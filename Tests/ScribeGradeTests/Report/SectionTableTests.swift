import Foundation
import Testing
@testable import ScribeGrade

/// The terminal leaderboard shows each system per SOAP section, as MedScribe's does.
@Suite struct SectionTableTests {
    @Test func theTableHasAColumnPerSectionWithCriteriaAndNoneWhenThereIsOnlyOne() {
        let rubric = Rubric(id: "r1", encounter: "e1", criteria: [
            Criterion(id: "s", section: .subjective, text: "s", points: 1),
            Criterion(id: "p", section: .plan, text: "p", points: 1),
        ])
        let notes = [
            NoteScorer.score(rubric: rubric, system: "A", verdicts: ["s": .met, "p": .notMet]),
            NoteScorer.score(rubric: rubric, system: "B", verdicts: ["s": .met, "p": .met]),
        ]
        let options = BootstrapOptions(resamples: 10, seed: 1)
        let report = GradeReport(
            run: "run-1", judges: [JudgeDescriptor(name: "j", kind: .replay, readsTranscript: false)],
            systems: SystemScorer.score(notes, options: options), comparisons: [], notes: notes, bootstrap: options)
        let lines = report.table().split(separator: "\n").map(String.init)
        let header = try! #require(lines.firstIndex { $0.hasPrefix("By SOAP section") })
        #expect(lines[header + 1].split(separator: " ") == ["System", "subjective", "plan"])
        #expect(lines[(header + 2)...].contains { $0.split(separator: " ") == ["A", "1.000", "0.000"] })

        let single = Rubric(id: "r2", encounter: "e1", criteria: [Criterion(id: "s", section: .subjective, text: "s", points: 1)])
        let one = [NoteScorer.score(rubric: single, system: "A", verdicts: ["s": .met])]
        let plain = GradeReport(
            run: "run-2", judges: report.judges, systems: SystemScorer.score(one, options: options), comparisons: [], notes: one, bootstrap: options)
        #expect(!plain.table().contains("By SOAP section"))
    }
}
