import Foundation
import Testing
@testable import ScribeGrade

/// Calibrate's table said "5 rated items" and "Items 35 / 32" while its statistics used n = 3
/// and 2: the 62 failed judgments were visible only in the JSON. Every count the table prints
/// says how many judgments failed and were left out, and agrees with the statistics' n.
@Suite struct CalibrationFailureCountTests {
    static let encounters = (1...6).map { "e\($0)" }
    static let criteria = ["a", "b", "c"]

    /// Two systems × six encounters × three criteria, one expert rating everything; the judge's
    /// judgments of B on e1–e5 failed (15 items), every call billed 400 in (300 cached) / 12 out.
    static func stored() -> (RunRecord, [String: Judgment], [ExpertRating]) {
        let rubrics = encounters.map { encounter in
            Rubric(id: "r-\(encounter)", encounter: encounter, criteria: criteria.map {
                Criterion(id: $0, section: $0 == "a" ? .subjective : .plan, text: $0, points: 1)
            })
        }
        var judgments: [String: Judgment] = [:]
        var notes: [PlannedNote] = []
        var ratings: [ExpertRating] = []
        for (index, encounter) in encounters.enumerated() {
            for system in ["A", "B"] {
                notes.append(PlannedNote(system: system, encounter: encounter, rubric: "r-\(encounter)"))
                for criterion in criteria {
                    let key = "\(system)-\(encounter)-\(criterion)"
                    let failed = system == "B" && index < 5
                    let verdict: Verdict = (index + criterion.count) % 2 == 0 ? .met : .notMet
                    judgments[key] = Judgment(
                        key: key, system: system, encounter: encounter, rubric: "r-\(encounter)", rubricVersion: 1,
                        criterion: criterion, judge: "judge", sample: 0, verdict: failed ? nil : verdict,
                        failure: failed ? "answer cut off at the token limit" : nil,
                        usage: TokenUsage(input: 400, cachedInput: 300, output: 12), cost: 0.0001)
                    ratings.append(ExpertRating(system: system, encounter: encounter, criterion: criterion, rater: "x", verdict: verdict))
                }
            }
        }
        let record = RunRecord(
            id: "run-failed", judges: [JudgeDescriptor(name: "judge", kind: .llm, readsTranscript: true)], samples: 1,
            rubrics: rubrics, notes: notes, judgmentKeys: judgments.keys.sorted())
        return (record, judgments, ratings)
    }

    static func calibrated() -> CalibrationReport {
        let (record, judgments, ratings) = stored()
        return Calibrator.calibrate(run: record, judgments: judgments, ratings: ratings, bootstrap: BootstrapOptions(resamples: 50))
    }

    /// Note-level ratings of every note on `quality`: B's notes of e1–e5 have no judge score.
    static func noteLevel() throws -> NoteLevelAgreement {
        let (record, judgments, _) = stored()
        let ratings = encounters.enumerated().flatMap { index, encounter in
            ["A", "B"].map {
                NoteRating(system: $0, encounter: encounter, rater: "x", dimension: "quality", value: Double(index % 3), source: "test")
            }
        }
        return try #require(NoteLevelAgreement.compute(
            run: record, judgments: judgments, ratings: ratings, scales: [:], bootstrap: BootstrapOptions(resamples: 50)).first)
    }

    @Test("note-level agreement says how many rated notes have no judge score because every judgment failed")
    func noteLevelCounts() throws {
        let row = try Self.noteLevel()
        #expect(row.n == 7)
        #expect(row.failed == 5)
        let cells = try #require(CalibrationReport.noteLevelRows([row]).first)
        #expect(cells[2] == "7 (5 failed, left out)", "\(cells)")
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(row)) as? [String: Any])
        #expect(json["failed"] as? Int == 5)
    }

    @Test("the statistics leave the failed judgments out: n = 21 of 36 rated items")
    func statisticsCount() throws {
        let report = Self.calibrated()
        #expect(report.ratedItems == 21)
        #expect(report.judges[0].failed == 15)
        #expect(report.judges[0].vsConsensus?.n == 21)
        let b = try #require(report.groups.first { $0.kind == "system" && $0.name == "B" })
        #expect(b.items == 18)
        #expect(b.judges["judge"]?.n == 3)
        #expect(b.failed["judge"] == 15)
    }

    @Test("the header and the judge's row say how many failed judgments were left out")
    func headerAndJudgeRow() throws {
        let lines = Self.calibrated().table().split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("Experts:") })
        #expect(header.contains("36 rated items, of which 15 failed judgments left out → n = 21"), "\(header)")
        let row = try #require(lines.first { $0.hasPrefix("judge (") })
        #expect(row.contains("21 (15 failed, left out)"), "\(row)")
    }

    @Test("each group's item count says how many failed and shows the n its statistics use")
    func groupRows() throws {
        let lines = Self.calibrated().table().split(separator: "\n").map(String.init)
        let heading = try #require(lines.firstIndex { $0.hasPrefix("By system and section") })
        #expect(lines[heading + 1].split(separator: " ").prefix(3) == ["Group", "Items", "n"])
        let b = try #require(lines.first { $0.hasPrefix("system B ") })
        #expect(b.contains("18 (15 failed, left out)"), "\(b)")
        #expect(b.split(separator: " ").contains("3"), "n = 3 is shown: \(b)")
        let a = try #require(lines.first { $0.hasPrefix("system A ") })
        #expect(!a.contains("failed"), "no failure, nothing to say: \(a)")
    }

    @Test("the HTML page says the same in its header and the judge's row")
    func html() {
        let html = Self.calibrated().htmlBody()
        #expect(html.contains("36 rated items, of which 15 failed judgments left out → n = 21"))
        #expect(html.contains("21 (15 failed, left out)"))
    }

    @Test("calibrate's Tokens in/out shows the cached input tokens")
    func tokens() throws {
        let report = Self.calibrated()
        let row = try #require(report.table().split(separator: "\n").first { $0.hasPrefix("judge (") })
        #expect(row.contains("14400/432 (10800 cached)"), "\(row)")
        #expect(report.htmlBody().contains("14400/432 (10800 cached)"))
    }
}
