import Foundation
import Testing
import ScribeGrade
@testable import ScribeGradeProviders
import ScribeGradeSimulator

/// The batch clients against the simulator's OpenAI Batch and Anthropic Message Batches APIs:
/// requests split within the limits, every item's answer read like the synchronous one and
/// priced at half, and expired, errored and cut-off batches reported as such.
@Suite struct BatchClientTests {
    static func configuration(faults: BatchFaultRates = .none, log: String? = nil) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(truth: Fixture.truth, requestLog: log)
        configuration.batchDelay = 0.05
        configuration.batchFaults = faults
        return configuration
    }

    static let polling = BatchPolling(initialInterval: 0.02, maxInterval: 0.1, maxRetries: 3, timeout: 20)

    /// One request per criterion, under custom ids `c0`, `c1`, ….
    static var requests: [String: JudgeRequest] {
        Dictionary(uniqueKeysWithValues: Fixture.criteria.enumerated().map { ("c\($0.offset)", Fixture.request([$0.element])) })
    }

    /// Submits every request with at most `perBatch` a batch, waits for each batch and returns
    /// the batch ids and every item's outcome.
    static func run(_ judge: LLMJudge, perBatch: Int) async throws -> (ids: [String], outcomes: [String: BatchItemOutcome]) {
        let client = judge.batchClient(limits: BatchLimits(maxRequests: perBatch, maxBytes: 10_000_000), polling: polling)
        let entries = requests.sorted { $0.key < $1.key }.map { judge.batchEntry(for: $0.value, customID: $0.key) }
        var ids: [String] = []
        try await client.submit(entries, transport: judge.transport) { id, customIDs in
            #expect(customIDs.count <= perBatch)
            ids.append(id)
        }
        var outcomes: [String: BatchItemOutcome] = [:]
        for id in ids {
            let state = try await client.wait(for: id, transport: judge.transport, polling: polling)
            outcomes.merge(try await client.results(of: state, transport: judge.transport)) { old, _ in old }
        }
        return (ids, outcomes)
    }

    static func withoutItemHeader(_ judge: LLMJudge) -> LLMJudge {
        var settings = judge.settings
        settings.sendsItemHeader = false
        return LLMJudge(settings: settings, client: judge.client, transport: judge.transport)
    }

    @Test(arguments: [Provider.openAI, .anthropic])
    func batchedAnswersEqualSynchronousOnesAtHalfPrice(provider: Provider) async throws {
        try await Fixture.withSimulator(Self.configuration()) { server in
            let judge = Fixture.judge(provider, server: server)
            let (ids, outcomes) = try await Self.run(judge, perBatch: 2)
            #expect(ids.count == (Fixture.criteria.count + 1) / 2)
            #expect(Set(ids).count == ids.count)
            for (customID, request) in Self.requests {
                let outcome = try #require(outcomes[customID])
                guard case let .answered(answer) = outcome else { Issue.record("\(customID) not answered"); continue }
                let batched = try #require(judge.batchResponse(for: request, outcome: answer))
                // A batch item carries no X-ScribeGrade-Item header, so the simulator identifies
                // it from the prompt alone; the synchronous call is asked the same way.
                let synchronous = try await Self.withoutItemHeader(judge).judge(request)
                #expect(batched.results.mapValues(\.verdict) == synchronous.results.mapValues(\.verdict))
                #expect(batched.usage.input > 0)
                #expect(abs(batched.cost - judge.settings.prices.cost(of: batched.usage) / 2) < 1e-12)
                #expect(batched.cost > 0)
            }
        }
    }

    /// An expired or cancelled batch ran no item: each is reported as such, none as answered.
    @Test(arguments: [Provider.openAI, .anthropic], [BatchFault.expired, .cancelled])
    func batchThatNeverRanReportsEveryItemUnanswered(provider: Provider, fault: BatchFault) async throws {
        try await Fixture.withSimulator(Self.configuration(faults: BatchFaultRates([fault: 1]))) { server in
            let (_, outcomes) = try await Self.run(Fixture.judge(provider, server: server), perBatch: 100)
            #expect(outcomes.count == Fixture.criteria.count)
            for outcome in outcomes.values {
                switch (outcome, fault) {
                case (.expired, .expired), (.cancelled, .cancelled): break
                default: Issue.record("\(fault) batch reported \(outcome)")
                }
            }
        }
    }

    @Test(arguments: [Provider.openAI, .anthropic])
    func erroredItemsGiveNoResponseSoTheyAreAskedAgain(provider: Provider) async throws {
        try await Fixture.withSimulator(Self.configuration(faults: BatchFaultRates([.errored: 1]))) { server in
            let judge = Fixture.judge(provider, server: server)
            let (_, outcomes) = try await Self.run(judge, perBatch: 100)
            #expect(outcomes.count == Fixture.criteria.count)
            for (customID, request) in Self.requests {
                guard case let .answered(answer)? = outcomes[customID] else { Issue.record("\(customID) missing"); continue }
                guard case let .error(error) = answer else { Issue.record("\(customID) not an error"); continue }
                #expect(error.retryable)
                #expect(judge.batchResponse(for: request, outcome: answer) == nil)
            }
        }
    }

    @Test(arguments: [Provider.openAI, .anthropic])
    func cutOffResultsAreDownloadedAgain(provider: Provider) async throws {
        try await Fixture.withSimulator(Self.configuration(faults: BatchFaultRates([.truncated: 1]))) { server in
            let judge = Fixture.judge(provider, server: server)
            let (_, outcomes) = try await Self.run(judge, perBatch: 100)
            #expect(outcomes.count == Fixture.criteria.count)
            for (customID, request) in Self.requests {
                guard case let .answered(answer)? = outcomes[customID] else { Issue.record("\(customID) missing"); continue }
                #expect(judge.batchResponse(for: request, outcome: answer) != nil)
            }
        }
    }

    @Test func limitsSplitByCountAndBytes() {
        let limits = BatchLimits(maxRequests: 3, maxBytes: 100)
        #expect(limits.chunks(sizes: Array(repeating: 10, count: 7)) == [0..<3, 3..<6, 6..<7])
        #expect(limits.chunks(sizes: [60, 30, 20, 90, 150, 5]) == [0..<2, 2..<3, 3..<4, 4..<5, 5..<6])
        #expect(limits.chunks(sizes: [40, 40], overhead: 30) == [0..<1, 1..<2])
        #expect(limits.chunks(sizes: []) == [])
    }

    @Test func batchPricesAreHalfOfListWithCachedInputStillDiscounted() {
        let prices = Prices(input: 2, cachedInput: 0.5, cacheWrite: 2.5, output: 8)
        let usage = TokenUsage(input: 1_000_000, cachedInput: 400_000, cacheCreation: 100_000, output: 100_000)
        // 500k uncached × 2 + 400k cached × 0.5 + 100k written × 2.5 + 100k out × 8 = 2.25 $; half in a batch.
        #expect(abs(prices.cost(of: usage) - 2.25) < 1e-12)
        #expect(abs(prices.cost(of: usage, batch: true) - 1.125) < 1e-12)
    }
}
