import Testing
@testable import ScribeGrade

@Suite struct SystemScorerTests {
    func note(_ system: String, _ encounter: String, _ rubric: String, _ score: Double) -> NoteScore {
        makeNote(system, encounter, rubric, score)
    }

    func note(_ system: String, _ encounter: String, _ score: Double) -> NoteScore {
        makeNote(system, encounter, "r", score)
    }

    func makeNote(_ system: String, _ encounter: String, _ rubric: String, _ score: Double) -> NoteScore {
        NoteScore(
            system: system, encounter: encounter, rubric: rubric, score: score,
            scoreClipped: NoteScorer.clip(score), pointsMet: score, pointsPossible: 1, criticalMissed: [],
            sections: [:], tags: [:], criticality: [:], criteria: [], failed: 0)
    }

    @Test func systemScoreIsClippedMeanOfRawNoteScores() {
        let notes = [note("A", "e1", 1.0), note("A", "e2", 0.8), note("A", "e3", -0.3)]
        let scores = SystemScorer.score(notes)
        #expect(abs(scores[0].meanRaw - 0.5) < 1e-12)
        #expect(abs(scores[0].score - 0.5) < 1e-12)
        let negative = SystemScorer.score([note("B", "e1", -0.5), note("B", "e2", -0.1)])
        #expect(negative[0].score == 0)
        #expect(negative[0].meanRaw == -0.3)
    }

    @Test func identicalScoresGiveADegenerateInterval() {
        let scores = SystemScorer.score([note("A", "e1", 0.6), note("A", "e2", 0.6), note("A", "e3", 0.6)])
        #expect(scores[0].ci95.count == 2)
        #expect(abs(scores[0].ci95[0] - 0.6) < 1e-12 && abs(scores[0].ci95[1] - 0.6) < 1e-12)
    }

    @Test func bootstrapIsReproducibleForASeedAndVariesAcrossSeeds() {
        let notes = (0..<30).map { note("A", "e\($0)", Double($0 % 7) / 7) }
        let first = SystemScorer.score(notes, options: BootstrapOptions(seed: 42))
        let again = SystemScorer.score(notes, options: BootstrapOptions(seed: 42))
        let other = SystemScorer.score(notes, options: BootstrapOptions(seed: 43))
        #expect(first[0].ci95 == again[0].ci95)
        #expect(first[0].ci95 != other[0].ci95)
        #expect(first[0].ci95[0] < first[0].score && first[0].score < first[0].ci95[1])
    }

    @Test func bootstrapResamplesEncountersNotNotes() {
        // Two rubrics per encounter with identical scores within an encounter: resampling
        // encounters can never split a pair, so every resample mean is a mean of pair values and
        // the interval matches the one of one note per encounter.
        let paired = (0..<10).flatMap { i in [note("A", "e\(i)", "r1", Double(i) / 10), note("A", "e\(i)", "r2", Double(i) / 10)] }
        let single = (0..<10).map { i in note("A", "e\(i)", "r1", Double(i) / 10) }
        let options = BootstrapOptions(resamples: 500, seed: 7)
        let a = SystemScorer.score(paired, options: options)[0]
        let b = SystemScorer.score(single, options: options)[0]
        #expect(a.notes == 20 && a.encounters == 10)
        #expect(abs(a.ci95[0] - b.ci95[0]) < 1e-12 && abs(a.ci95[1] - b.ci95[1]) < 1e-12)
    }

    @Test func leaderboardIsSortedBestFirst() {
        let scores = SystemScorer.score([note("low", "e1", 0.2), note("high", "e1", 0.9), note("mid", "e1", 0.5)])
        #expect(scores.map(\.system) == ["high", "mid", "low"])
    }

    @Test func pairedComparisonUsesSharedEncountersOnly() {
        let notes = [
            note("A", "e1", 0.9), note("A", "e2", 0.7), note("A", "e3", 0.8),
            note("B", "e1", 0.5), note("B", "e2", 0.5),
        ]
        let comparisons = SystemScorer.compare(notes, systems: ["A", "B"], options: BootstrapOptions(seed: 1))
        #expect(comparisons.count == 1)
        #expect(comparisons[0].encounters == 2)
        #expect(abs(comparisons[0].difference - 0.3) < 1e-12)
        // Differences are 0.4 and 0.2; every resample mean lies between them.
        #expect(comparisons[0].ci95[0] >= 0.2 - 1e-12 && comparisons[0].ci95[1] <= 0.4 + 1e-12)
        #expect(comparisons[0].significant)
    }

    @Test func percentileInterpolatesLinearlyLikeNumPy() {
        #expect(Percentile.of([1, 2, 3, 4], 25) == 1.75)
        #expect(Percentile.of([4, 1, 3, 2], 50) == 2.5)
        #expect(Percentile.of([10], 97.5) == 10)
        #expect(Percentile.of([0, 10], 2.5) == 0.25)
    }

    @Test func seededIndexStaysInRangeAndCoversIt() {
        var generator = SeededGenerator(seed: 3)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let index = generator.index(below: 7)
            #expect((0..<7).contains(index))
            seen.insert(index)
        }
        #expect(seen.count == 7)
    }
}
