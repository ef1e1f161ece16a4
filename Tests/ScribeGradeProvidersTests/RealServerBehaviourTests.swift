import Foundation
import Testing
import ScribeGrade
@testable import ScribeGradeProviders
import ScribeGradeSimulator

/// A transport whose connection dies after its first `answered` exchanges: every later send
/// fails as a dropped connection would. The first exchanges are real HTTP to the simulator.
final class DyingTransport: HTTPTransport, @unchecked Sendable {
    let base: any HTTPTransport
    let answered: Int
    let lock = NSLock()
    var sent = 0

    init(base: any HTTPTransport = AsyncHTTPClientTransport.shared, answered: Int) {
        self.base = base
        self.answered = answered
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let number = lock.withLock { () -> Int in
            sent += 1
            return sent
        }
        guard number <= answered else { throw TransportError.connection("connection reset by peer") }
        return try await base.send(request)
    }

    func shutdown() async throws {}
}

/// What running against a real model server (llama.cpp with a tiny model) revealed, reproduced
/// with the simulator's judge behaviours: answers that loop until the token cap, and an
/// Anthropic endpoint that ignores a forced tool choice.
@Suite(.serialized) struct RealServerBehaviourTests {
    static func simulator(_ behaviour: JudgeBehaviour, log: String? = nil, faults: FaultRates = .none) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(faults: faults, truth: Fixture.truth, requestLog: log)
        configuration.judgeBehaviour = behaviour
        return configuration
    }

    @Test("a re-ask after a looping answer at temperature 0 asks at a higher temperature with a nudge after the cached prefix, and gets the verdict",
          arguments: [Provider.openAI, .anthropic])
    func reaskChangesTemperatureAndPrompt(provider: Provider) async throws {
        let log = Fixture.temporaryFile("requests.jsonl")
        defer { try? FileManager.default.removeItem(atPath: log) }
        try await Fixture.withSimulator(Self.simulator(.loopsWhenGreedy, log: log)) { server in
            let judge = Fixture.judge(provider, server: server, reasks: 2)
            let criterion = Fixture.criteria[0]
            let response = try await judge.judge(Fixture.request([criterion]))
            #expect(response.results[criterion.id]?.verdict == .met, "the re-ask escapes the loop")
            let lines = try Fixture.logLines(log)
            #expect(lines.count == 2)
            #expect(response.attempts == 2)
            #expect(lines[0]["temperature"] == .double(0), "the first request is asked as configured")
            let last = try #require(lines.last)
            let raised = try #require(last["temperature"].flatMap { if case let .double(t) = $0 { t } else { nil } })
            #expect(raised >= 0.3 && raised <= 0.7)
            if provider == .anthropic {
                // The simulator's OpenAI endpoint counts the schema into the prompt, as OpenAI
                // does; the re-ask's bounded schema (sent only to other servers, which compile
                // it to a grammar outside the prompt) misses there.
                #expect((last["cached_tokens"]?.intValue ?? 0) >= 1024, "the nudge keeps the shared prefix, served from the prompt cache")
            }
            #expect(response.usage.output == 512 + (last["output_tokens"]?.intValue ?? 0), "the looping answer's tokens count")
        }
    }

    @Test("a re-ask bounds evidence lists and explanations in the schema for servers that compile it to a grammar, not for OpenAI's own API")
    func reaskBoundsGoWhereTheyAreEnforced() throws {
        let prompt = PromptRenderer(template: .builtIn(.batched)).render(Fixture.request(Array(Fixture.criteria.prefix(2))))
        var call = ProviderCall(prompt: prompt, parameters: GenerationParameters(model: "m"))
        func schema(_ client: OpenAIChatClient) -> String { client.body(for: call)["response_format"]?["json_schema"]?["schema"]?.compact ?? "" }
        let local = OpenAIChatClient(baseURL: "http://127.0.0.1:8080/v1", apiKey: nil)
        let openAI = OpenAIChatClient(apiKey: nil)
        #expect(schema(local) == prompt.schema.json.compact, "a first request's schema is unchanged")
        call.reask = Reask(after: .cutOff("cut off"), missing: [], answeredSome: false, schema: .batched, maxTokens: 1024)
        #expect(schema(local).contains("\"maxItems\":3") && schema(local).contains("\"maxLength\":300"))
        #expect(schema(openAI) == prompt.schema.json.compact)
        let anthropic = AnthropicMessagesClient(apiKey: nil).body(for: call)["tools"]?.arrayValue?.first?["input_schema"]
        #expect(anthropic == prompt.schema.json, "tools lead Anthropic's cached prefix")
        call.reask?.bounded = false
        #expect(schema(local) == prompt.schema.json.compact)
    }

    @Test("the re-ask's request ends with a nudge naming what was wrong; the first request and the shared prefix are unchanged")
    func reaskNudgeIsAppendedAfterTheQuestion() throws {
        let prompt = PromptRenderer(template: .builtIn(.perCriterion)).render(Fixture.request([Fixture.criteria[0]]))
        let reask = Reask(after: .cutOff("cut off"), missing: [Fixture.criteria[0].id], answeredSome: false, schema: .single, maxTokens: 1024)
        #expect(reask.nudge.contains("cut off at the token limit"))
        #expect(reask.nudge.contains("briefly"))
        let first = ProviderCall(prompt: prompt, parameters: GenerationParameters(model: "m"))
        var again = first
        again.reask = reask

        let openAI = OpenAIChatClient(baseURL: "http://127.0.0.1:8080/v1", apiKey: nil)
        let (before, after) = (openAI.body(for: first), openAI.body(for: again))
        #expect(before["messages"]?.arrayValue?[1]["content"]?.stringValue == prompt.user, "the first request is as before")
        let user = try #require(after["messages"]?.arrayValue?[1]["content"]?.stringValue)
        #expect(user.hasPrefix(prompt.user) && user.hasSuffix(reask.nudge), "the nudge comes after the whole user message")
        #expect(after["messages"]?.arrayValue?[0] == before["messages"]?.arrayValue?[0])

        let anthropic = AnthropicMessagesClient(apiKey: nil)
        let blocksBefore = try #require(anthropic.body(for: first)["messages"]?.arrayValue?[0]["content"]?.arrayValue)
        let blocksAfter = try #require(anthropic.body(for: again)["messages"]?.arrayValue?[0]["content"]?.arrayValue)
        #expect(Array(blocksAfter.prefix(blocksBefore.count)) == blocksBefore, "the cached block and the question are unchanged")
        #expect(blocksAfter.count == blocksBefore.count + 1)
        #expect(blocksAfter.last?["text"]?.stringValue == reask.nudge)
    }

    @Test("an answer cut off at max_tokens twice fails at once, saying the model loops, after two requests instead of every re-ask",
          arguments: [Provider.openAI, .anthropic])
    func aLoopingModelFailsAfterTwoRequests(provider: Provider) async throws {
        let log = Fixture.temporaryFile("requests.jsonl")
        defer { try? FileManager.default.removeItem(atPath: log) }
        try await Fixture.withSimulator(Self.simulator(.loops, log: log)) { server in
            let judge = Fixture.judge(provider, server: server, reasks: 3)
            for criterion in Fixture.criteria.prefix(2) {
                let response = try await judge.judge(Fixture.request([criterion]))
                let failure = try #require(response.results[criterion.id]?.failure)
                #expect(failure.contains("cut off at max_tokens 512 twice"), "\(failure)")
                #expect(failure.contains("raise max_tokens or use a larger model"))
                #expect(response.attempts == 2)
                #expect(response.usage.output == 2 * 512, "both cut-off answers are billed")
            }
            let answered = try Fixture.logLines(log).filter { $0["status"]?.intValue == 200 }
            let perCriterion = Dictionary(grouping: answered, by: { $0["criteria"]?.arrayValue?.first?.stringValue ?? "" })
            #expect(perCriterion.values.map(\.count).sorted() == [2, 2], "two answers per criterion, not one and every re-ask")
        }
    }

    @Test("a server that refuses the length bounds (HTTP 400) is asked again without them, and its re-asks carry none")
    func refusedBoundsAreDropped() async throws {
        let log = Fixture.temporaryFile("requests.jsonl")
        defer { try? FileManager.default.removeItem(atPath: log) }
        var configuration = Self.simulator(.loopsWhenGreedy, log: log)
        configuration.rejectsLengthBounds = true
        try await Fixture.withSimulator(configuration) { server in
            let judge = Fixture.judge(.openAI, server: server, reasks: 1)
            let response = try await judge.judge(Fixture.request([Fixture.criteria[0]]))
            #expect(response.results[Fixture.criteria[0].id]?.verdict == .met)
            // The simulator is on this machine, so the first request is bounded (BoundedFirstAnswerTests):
            // refused, asked unbounded (it loops), re-asked unbounded.
            #expect(try Fixture.logLines(log).map { $0["status"]?.intValue } == [400, 200, 200])
            #expect(response.attempts == 3)
        }
    }

    @Test("a judge failure after earlier answers in the same call carries their tokens and cost")
    func aFailureCarriesTheUsageOfEarlierAnswers() async throws {
        try await Fixture.withSimulator(Self.simulator(.loops)) { server in
            // The first answer loops (a re-ask follows); then the connection dies for good.
            let judge = Fixture.judge(.openAI, server: server, transport: DyingTransport(answered: 1), retries: 1, reasks: 2)
            do {
                _ = try await judge.judge(Fixture.request([Fixture.criteria[0]]))
                Issue.record("a dead connection must fail the call")
            } catch let failure as JudgeFailure {
                let stats = server.engine.stats
                #expect(failure.attempts == 3)
                #expect(failure.usage.input == stats.promptTokens)
                #expect(failure.usage.output == stats.outputTokens)
                #expect(failure.usage.output == 512)
                #expect(failure.cost > 0)
                #expect(failure.cost == judge.settings.prices.cost(of: failure.usage))
            }
        }
    }

    @Test("anthropic: against a server that ignores the forced tool choice, the JSON in the text answer is parsed")
    func anthropicFallsBackToTheJSONText() async throws {
        try await Fixture.withSimulator(Self.simulator(.textInsteadOfTool)) { server in
            let judge = Fixture.judge(.anthropic, server: server, reasks: 0)
            let subjective = Fixture.criteria.filter { $0.section == .subjective }
            for criterion in subjective.prefix(2) {
                let response = try await judge.judge(Fixture.request([criterion]))
                #expect(response.results[criterion.id]?.verdict == (criterion.isPenalty ? .notMet : .met), "\(String(describing: response.results[criterion.id]))")
            }
            let batched = Fixture.judge(.anthropic, server: server, mode: .batched, reasks: 0)
            let response = try await batched.judge(Fixture.request(subjective))
            #expect(response.results.values.allSatisfy { $0.verdict != nil })
            #expect(response.results.count == subjective.count)
        }
    }
}

@Suite struct ReaskBoundsRefusalTests {
    @Test("a 400 to a re-ask is taken for refused bounds only when the request carried bounds")
    func onlyBoundsThatWereSentAreDropped() {
        let prompt = PromptRenderer(template: .builtIn(.perCriterion)).render(Fixture.request([Fixture.criteria[0]]))
        var call = ProviderCall(prompt: prompt, parameters: GenerationParameters(model: "m"))
        call.reask = Reask(after: .cutOff("cut off"), missing: [], answeredSome: false, schema: .single, maxTokens: 1024)
        #expect(LLMJudge.sentBounds(call, client: OpenAIChatClient(baseURL: "http://127.0.0.1:8080/v1", apiKey: nil)))
        #expect(!LLMJudge.sentBounds(call, client: OpenAIChatClient(apiKey: nil)), "OpenAI's own API gets no bounds")
        #expect(!LLMJudge.sentBounds(call, client: AnthropicMessagesClient(apiKey: nil)))
        call.reask?.bounded = false
        #expect(!LLMJudge.sentBounds(call, client: OpenAIChatClient(baseURL: "http://127.0.0.1:8080/v1", apiKey: nil)))
    }
}
