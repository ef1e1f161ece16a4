import Foundation
import Testing
@testable import ScribeGrade

/// The leaderboard on the clinicians' scale, built from a graded run and expert ratings.
@Suite struct CorrectedLeaderboardTests {
    /// Two systems over 12 encounters, a rubric of 4 criteria with unequal points (one with
    /// 3 points), the judge's verdicts drawn from a seeded generator.
    static let rubrics: [Rubric] = (1...12).map { e in
        Rubric(id: "r\(e)", encounter: "e\(e)", criteria: [
            Criterion(id: "c1", text: "one", points: 1), Criterion(id: "c2", text: "two", points: 3),
            Criterion(id: "c3", text: "three", points: 1), Criterion(id: "c4", text: "four", points: 2),
        ])
    }

    static func report(seed: UInt64 = 7) -> GradeReport {
        var generator = SeededGenerator(seed: seed)
        var notes: [NoteScore] = []
        for system in ["A", "B"] {
            for rubric in rubrics {
                var verdicts: [String: Verdict] = [:]
                for criterion in rubric.criteria { verdicts[criterion.id] = Double.random(in: 0..<1, using: &generator) < 0.6 ? .met : .notMet }
                // One failed judgment: that criterion is no unit.
                if rubric.id == "r3" { verdicts["c4"] = nil }
                notes.append(NoteScorer.score(rubric: rubric, system: system, verdicts: verdicts, failures: ["c4": "HTTP 500"]))
            }
        }
        let options = BootstrapOptions(resamples: 50, seed: 1)
        let systems = SystemScorer.score(notes, options: options)
        return GradeReport(
            run: "run-1", judges: [JudgeDescriptor(name: "j", kind: .replay, readsTranscript: false)], systems: systems,
            comparisons: SystemScorer.compare(notes, systems: systems.map(\.system), options: options), notes: notes, bootstrap: options)
    }

    /// An expert who agrees with the judge on every criterion of every note.
    static func agreeingRatings(_ report: GradeReport) -> [ExpertRating] {
        report.notes.flatMap { note in
            note.criteria.compactMap { outcome in
                outcome.verdict.map {
                    ExpertRating(system: note.system, encounter: note.encounter, rubric: note.rubric, criterion: outcome.id, rater: "x", verdict: $0)
                }
            }
        }
    }

    @Test func anExpertWhoRatesEveryCriterionAsTheJudgeDidGivesTheJudgesRawScoreExactly() throws {
        let report = Self.report()
        let board = try CorrectedLeaderboard.criterionLevel(report: report, ratings: Self.agreeingRatings(report))
        for system in report.systems {
            let estimate = try #require(board.systems[system.system])
            #expect(abs(estimate.expertsOnly.score - system.meanRaw) < 1e-12)
            #expect(abs(estimate.corrected.score - system.meanRaw) < 1e-12)
            #expect(estimate.corrected.expertItems == report.notes.filter { $0.system == system.system }.reduce(0) { $0 + 4 - $1.failed })
        }
        #expect(board.ratingsMatched == board.ratingsGiven)
        #expect(board.comparisons.map { "\($0.a)-\($0.b)" } == report.comparisons.map { "\($0.a)-\($0.b)" })
        let shared = try #require(report.comparisons.first)
        #expect(abs(board.comparisons[0].result.difference - shared.difference) < 1e-12)
    }

    @Test func aSampleOfRatingsIsCorrectedTowardTheExpertsAndUnmatchedRatingsAreCounted() throws {
        let report = Self.report()
        // The expert never credits c2 (3 of 7 points), which the judge credits 60% of the time:
        // the clinicians' scores are far below the judge's, and ratings of half the encounters
        // move the corrected estimate most of the way there.
        func expert(_ rating: ExpertRating) -> ExpertRating {
            var rating = rating
            if rating.criterion == "c2" { rating.verdict = .notMet }
            return rating
        }
        let odd = Set((1...12).filter { $0 % 2 == 1 }.map { "e\($0)" })
        var ratings = Self.agreeingRatings(report).filter { odd.contains($0.encounter) }.map { rating in
            var rating = expert(rating)
            rating.rubric = nil  // a rating without a rubric applies under any rubric of its encounter
            return rating
        }
        ratings.append(ExpertRating(system: "C", encounter: "e1", criterion: "c1", rater: "x", verdict: .met))
        ratings.append(ExpertRating(system: "A", encounter: "e3", rubric: "r3", criterion: "c4", rater: "x", verdict: .met))
        let board = try CorrectedLeaderboard.criterionLevel(report: report, ratings: ratings)
        #expect(board.ratingsGiven == ratings.count)
        #expect(board.ratingsMatched == ratings.count - 2, "another system's and a failed criterion's ratings match nothing")
        let everything = try CorrectedLeaderboard.criterionLevel(report: report, ratings: Self.agreeingRatings(report).map(expert))
        for system in ["A", "B"] {
            let truth = try #require(everything.systems[system]).expertsOnly.score
            let raw = try #require(report.systems.first { $0.system == system }).meanRaw
            let corrected = try #require(board.systems[system]).corrected
            #expect(abs(corrected.score - truth) < abs(raw - truth) / 2, "\(system): corrected \(corrected.score), raw \(raw), experts on all \(truth)")
            #expect(corrected.ci95 != nil)
        }
    }

    @Test func aSystemNoRatingMatchesHasNoEstimateAndNoComparison() throws {
        let report = Self.report()
        let ratings = Self.agreeingRatings(report).filter { $0.system == "A" }
        let board = try CorrectedLeaderboard.criterionLevel(report: report, ratings: ratings)
        #expect(board.systems["B"] == nil)
        #expect(board.missing["B"] == "no expert rating matched its notes")
        #expect(board.comparisons.isEmpty)
    }

    @Test func ratingsDeclaredNotRandomWithoutProbabilitiesAreRefused() {
        let report = Self.report()
        #expect(throws: CorrectionError.self) {
            try CorrectedLeaderboard.criterionLevel(report: report, ratings: Self.agreeingRatings(report), selection: .notRandom)
        }
        let weighted = Self.agreeingRatings(report).map { rating in
            var rating = rating
            rating.inclusionProbability = 0.5
            return rating
        }
        #expect(throws: Never.self) {
            try CorrectedLeaderboard.criterionLevel(report: report, ratings: weighted, selection: .notRandom)
        }
    }

    @Test func aFallingNoteLevelDimensionIsFlippedOntoTheJudgesScale() throws {
        let report = Self.report()
        let ratings = report.notes.map { note in
            NoteRating(system: note.system, encounter: note.encounter, rater: "x", dimension: "omission_rate",
                       value: 1 - (note.scoreClipped ?? 0), source: "r.csv")
        }
        let board = try CorrectedLeaderboard.noteLevel(
            report: report, ratings: ratings, dimension: "omission_rate", scale: .interval(lower: 0, upper: 1))
        #expect(board.mapping == "1 − (value − 0) ÷ (1 − 0)")
        for system in report.systems {
            #expect(abs(try #require(board.systems[system.system]).expertsOnly.score - system.score) < 1e-12)
        }
        let ordinal = try CorrectedLeaderboard.noteLevel(
            report: report, ratings: ratings.map { var r = $0; r.dimension = "quality"; r.value = 3; return r },
            dimension: "quality", scale: .ordinal(levels: ["1", "2", "3", "4", "5"]))
        #expect(ordinal.systems["A"]?.expertsOnly.score == 0.5)
    }

    @Test func theJSONAddsExpertsOnlyAndCorrectedToEverySystemOnlyWhenRatingsWereGiven() throws {
        var report = Self.report()
        let plain = try JSONSerialization.jsonObject(with: report.jsonData()) as! [String: Any]
        let plainSystem = (plain["systems"] as! [[String: Any]])[0]
        #expect(plainSystem["corrected"] == nil && plainSystem["experts_only"] == nil && plain["correction"] == nil)

        report.correction = try CorrectedLeaderboard.criterionLevel(
            report: report, ratings: Self.agreeingRatings(report).filter { $0.system == "A" })
        let json = try JSONSerialization.jsonObject(with: report.jsonData()) as! [String: Any]
        let systems = Dictionary(uniqueKeysWithValues: (json["systems"] as! [[String: Any]]).map { ($0["system"] as! String, $0) })
        let corrected = try #require(systems["A"]?["corrected"] as? [String: Any])
        #expect(Set(corrected.keys).isSuperset(of: ["score", "ci95", "method", "expert_items", "effective_items"]))
        let expertsOnly = try #require(systems["A"]?["experts_only"] as? [String: Any])
        #expect(Set(expertsOnly.keys) == ["score", "ci95", "expert_items"])
        #expect(systems["B"]?["corrected"] is NSNull, "null where no rating matched")
        let raw = try #require(report.systems.first { $0.system == "A" }?.score)
        #expect(abs((systems["A"]?["score"] as? Double ?? -1) - raw) < 1e-12, "the raw score keeps its key")
        let correction = try #require(json["correction"] as? [String: Any])
        #expect(correction["level"] as? String == "criterion")
    }

    @Test func theTableAndTheHTMLShowTheThreeEstimatesAndEscapeSystemNames() throws {
        var report = Self.report()
        report.correction = try CorrectedLeaderboard.criterionLevel(report: report, ratings: Self.agreeingRatings(report))
        let table = report.table()
        #expect(table.contains("What clinicians would score — criterion level"))
        #expect(table.contains("Experts only") && table.contains("Corrected"))
        #expect(table.contains("Corrected paired differences"))
        report.systems[0].system = "<b>x</b>"
        let html = report.html(rubrics: Self.rubrics)
        #expect(html.contains("What clinicians would score"))
        #expect(html.contains("corrected-ci"))
        #expect(!html.contains("<b>x</b>"))
    }
}
