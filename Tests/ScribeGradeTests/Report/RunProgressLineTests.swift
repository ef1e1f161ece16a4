import Testing
import ScribeGrade

/// The progress line of a run: never an ETA without a basis, requests in flight, elapsed time
/// and cached input tokens.
@Suite struct RunProgressLineTests {
    @Test("before any answer the line says ETA — and shows the requests in flight and the time elapsed")
    func noEstimateBeforeAnyAnswer() {
        let progress = RunProgress(total: 55, reused: 0, inFlight: 16)
        let line = progress.line(elapsed: 210)
        #expect(line.contains("judging 0/55 (0 reused)"))
        #expect(line.contains("16 in flight"))
        #expect(line.contains("ETA —"), "\(line)")
        #expect(!line.contains("ETA 0s"))
        #expect(line.contains("3m30s elapsed"))
    }

    @Test("one answer within the first seconds is no basis yet; later the rate gives the time left")
    func theEstimateNeedsAnAnswerAndSomeSeconds() {
        var progress = RunProgress(total: 10, reused: 0, done: 1, inFlight: 2)
        #expect(progress.line(elapsed: 1).contains("ETA —"))
        progress.done = 5
        #expect(progress.line(elapsed: 10).contains("ETA 10s"), "five of ten in 10 s: 10 s left")
        progress.done = 10
        progress.inFlight = 0
        #expect(progress.line(elapsed: 20).contains("ETA 0s"), "finished")
    }

    @Test("the line shows cached input tokens among the input tokens, and failures")
    func cachedInputTokensAreShown() {
        let progress = RunProgress(
            total: 8, reused: 2, done: 3, failed: 1, usage: TokenUsage(input: 12_000, cachedInput: 9_000, output: 300), cost: 0.0125)
        let line = progress.line(elapsed: 30, task: .scribe)
        #expect(line.hasPrefix("writing notes 3/6 (2 reused)"))
        #expect(line.contains("1 failed"))
        #expect(line.contains("12000 in (9000 cached) / 300 out tokens"), "\(line)")
        #expect(line.contains("$0.0125"))
    }
}
