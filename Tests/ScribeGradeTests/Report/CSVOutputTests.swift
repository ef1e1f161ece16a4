import Foundation
import Testing
@testable import ScribeGrade

/// CSV a report or a ratings export writes must stay one record per row (RFC 4180 quoting) and
/// must not run as a formula when a spreadsheet opens it (OWASP CSV injection), while numbers
/// stay numbers and what is written reads back unchanged.
@Suite struct CSVOutputTests {
    static let formula = "=HYPERLINK(\"http://x\")"
    static let newline = "scribe\nB"
    static let awkward = "says \"no\", then\r\nleaves"

    /// A report of three systems named like an attacker would, one criterion id and one failure
    /// holding quotes, commas and a line break, and a note whose raw score is negative.
    static func report() -> GradeReport {
        func note(_ system: String, score: Double) -> NoteScore {
            NoteScore(
                system: system, encounter: "@SUM(1+1)", rubric: "-r", score: score, scoreClipped: max(0, score),
                pointsMet: score * 4, pointsPossible: 4, criticalMissed: [], sections: [:], tags: [:], criticality: [:],
                criteria: [
                    CriterionOutcome(id: awkward, verdict: .met, points: 2),
                    CriterionOutcome(id: "+c2", verdict: nil, points: -1, failure: awkward),
                ],
                failed: 1)
        }
        let notes = [note(formula, score: -0.25), note(newline, score: 0.5), note("\tTAB", score: 0.75)]
        let systems = notes.map {
            SystemScore(system: $0.system, score: $0.scoreClipped!, meanRaw: $0.score!, ci95: [-0.25, 0.5], notes: 1, encounters: 1, criticalMissed: 0, failed: 1, sections: [:])
        }
        return GradeReport(
            run: "run-x", judges: [JudgeDescriptor(name: "-judge", kind: .llm, readsTranscript: true)], systems: systems, comparisons: [],
            notes: notes, bootstrap: BootstrapOptions(resamples: 10))
    }

    @Test func leaderboardCSVNeutralisesFormulaNamesAndQuotesLineBreaks() throws {
        let csv = Self.report().leaderboardCSV()
        // The formula is text: a leading ' inside a quoted cell with its quotes doubled.
        #expect(csv.contains("\n\"'=HYPERLINK(\"\"http://x\"\")\",0.0,-0.25,0.5,1,0,1,'-judge (LLM API judge)\n"))
        #expect(csv.contains("\n\"scribe\nB\",0.5,-0.25,0.5,"))
        #expect(csv.contains("\n'\tTAB,0.75,"))
        let table = try CSVTable(parsing: csv, path: "leaderboard.csv")
        #expect(table.rows.count == 3)
        #expect(table.rows.map { $0["system"] } == [Self.formula, Self.newline, "\tTAB"])
        #expect(table.rows.map { $0["ci95_low"] } == ["-0.25", "-0.25", "-0.25"])
        #expect(table.rows.allSatisfy { $0["judge"] == "-judge (LLM API judge)" })
    }

    @Test func criteriaCSVKeepsNegativeNumbersAndQuotesEveryAwkwardText() throws {
        let csv = Self.report().criteriaCSV()
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1].hasPrefix("\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(1+1),'-r,\"says \"\"no\"\", then"))
        #expect(csv.contains(",'+c2,-1,,\"says \"\"no\"\", then\r\nleaves\",-0.25,0.0\n"))
        let table = try CSVTable(parsing: csv, path: "criteria.csv")
        #expect(table.rows.count == 6)
        #expect(table.rows[0]["criterion"] == Self.awkward)
        #expect(table.rows[1]["failure"] == Self.awkward)
        #expect(table.rows[1]["points"] == "-1")
        #expect(table.rows[1]["note_score"] == "-0.25")
        #expect(table.rows.map { $0["encounter"] } == Array(repeating: "@SUM(1+1)", count: 6))
    }

    @Test func textCellsStartingLikeAFormulaArePrefixedButNumbersAreNot() {
        for formula in ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx", "-", "=", "-e", "+-1"] {
            #expect(CSVTable.field(formula).hasPrefix("'") || CSVTable.field(formula).hasPrefix("\"'"), "\(formula.debugDescription)")
        }
        for number in ["-0.25", "+3", "-1e-5", "-.5", "0", "12.5"] {
            #expect(CSVTable.field(number) == number)
        }
        for text in ["plain", "a'b", "'quoted'", "d=1"] {
            #expect(CSVTable.field(text) == text)
        }
    }

    @Test func whatIsWrittenReadsBackExactly() throws {
        let values = [Self.formula, Self.newline, Self.awkward, "'=x", "''-1", "'-0.25", "-0.25", "@", "plain", "\"", ",", "'"]
        let csv = "value\n" + values.map(CSVTable.field).joined(separator: "\n") + "\n"
        let table = try CSVTable(parsing: csv, path: "values.csv")
        #expect(table.rows.map { $0["value"] } == values)
    }

    @Test func ratingsExportWithFormulaNamesReadsBackAsTheSameRatings() throws {
        let ratings = [
            ExpertRating(system: Self.formula, encounter: "-e1", rubric: "+r", criterion: "@c1", rater: "=dr, x", verdict: .met, source: "x.csv"),
            ExpertRating(system: "-0.25", encounter: "e2", criterion: "c2", rater: "dr \"y\"", verdict: .notMet, source: "x.csv"),
        ]
        let csv = ExpertRatingsWriter.csv(ratings)
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\",'-e1,'+r,'@c1,\"'=dr, x\",met\n"))
        #expect(csv.contains("\n-0.25,e2,,c2,\"dr \"\"y\"\"\",not_met\n"))
        let parsed = try ExpertRatingsParser.parse(csv, path: "x.csv")
        #expect(parsed == ratings)
    }
}
