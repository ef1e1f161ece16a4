import Foundation
import Testing
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator
import ScribeGradeStore

/// Billed cost per graded note of the bundled PriMock57 run (27 rubrics × 3 systems, 81 graded
/// notes) against the simulator's token counts and prompt cache, at list prices: naive
/// (per criterion, criterion first, so nothing is served from the cache), shared-prefix cached,
/// batched by section — each synchronously and with `--batch`. Prints the table in
/// `Benchmarks/README.md`. Takes about two minutes, so it runs only when asked:
/// `SCRIBEGRADE_COST_REPORT=1 swift test --filter BatchCostReport`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["SCRIBEGRADE_COST_REPORT"] != nil))
struct BatchCostReport {
    static let prices: [Provider: Prices] = [
        .openAI: Prices(input: 0.40, cachedInput: 0.10, output: 1.60),  // gpt-4.1-mini list prices
        .anthropic: Prices(input: 3, cachedInput: 0.30, cacheWrite: 3.75, output: 15),  // Claude Sonnet 4.5
    ]

    struct Variant: Sendable {
        var name: String
        var mode: PromptKind
        var layout: PromptLayout
    }

    static let variants = [
        Variant(name: "naive", mode: .perCriterion, layout: .criterionFirst),
        Variant(name: "shared-prefix cached", mode: .perCriterion, layout: .sharedFirst),
        Variant(name: "batched by section", mode: .batched, layout: .sharedFirst),
    ]

    /// The run's billed cost, its notes and its calls.
    static func measure(_ provider: Provider, _ variant: Variant, batch: Bool) async throws -> (cost: Double, notes: Int, judgments: Int) {
        var configuration = SimulatorConfiguration(seed: 11)
        configuration.batchDelay = 0.01
        let server = try await SimulatorServer.start(configuration, threads: 1)
        do {
            let baseURL = provider == .openAI ? server.baseURL + "/v1" : server.baseURL
            let settings = LLMJudgeSettings(
                name: "cost-judge", provider: provider, baseURL: baseURL,
                parameters: GenerationParameters(model: "sim", temperature: 0, maxTokens: 512), mode: variant.mode,
                retry: RetryPolicy(maxRetries: 2, maxReasks: 1, baseDelay: 0.005, maxDelay: 0.02), timeout: 10,
                concurrency: 16, prices: prices[provider]!)
            let client: any ProviderClient = provider == .openAI
                ? OpenAIChatClient(baseURL: baseURL, apiKey: nil) : AnthropicMessagesClient(baseURL: baseURL, apiKey: nil)
            var judge = LLMJudge(settings: settings, client: client, transport: AsyncHTTPClientTransport.shared, layout: variant.layout)
            judge.batchPolling = BatchPolling(initialInterval: 0.02, maxInterval: 0.2, timeout: 120)
            let plan = try RunPlan.make(rubrics: Corpus.rubrics, notes: Corpus.notes, encounters: Corpus.encounters, judges: [judge])
            let store = try SQLiteStore(path: temporaryPath("cost.sqlite"))
            if batch { try await BatchRunEngine(store: store, judges: [judge]).run(plan) }
            let judgments = try await RunEngine(store: store, judges: [judge]).run(plan)
            try await server.shutdown()
            #expect(plan.judgmentKeys.allSatisfy { judgments[$0]?.verdict != nil })
            return (judgments.values.reduce(0) { $0 + $1.cost }, plan.notes.count, judgments.count)
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    @Test func batchHalvesTheBilledCostOfEveryLayout() async throws {
        var report = "billed cost per graded note, bundled PriMock57 run (27 rubrics x 3 systems), simulator token counts, list prices\n"
        report += "| provider | prompt | cost per note, synchronous | with --batch | × naive (sync / --batch) |\n|---|---|---:|---:|---:|\n"
        for provider in [Provider.openAI, .anthropic] {
            var naive = 0.0
            for variant in Self.variants {
                let synchronous = try await Self.measure(provider, variant, batch: false)
                let batched = try await Self.measure(provider, variant, batch: true)
                let perNote = synchronous.cost / Double(synchronous.notes)
                let batchedPerNote = batched.cost / Double(batched.notes)
                if variant.name == "naive" { naive = perNote }
                // Batch prices are half the list price; the batch's prompt cache may hit a little differently.
                #expect(batchedPerNote < 0.6 * perNote, "\(provider) \(variant.name): \(batchedPerNote) vs \(perNote)")
                report += "| \(provider.rawValue) | \(variant.name) | $\(String(format: "%.5f", perNote)) | $\(String(format: "%.5f", batchedPerNote)) | \(String(format: "%.3f", perNote / naive)) / \(String(format: "%.3f", batchedPerNote / naive)) |\n"
            }
        }
        print(report)
    }
}
