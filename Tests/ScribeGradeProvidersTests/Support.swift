import Foundation
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator

/// The PriMock57 consultation the provider tests grade, and helpers to run judges against a
/// simulator started on a free port.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func text(_ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    static let encounter: Encounter = {
        let turns = text("day1_consultation01.txt").split(separator: "\n").map { line -> Turn in
            let parts = line.split(separator: ":", maxSplits: 1)
            return Turn(speaker: String(parts[0]), text: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        return Encounter(id: "day1_consultation01", turns: turns)
    }()

    static let note = Note(system: "doctor", encounter: "day1_consultation01", text: text("day1_consultation01.note.txt"))

    static let criteria: [Criterion] = {
        let table = try! CSVTable(parsing: text("criteria.csv"), path: "criteria.csv")
        return table.rows.map { row in
            Criterion(id: row["id"]!, section: SOAPSection(rawValue: row["section"]!)!, text: row["text"]!, points: Double(row["points"]!)!)
        }
    }()

    static func request(_ criteria: [Criterion], note: Note = note, sample: Int = 0) -> JudgeRequest {
        JudgeRequest(rubricID: "day1_consultation01", rubricVersion: 1, criteria: criteria, note: note, encounter: encounter, sample: sample)
    }

    /// Truth: every positive criterion met, the penalty not met.
    static var truthCSV: String {
        "system,encounter,criterion,verdict\n" + criteria.map { "doctor,day1_consultation01,\($0.id),\($0.isPenalty ? "not_met" : "met")" }.joined(separator: "\n") + "\n"
    }

    static var truth: TruthTable { try! TruthTable(parsing: truthCSV, path: "truth.csv") }

    static func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("scribegrade-\(UUID().uuidString)-\(name)").path
    }

    /// Runs `body` with a started simulator, shutting it down afterwards.
    static func withSimulator<T>(_ configuration: SimulatorConfiguration, _ body: (SimulatorServer) async throws -> T) async throws -> T {
        let server = try await SimulatorServer.start(configuration, threads: 1)
        do {
            let result = try await body(server)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    static func judge(
        _ provider: Provider, server: SimulatorServer, transport: any HTTPTransport = AsyncHTTPClientTransport.shared,
        mode: PromptKind = .perCriterion, layout: PromptLayout = .sharedFirst, key: String? = "sk-test-key-0123456789",
        retries: Int = 3, reasks: Int = 2, timeout: Double = 5, prices: Prices = Prices(input: 2, cachedInput: 0.5, cacheWrite: 2.5, output: 8),
        rpm: Int? = nil, tpm: Int? = nil
    ) -> LLMJudge {
        let baseURL = provider == .openAI ? server.baseURL + "/v1" : server.baseURL
        let settings = LLMJudgeSettings(
            name: "\(provider.rawValue):sim-model", provider: provider, baseURL: baseURL,
            parameters: GenerationParameters(model: provider == .openAI ? "gpt-sim" : "claude-sim", temperature: 0, seed: provider == .openAI ? 7 : nil, maxTokens: 512),
            mode: mode, retry: RetryPolicy(maxRetries: retries, maxReasks: reasks, baseDelay: 0.01, maxDelay: 0.05, maxRetryAfter: 5),
            timeout: timeout, rpm: rpm, tpm: tpm, prices: prices)
        let client: any ProviderClient = provider == .openAI
            ? OpenAIChatClient(baseURL: baseURL, apiKey: key.map(Secret.init))
            : AnthropicMessagesClient(baseURL: baseURL, apiKey: key.map(Secret.init))
        return LLMJudge(settings: settings, client: client, transport: transport, layout: layout)
    }

    /// The request log's lines, decoded.
    static func logLines(_ path: String) throws -> [JSONValue] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
    }
}
