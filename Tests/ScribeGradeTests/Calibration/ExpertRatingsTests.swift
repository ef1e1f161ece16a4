import Foundation
import Testing
@testable import ScribeGrade

@Suite struct ExpertRatingsTests {
    @Test func parsesCSVWithOptionalRubricColumn() throws {
        let ratings = try ExpertRatingsParser.parse(
            "system,encounter,rubric,criterion,rater,verdict\nA,e1,r1,c1,dr-x,met\nA,e1,,c2,dr-y,not met\n", path: "r.csv")
        #expect(ratings.count == 2)
        #expect(ratings[0].item == RatedItem(system: "A", encounter: "e1", rubric: "r1", criterion: "c1"))
        #expect(ratings[1].rubric == nil)
        #expect(ratings[1].verdict == .notMet)
        #expect(ratings[1].source == "r.csv")
    }

    @Test func parsesJSONL() throws {
        let ratings = try ExpertRatingsParser.parse(
            "{\"system\":\"A\",\"encounter\":\"e1\",\"criterion\":\"c1\",\"rater\":\"x\",\"verdict\":\"met\"}\n\n", path: "r.jsonl")
        #expect(ratings.map(\.verdict) == [.met])
    }

    @Test func reportsEveryBadLine() {
        let text = "system,encounter,criterion,rater,verdict\nA,e1,c1,x,met\nA,e1,c1,x,not_met\nA,e1,c2,,met\nA,e1,c3,x,unsure\n"
        #expect {
            _ = try ExpertRatingsParser.parse(text, path: "r.csv")
        } throws: { error in
            (error as? InputError)?.diagnostics.map(\.description) == [
                "r.csv:3: error: rater 'x' already rated A/e1/c1 on line 2",
                "r.csv:4: error: missing rater",
                "r.csv:5: error: verdict must be 'met' or 'not_met', found 'unsure'",
            ]
        }
    }

    @Test func writerOutputReadsBackEqual() throws {
        let ratings = [
            ExpertRating(system: "A", encounter: "e,1", rubric: "r", criterion: "c\"1", rater: "x", verdict: .met, source: "w.csv"),
            ExpertRating(system: "B", encounter: "e2", rubric: nil, criterion: "c2", rater: "y", verdict: .notMet, source: "w.csv"),
        ]
        #expect(try ExpertRatingsParser.parse(ExpertRatingsWriter.csv(ratings), path: "w.csv") == ratings)
    }

    @Test func anInclusionProbabilityIsReadCheckedAndWrittenBack() throws {
        let text = "system,encounter,criterion,rater,verdict,inclusion_probability\nA,e1,c1,x,met,0.25\nA,e1,c2,x,met,\n"
        let ratings = try ExpertRatingsParser.parse(text, path: "r.csv")
        #expect(ratings.map(\.inclusionProbability) == [0.25, nil])
        #expect(try ExpertRatingsParser.parse(ExpertRatingsWriter.csv(ratings), path: "w.csv").map(\.inclusionProbability) == [0.25, nil])
        #expect {
            _ = try ExpertRatingsParser.parse("system,encounter,criterion,rater,verdict,inclusion_probability\nA,e1,c1,x,met,0\nA,e1,c2,x,met,1.5\n", path: "r.csv")
        } throws: { error in
            (error as? InputError)?.diagnostics.map(\.description) == [
                "r.csv:2: error: inclusion_probability '0' must be a number in (0, 1]",
                "r.csv:3: error: inclusion_probability '1.5' must be a number in (0, 1]",
            ]
        }
    }
}

@Suite struct PriMockStatementLabelsTests {
    static let excerpt: CSVTable = {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/calibration/note_statements_excerpt.csv")
        return try! CSVTable(parsing: String(contentsOf: url, encoding: .utf8), path: "note_statements_excerpt.csv")
    }()

    @Test func labelsBecomeRatingsOnStatementIDs() throws {
        let ratings = try PriMockStatementLabels.ratings(from: Self.excerpt)
        #expect(ratings.count == 12)
        #expect(ratings.allSatisfy { $0.rater == "primock57-clinician" && $0.system == "note1" && $0.encounter == "day1_consultation01" })
        // line 8, "no vomiting.", is labelled incorrect.
        #expect(ratings.first { $0.criterion == "L008" }?.verdict == .notMet)
        #expect(ratings.filter { $0.verdict == .met }.count == 11)
    }

    @Test func statementSetsKeepTheClinicianSplit() throws {
        let sets = try PriMockStatementLabels.statementSets(from: Self.excerpt)
        #expect(sets.count == 1)
        let (note, statements) = sets[0]
        #expect(note.system == "note1")
        #expect(statements.id == "statements-note1-day1_consultation01")
        #expect(statements.criteria.map(\.id) == (1...12).map { String(format: "L%03d", $0) })
        #expect(statements.criteria[7].text == "no vomiting.")
        #expect(note.text.hasPrefix("Of diarrhoea for the last 3 days, needs to stay close to the toilet,"))
    }

    @Test func splitNumbersStatementsOfAnyNote() {
        let rubric = StatementSet.split(Note(system: "s", encounter: "e", text: "Cough for 2 weeks. No fever.\nPlan: rest."))
        #expect(rubric.criteria.map(\.id) == ["s001", "s002", "s003"])
        #expect(rubric.criteria.map(\.text) == ["Cough for 2 weeks.", "No fever.", "Plan: rest."])
    }
}

@Suite struct BaselineStatementCheckTests {
    let transcript = Encounter(id: "e", turns: [
        Turn(speaker: "doctor", text: "Have you been vomiting?"),
        Turn(speaker: "patient", text: "Yes, I vomited twice yesterday."),
        Turn(speaker: "doctor", text: "Any blood in your stools?"),
        Turn(speaker: "patient", text: "No, no blood at all."),
    ])

    func supported(_ statement: String) async throws -> Verdict? {
        let request = JudgeRequest(
            rubricID: "s", rubricVersion: 1, criteria: [Criterion(id: "s1", text: statement, points: 1)],
            note: Note(system: "n", encounter: "e", text: statement), encounter: transcript, task: .statementSupport)
        return try await BaselineJudge().judge(request).results["s1"]?.verdict
    }

    @Test func supportedStatementsAreMet() async throws {
        #expect(try await supported("Vomited twice.") == .met)
        #expect(try await supported("No blood in stools.") == .met)
    }

    @Test func contradictedOrAbsentStatementsAreNotMet() async throws {
        #expect(try await supported("No vomiting.") == .notMet)
        #expect(try await supported("Vomited five times.") == .notMet)
        #expect(try await supported("Chest pain on exertion.") == .notMet)
    }

    @Test func withoutTranscriptTheCheckFailsRatherThanGuessing() async {
        let request = JudgeRequest(
            rubricID: "s", rubricVersion: 1, criteria: [Criterion(id: "s1", text: "x", points: 1)],
            note: Note(system: "n", encounter: "e", text: "x"), encounter: nil, task: .statementSupport)
        await #expect(throws: JudgeFailure.self) { try await BaselineJudge().judge(request) }
    }
}
