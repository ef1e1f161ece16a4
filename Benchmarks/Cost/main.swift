import Foundation
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator
import ScribeGradeStore

// Billed cost per graded note of the bundled PriMock57 run (27 rubrics × 3 systems, 81 graded
// notes) against the simulator's token counts and prompt cache, at list prices: naive (per
// criterion, criterion first, so nothing is served from the cache), shared-prefix cached,
// batched by section — each synchronously and with `--batch`. Prints the table in
// `Benchmarks/README.md`; exits 1 when a judgment failed or `--batch` did not cut a row's cost
// below 0.6× (batch prices are half the list price).
//
//     swift build -c release --product CostBenchmark && .build/release/CostBenchmark [PACKAGE_ROOT]

let root = CommandLine.arguments.dropFirst().first ?? FileManager.default.currentDirectoryPath
func path(_ relative: String) -> String { URL(fileURLWithPath: root).appendingPathComponent(relative).path }

let prices: [Provider: Prices] = [
    .openAI: Prices(input: 0.40, cachedInput: 0.10, output: 1.60),  // gpt-4.1-mini list prices
    .anthropic: Prices(input: 3, cachedInput: 0.30, cacheWrite: 3.75, output: 15),  // Claude Sonnet 4.5
]

struct Variant: Sendable {
    var name: String
    var mode: PromptKind
    var layout: PromptLayout
}

let variants = [
    Variant(name: "naive", mode: .perCriterion, layout: .criterionFirst),
    Variant(name: "shared-prefix cached", mode: .perCriterion, layout: .sharedFirst),
    Variant(name: "batched by section", mode: .batched, layout: .sharedFirst),
]

struct Corpus: Sendable {
    var rubrics: [Rubric]
    var notes: [Note]
    var encounters: [String: Encounter]
}

/// The run's billed cost, its notes, and its judgments without a verdict.
func measure(_ provider: Provider, _ variant: Variant, batch: Bool, corpus: Corpus) async throws -> (cost: Double, notes: Int, failed: Int) {
    var configuration = SimulatorConfiguration(seed: 11)
    configuration.batchDelay = 0.01
    let server = try await SimulatorServer.start(configuration, threads: 1)
    do {
        let baseURL = provider == .openAI ? server.baseURL + "/v1" : server.baseURL
        // 4,096 tokens fit a whole section's answer (34 verdicts at 90 tokens), so batched rows
        // ask each section in one call; 512 would split them into parts of 4 criteria.
        let settings = LLMJudgeSettings(
            name: "cost-judge", provider: provider, baseURL: baseURL,
            parameters: GenerationParameters(model: "sim", temperature: 0, maxTokens: 4096), mode: variant.mode,
            retry: RetryPolicy(maxRetries: 2, maxReasks: 1, baseDelay: 0.005, maxDelay: 0.02), timeout: 10,
            concurrency: 16, prices: prices[provider]!)
        let client: any ProviderClient = provider == .openAI
            ? OpenAIChatClient(baseURL: baseURL, apiKey: nil) : AnthropicMessagesClient(baseURL: baseURL, apiKey: nil)
        var judge = LLMJudge(settings: settings, client: client, transport: AsyncHTTPClientTransport.shared, layout: variant.layout)
        judge.batchPolling = BatchPolling(initialInterval: 0.02, maxInterval: 0.2, timeout: 120)
        let plan = try RunPlan.make(rubrics: corpus.rubrics, notes: corpus.notes, encounters: corpus.encounters, judges: [judge])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scribegrade-cost-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("cost.sqlite").path)
        if batch { try await BatchRunEngine(store: store, judges: [judge]).run(plan) }
        let judgments = try await RunEngine(store: store, judges: [judge]).run(plan)
        try await server.shutdown()
        let failed = plan.judgmentKeys.filter { judgments[$0]?.verdict == nil }.count
        return (judgments.values.reduce(0) { $0 + $1.cost }, plan.notes.count, failed)
    } catch {
        try? await server.shutdown()
        throw error
    }
}

let corpus = Corpus(
    rubrics: try RubricLoader().load([path("Rubrics/primock57")]).validRubrics(),
    notes: try NotesLoader().load(path("Examples/primock57/notes")),
    encounters: Dictionary(
        uniqueKeysWithValues: try EncounterLoader().loadDirectory(path("Examples/primock57/transcripts")).map { ($0.id, $0) }))

var ok = true
print("billed cost per graded note, bundled PriMock57 run (27 rubrics x 3 systems), simulator token counts, list prices")
print("| provider | prompt | cost per note, synchronous | with --batch | × naive (sync / --batch) |\n|---|---|---:|---:|---:|")
for provider in [Provider.openAI, .anthropic] {
    var naive = 0.0
    for variant in variants {
        let synchronous = try await measure(provider, variant, batch: false, corpus: corpus)
        let batched = try await measure(provider, variant, batch: true, corpus: corpus)
        let perNote = synchronous.cost / Double(synchronous.notes)
        let batchedPerNote = batched.cost / Double(batched.notes)
        if variant.name == "naive" { naive = perNote }
        if synchronous.failed + batched.failed > 0 || batchedPerNote >= 0.6 * perNote {
            ok = false
            FileHandle.standardError.write(Data("error: \(provider.rawValue) \(variant.name): \(synchronous.failed + batched.failed) judgments failed; --batch \(batchedPerNote) vs \(perNote) per note\n".utf8))
        }
        print("| \(provider.rawValue) | \(variant.name) | $\(String(format: "%.5f", perNote)) | $\(String(format: "%.5f", batchedPerNote)) | \(String(format: "%.3f", perNote / naive)) / \(String(format: "%.3f", batchedPerNote / naive)) |")
    }
}
exit(ok ? 0 : 1)
