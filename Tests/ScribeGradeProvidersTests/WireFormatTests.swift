import Foundation
import Testing
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator

/// The request bodies and headers the clients send, and how they read responses.
@Suite struct WireFormatTests {
    static let prompt = PromptRenderer(template: .builtIn(.perCriterion)).render(Fixture.request([Fixture.criteria[0]]))
    static let call = ProviderCall(prompt: prompt, parameters: GenerationParameters(model: "gpt-4.1-mini", temperature: 0, seed: 7, maxTokens: 600), headers: [("X-ScribeGrade-Item", "x")], timeout: 30)

    @Test func openAIRequestsUseStrictJSONSchemaAndTheSharedPrefixFirst() throws {
        let client = OpenAIChatClient(baseURL: "https://api.example.test/v1/", apiKey: Secret("sk-k"))
        let request = client.request(for: Self.call)
        #expect(request.url == "https://api.example.test/v1/chat/completions")
        #expect(request.headers.contains { $0.name == "Authorization" && $0.value == "Bearer sk-k" })
        #expect(request.timeout == 30)
        let body = try JSONValue(parsing: request.body)
        #expect(body["model"]?.stringValue == "gpt-4.1-mini")
        #expect(body["messages"]?.arrayValue?.map { $0["role"]?.stringValue } == ["system", "user"])
        #expect(body["messages"]?.arrayValue?[1]["content"]?.stringValue == Self.prompt.shared + Self.prompt.question)
        #expect(body["response_format"]?["type"]?.stringValue == "json_schema")
        #expect(body["response_format"]?["json_schema"]?["name"]?.stringValue == "criterion_verdict")
        #expect(body["response_format"]?["json_schema"]?["strict"] == .bool(true))
        #expect(body["response_format"]?["json_schema"]?["schema"] == VerdictSchema.single.json)
        #expect(body["temperature"] == .double(0))
        #expect(body["seed"] == .int(7))
        #expect(body["max_completion_tokens"] == .int(600))
        #expect(body["max_tokens"] == nil)
    }

    @Test func anthropicRequestsForceTheToolAndMarkTheSharedPartForCaching() throws {
        let client = AnthropicMessagesClient(apiKey: Secret("sk-ant-k"))
        let request = client.request(for: Self.call)
        #expect(request.url == "https://api.anthropic.com/v1/messages")
        #expect(request.headers.contains { $0.name == "x-api-key" && $0.value == "sk-ant-k" })
        #expect(request.headers.contains { $0.name == "anthropic-version" && $0.value == "2023-06-01" })
        let body = try JSONValue(parsing: request.body)
        #expect(body["max_tokens"] == .int(600))
        #expect(body["system"]?.stringValue == Self.prompt.system)
        let blocks = try #require(body["messages"]?.arrayValue?.first?["content"]?.arrayValue)
        #expect(blocks.count == 2)
        #expect(blocks[0]["text"]?.stringValue == Self.prompt.shared)
        #expect(blocks[0]["cache_control"] == ["type": "ephemeral"])
        #expect(blocks[1]["text"]?.stringValue == Self.prompt.question)
        #expect(blocks[1]["cache_control"] == nil)
        #expect(body["tools"]?.arrayValue?.first?["name"]?.stringValue == "criterion_verdict")
        #expect(body["tools"]?.arrayValue?.first?["input_schema"] == VerdictSchema.single.json)
        #expect(body["tool_choice"] == ["type": "tool", "name": "criterion_verdict"])
        #expect(body["seed"] == nil, "Anthropic has no seed")
    }

    @Test func openAIRepliesAreReadForContentRefusalLengthAndUsage() {
        let client = OpenAIChatClient(apiKey: nil)
        func reply(_ message: String, finish: String = "stop") -> ProviderOutcome {
            let body = #"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-x-2025","choices":[{"index":0,"message":\#(message),"finish_reason":"\#(finish)"}],"usage":{"prompt_tokens":2000,"completion_tokens":50,"total_tokens":2050,"prompt_tokens_details":{"cached_tokens":1920}}}"#
            return client.outcome(of: HTTPResponse(status: 200, headers: [(name: "x-request-id", value: "req_1")], body: Array(body.utf8)))
        }
        guard case let .reply(ok) = reply(#"{"role":"assistant","content":"{}","refusal":null}"#) else { Issue.record("not a reply"); return }
        #expect(ok.answer == .text("{}"))
        #expect(ok.usage == TokenUsage(input: 2000, cachedInput: 1920, output: 50))
        #expect(ok.model == "gpt-x-2025")
        #expect(ok.requestID == "req_1")
        guard case let .reply(refused) = reply(#"{"role":"assistant","content":null,"refusal":"I can't help with that."}"#), case .refusal = refused.answer else { Issue.record("not a refusal"); return }
        guard case let .reply(cut) = reply(#"{"role":"assistant","content":"{\"expl","refusal":null}"#, finish: "length"), case .cutOff = cut.answer else { Issue.record("not cut off"); return }
    }

    @Test func openAIErrorsKeepTypeCodeAndRetryAfter() {
        let body = #"{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#
        let outcome = OpenAIChatClient(apiKey: nil).outcome(of: HTTPResponse(status: 429, headers: [(name: "retry-after-ms", value: "1200")], body: Array(body.utf8)))
        guard case let .error(error) = outcome else { Issue.record("not an error"); return }
        #expect(error.status == 429 && error.type == "requests" && error.code == "rate_limit_exceeded")
        #expect(error.retryAfter == 1.2 && error.retryable)
        #expect(error.description == "HTTP 429 requests (rate_limit_exceeded): Rate limit reached")
    }

    @Test func anthropicRepliesSumUncachedCacheReadAndCacheWriteIntoInput() {
        let body = #"{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[{"type":"tool_use","id":"toolu_1","name":"criterion_verdict","input":{"verdict":"met"}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":1900,"output_tokens":60}}"#
        guard case let .reply(reply) = AnthropicMessagesClient(apiKey: nil).outcome(of: HTTPResponse(status: 200, headers: [(name: "request-id", value: "req_2")], body: Array(body.utf8))) else { Issue.record("not a reply"); return }
        #expect(reply.answer == .json(["verdict": "met"]))
        #expect(reply.usage == TokenUsage(input: 1940, cachedInput: 1900, cacheCreation: 0, output: 60))
        #expect(reply.requestID == "req_2")
    }

    @Test func anthropicOverloadIsRetryableAndKeepsTheErrorType() {
        let body = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_3"}"#
        guard case let .error(error) = AnthropicMessagesClient(apiKey: nil).outcome(of: HTTPResponse(status: 529, headers: [], body: Array(body.utf8))) else { Issue.record("not an error"); return }
        #expect(error.type == "overloaded_error" && error.retryable && error.requestID == "req_3")
    }
}

@Suite struct JudgeFactoryTests {
    @Test func aSpecWithALoopbackURLNeedsNoKeyButARemoteOneDoes() throws {
        let factory = JudgeFactory(environment: [:])
        let local = try #require(try factory.makeLLMJudge(.openAI(model: "m", baseURL: "http://127.0.0.1:8089/v1")))
        #expect(local.settings.baseURL == "http://127.0.0.1:8089/v1")
        #expect(local.descriptor.name == "openai:m@http://127.0.0.1:8089/v1")
        #expect {
            try factory.makeLLMJudge(.anthropic(model: "claude", baseURL: nil))
        } throws: { error in
            String(describing: error) == "--judge: error: judge 'anthropic:claude' needs an API key: set ANTHROPIC_API_KEY"
        }
        let keyed = try #require(try JudgeFactory(environment: ["ANTHROPIC_API_KEY": "sk-ant-x"]).makeLLMJudge(.anthropic(model: "claude", baseURL: nil)))
        #expect(keyed.settings.baseURL == "https://api.anthropic.com")
        #expect(keyed.settings.parameters.temperature == nil, "Anthropic's current API version has no temperature; sent only when configured")
        #expect(local.settings.parameters.temperature == 0)
        #expect(!keyed.settings.sendsItemHeader && local.settings.sendsItemHeader)
    }

    @Test func namedJudgesComeFromTheConfigurationWithTheirSettings() throws {
        let config = try ScribeGradeConfig(parsing: """
            judges:
              mini:
                provider: openai
                model: gpt-4.1-mini
                api_key_env: MY_KEY
                mode: batched
                concurrency: 64
                transport: urlsession
                timeout: 9
                prices: {input: 0.4, output: 1.6}
            """, path: "scribegrade.yaml")
        let factory = JudgeFactory(config: config, environment: ["MY_KEY": "sk-1"])
        let judge = try #require(try factory.makeLLMJudge(.named("mini")))
        #expect(judge.batchesCriteria)
        #expect(judge.settings.concurrency == 64)
        #expect(judge.settings.transport == .urlSession)
        #expect(judge.transport is URLSessionTransport)
        #expect((judge.transport as? URLSessionTransport)?.timeout == 9)
        #expect(judge.settings.prices.cachedInput == 0.4)
        #expect(judge.descriptor.name == "mini")
        #expect {
            try factory.makeLLMJudge(.named("maxi"))
        } throws: { error in
            String(describing: error).contains("unknown judge 'maxi'; scribegrade.yaml names mini")
        }
        #expect {
            try JudgeFactory(config: config, environment: [:]).makeLLMJudge(.named("mini"))
        } throws: { error in
            String(describing: error) == "scribegrade.yaml:3:5: error: judge 'mini' needs an API key: set MY_KEY"
        }
    }

    @Test func offlineSpecsGoThroughTheHook() throws {
        struct Offline: Judge {
            var descriptor: JudgeDescriptor { JudgeDescriptor(name: "baseline", kind: .lexicalBaseline, readsTranscript: false) }
            func judge(_ request: JudgeRequest) async throws -> JudgeResponse { JudgeResponse(results: [:]) }
        }
        #expect(try JudgeFactory(environment: [:]).makeLLMJudge(.baseline) == nil)
        let factory = JudgeFactory(environment: [:], offline: { _ in Offline() })
        #expect(try factory.makeJudge(.baseline).descriptor.kind == .lexicalBaseline)
        #expect(throws: InputError.self) { try JudgeFactory(environment: [:]).makeJudge(.replay(path: "v.csv")) }
    }
}

@Suite struct EstimateTests {
    @Test func theEstimateIsWithinAFactorOfTwoOfWhatTheSimulatorBills() async throws {
        try await Fixture.withSimulator(SimulatorConfiguration()) { server in
            let judge = Fixture.judge(.openAI, server: server)
            let request = Fixture.request([Fixture.criteria[0]])
            let estimate = judge.estimatedUsage(for: request)
            let billed = try await judge.judge(request).usage
            #expect(Double(estimate.input) > Double(billed.input) / 2 && Double(estimate.input) < Double(billed.input) * 2)
            #expect(estimate.output == VerdictSchema.single.estimatedOutputTokens(criteria: 1), "from the schema, not max_tokens")
        }
    }
}

@Suite struct AzureOpenAITests {
    @Test func azureDeploymentsGetTheKeyInAnAPIKeyHeaderAndTheAPIVersionQuery() {
        let client = OpenAIChatClient(baseURL: "https://res.openai.azure.com/openai/deployments/grader", apiKey: Secret("az-key"), apiVersion: "2024-10-21")
        let request = client.request(for: WireFormatTests.call)
        #expect(request.url == "https://res.openai.azure.com/openai/deployments/grader/chat/completions?api-version=2024-10-21")
        #expect(request.headers.contains { $0.name == "api-key" && $0.value == "az-key" })
        #expect(!request.headers.contains { $0.name == "Authorization" })
    }
}
