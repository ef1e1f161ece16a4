import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import ScribeGrade
@testable import ScribeGradeSimulator

/// Raw HTTP against the simulator on a port, checking what a provider's API would send.
@Suite(.serialized) struct SimulatorTests {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
        var json: JSONValue? { try? JSONValue(parsing: body) }
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        configuration.timeoutIntervalForResource = 10
        return URLSession(configuration: configuration)
    }()

    static func post(_ url: String, _ body: String, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var lowered: [String: String] = [:]
        for (key, value) in http.allHeaderFields { lowered[(key as! String).lowercased()] = "\(value)" }
        return Reply(status: http.statusCode, headers: lowered, body: String(decoding: data, as: UTF8.self))
    }

    static func withServer(_ configuration: SimulatorConfiguration = SimulatorConfiguration(), _ body: (SimulatorServer) async throws -> Void) async throws {
        let server = try await SimulatorServer.start(configuration, threads: 1)
        do { try await body(server) } catch { try? await server.shutdown(); throw error }
        try await server.shutdown()
    }

    static let longText = (0..<400).map { "The patient reported symptom number \($0) in some detail." }.joined(separator: " ")

    static func openAIBody(user: String, system: String = "Grade.", model: String = "gpt-sim") -> String {
        let body: JSONValue = [
            "model": .string(model),
            "messages": [["role": "system", "content": .string(system)], ["role": "user", "content": .string(user)]],
            "response_format": ["type": "json_schema", "json_schema": ["name": "criterion_verdict", "strict": true, "schema": ["type": "object"]]],
        ]
        return body.compact
    }

    static func anthropicBody(shared: String, question: String, cache: Bool = true, model: String = "claude-sim") -> String {
        var first: [(String, JSONValue)] = [("type", "text"), ("text", .string(shared))]
        if cache { first.append(("cache_control", ["type": "ephemeral"])) }
        let body: JSONValue = [
            "model": .string(model), "max_tokens": 100, "system": "Grade.",
            "messages": [["role": "user", "content": [.object(first), ["type": "text", "text": .string(question)]]]],
            "tools": [["name": "criterion_verdict", "description": "d", "input_schema": ["type": "object"]]],
            "tool_choice": ["type": "tool", "name": "criterion_verdict"],
        ]
        return body.compact
    }

    @Test func openAICompletionsHaveTheRealShapeKeyOrderAndHeaders() async throws {
        try await Self.withServer { server in
            let reply = try await Self.post(server.baseURL + "/v1/chat/completions", Self.openAIBody(user: "Criterion id: c1"), headers: [JudgeItem.headerName: "system=s&encounter=e&rubric=r&criteria=c1&sample=0"])
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == "application/json")
            #expect(reply.headers["x-request-id"]?.hasPrefix("req_") == true)
            #expect(reply.headers["openai-version"] == "2020-10-01")
            #expect(reply.headers["x-ratelimit-remaining-requests"] == "9999")
            #expect(reply.body.hasPrefix("{\n  \"id\": \"chatcmpl-"), "pretty-printed with two spaces like the real API")
            let json = try #require(reply.json)
            guard case let .object(members) = json else { Issue.record("not an object"); return }
            #expect(members.map(\.0) == ["id", "object", "created", "model", "choices", "usage", "service_tier", "system_fingerprint"])
            #expect(json["object"]?.stringValue == "chat.completion")
            #expect(json["model"]?.stringValue == "gpt-sim")
            let choice = try #require(json["choices"]?.arrayValue?.first)
            #expect(choice["finish_reason"]?.stringValue == "stop")
            #expect(choice["message"]?["refusal"] == .null)
            let answer = try JSONValue(parsing: try #require(choice["message"]?["content"]?.stringValue))
            #expect(answer["verdict"]?.stringValue == "met" || answer["verdict"]?.stringValue == "not_met")
            let usage = try #require(json["usage"])
            #expect(usage["total_tokens"]?.intValue == (usage["prompt_tokens"]?.intValue ?? 0) + (usage["completion_tokens"]?.intValue ?? 0))
            #expect(usage["prompt_tokens_details"]?["cached_tokens"] == .int(0))
        }
    }

    @Test func anthropicMessagesHaveTheRealShapeAndHeaders() async throws {
        try await Self.withServer { server in
            let reply = try await Self.post(server.baseURL + "/v1/messages", Self.anthropicBody(shared: "x", question: "Criterion id: c1"), headers: ["anthropic-version": "2023-06-01", "x-api-key": "k"])
            #expect(reply.status == 200)
            #expect(reply.headers["request-id"]?.hasPrefix("req_011C") == true)
            #expect(reply.headers["anthropic-ratelimit-requests-limit"] == "10000")
            #expect(reply.headers["anthropic-ratelimit-tokens-reset"]?.hasSuffix("Z") == true)
            let json = try #require(reply.json)
            guard case let .object(members) = json else { Issue.record("not an object"); return }
            #expect(members.map(\.0) == ["id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage"])
            #expect(json["id"]?.stringValue?.hasPrefix("msg_01") == true)
            #expect(json["stop_reason"]?.stringValue == "tool_use")
            let block = try #require(json["content"]?.arrayValue?.first)
            #expect(block["type"]?.stringValue == "tool_use")
            #expect(block["name"]?.stringValue == "criterion_verdict")
            #expect(block["input"]?["verdict"] != nil)
            #expect(json["usage"]?["cache_read_input_tokens"] == .int(0))
        }
    }

    @Test func errorBodiesAndStatusesAreTheProviders() async throws {
        let cases: [(Fault, Int, String, Int, String)] = [
            (.rateLimited, 429, "requests", 429, "rate_limit_error"),
            (.serverError, 500, "server_error", 500, "api_error"),
            (.unavailable, 503, "server_error", 529, "overloaded_error"),
            (.overloaded, 503, "server_error", 529, "overloaded_error"),
        ]
        for (fault, openAIStatus, openAIType, anthropicStatus, anthropicType) in cases {
            try await Self.withServer(SimulatorConfiguration(faults: FaultRates([fault: 1]), retryAfterMs: 2500)) { server in
                let openAI = try await Self.post(server.baseURL + "/v1/chat/completions", Self.openAIBody(user: "hi"))
                #expect(openAI.status == openAIStatus)
                let error = try #require(openAI.json?["error"])
                #expect(error["type"]?.stringValue == openAIType)
                guard case let .object(members) = error else { return }
                #expect(members.map(\.0) == ["message", "type", "param", "code"])
                let anthropic = try await Self.post(server.baseURL + "/v1/messages", Self.anthropicBody(shared: "x", question: "y"), headers: ["anthropic-version": "2023-06-01"])
                #expect(anthropic.status == anthropicStatus)
                #expect(anthropic.json?["type"]?.stringValue == "error")
                #expect(anthropic.json?["error"]?["type"]?.stringValue == anthropicType)
                #expect(anthropic.json?["request_id"]?.stringValue == anthropic.headers["request-id"])
                if fault == .rateLimited {
                    #expect(openAI.headers["retry-after"] == "3")
                    #expect(openAI.headers["retry-after-ms"] == "2500")
                    #expect(openAI.json?["error"]?["code"]?.stringValue == "rate_limit_exceeded")
                    #expect(anthropic.headers["retry-after"] == "3")
                }
            }
        }
    }

    @Test func invalidRequestsGetTheProvidersValidationErrors() async throws {
        try await Self.withServer { server in
            let noVersion = try await Self.post(server.baseURL + "/v1/messages", Self.anthropicBody(shared: "x", question: "y"))
            #expect(noVersion.status == 400)
            #expect(noVersion.json?["error"]?["message"]?.stringValue == "anthropic-version: header is required")
            let noMaxTokens = try await Self.post(server.baseURL + "/v1/messages", #"{"model":"m","messages":[{"role":"user","content":"x"}]}"#, headers: ["anthropic-version": "2023-06-01"])
            #expect(noMaxTokens.json?["error"]?["message"]?.stringValue == "max_tokens: Field required")
            let notJSON = try await Self.post(server.baseURL + "/v1/chat/completions", "{not json")
            #expect(notJSON.status == 400)
            #expect(notJSON.json?["error"]?["type"]?.stringValue == "invalid_request_error")
            let noModel = try await Self.post(server.baseURL + "/v1/chat/completions", #"{"messages":[{"role":"user","content":"x"}]}"#)
            #expect(noModel.json?["error"]?["message"]?.stringValue == "you must provide a model parameter")
            let unknown = try await Self.post(server.baseURL + "/v1/embeddings", "{}")
            #expect(unknown.status == 404)
            #expect(unknown.json?["error"]?["message"]?.stringValue == "Invalid URL (POST /v1/embeddings)")
        }
    }

    @Test func openAICachesPrefixesOfAtLeast1024TokensIn128TokenSteps() async throws {
        try await Self.withServer { server in
            let url = server.baseURL + "/v1/chat/completions"
            func usage(_ user: String) async throws -> (prompt: Int, cached: Int) {
                let json = try #require(try await Self.post(url, Self.openAIBody(user: user)).json)
                return (json["usage"]?["prompt_tokens"]?.intValue ?? -1, json["usage"]?["prompt_tokens_details"]?["cached_tokens"]?.intValue ?? -1)
            }
            let first = try await usage(Self.longText + "\nCriterion id: a")
            #expect(first.prompt > 2048 && first.cached == 0)
            let second = try await usage(Self.longText + "\nCriterion id: b, a different one")
            #expect(second.cached >= 1024 && (second.cached - 1024) % 128 == 0)
            #expect(second.cached <= second.prompt && second.prompt - second.cached < 128 + 20)
            let short = try await usage("short prompt")
            let shortAgain = try await usage("short prompt")
            #expect(short.cached == 0 && shortAgain.cached == 0, "prompts under 1,024 tokens are never cached")
        }
    }

    @Test func anthropicWritesTheCacheOnFirstUseAndReadsItAfter() async throws {
        try await Self.withServer { server in
            let url = server.baseURL + "/v1/messages"
            func usage(_ body: String) async throws -> JSONValue {
                try #require(try await Self.post(url, body, headers: ["anthropic-version": "2023-06-01"]).json?["usage"])
            }
            let first = try await usage(Self.anthropicBody(shared: Self.longText, question: "Criterion id: a"))
            let written = try #require(first["cache_creation_input_tokens"]?.intValue)
            #expect(written > 1024)
            #expect(first["cache_read_input_tokens"] == .int(0))
            #expect(first["cache_creation"]?["ephemeral_5m_input_tokens"] == .int(written))
            let second = try await usage(Self.anthropicBody(shared: Self.longText, question: "Criterion id: b"))
            #expect(second["cache_read_input_tokens"] == .int(written))
            #expect(second["cache_creation_input_tokens"] == .int(0))
            #expect((second["input_tokens"]?.intValue ?? 0) < 40)
            let uncached = try await usage(Self.anthropicBody(shared: Self.longText, question: "Criterion id: c", cache: false))
            #expect(uncached["cache_read_input_tokens"] == .int(0) && uncached["cache_creation_input_tokens"] == .int(0))
            let haiku = try await usage(Self.anthropicBody(shared: String(Self.longText.prefix(6000)), question: "q", model: "claude-haiku-x"))
            #expect(haiku["cache_creation_input_tokens"] == .int(0), "below Haiku's 2,048-token minimum nothing is cached")
        }
    }

    @Test func truthVerdictsAreKeptWithTheConfiguredAccuracyAndAreDeterministic() async throws {
        let ids = (0..<600).map { "c\($0)" }
        let truth = try TruthTable(parsing: "system,encounter,criterion,verdict\n" + ids.map { "s,e,\($0),met" }.joined(separator: "\n"), path: "t.csv")
        let engine = try SimulatorEngine(configuration: SimulatorConfiguration(truth: truth, accuracy: 0.8, seed: 9))
        func verdict(_ id: String, sample: Int = 0) -> Verdict {
            let request = SimulatedRequest(endpoint: .openAI, model: "m", tokens: [], breakpoints: [], schemaName: nil, userText: "", item: JudgeItem(system: "s", encounter: "e", rubric: "r", criteria: [id], sample: sample), itemSource: "header", criteria: [id])
            return engine.verdict(for: id, request: request)
        }
        let agreement = Double(ids.filter { verdict($0) == .met }.count) / Double(ids.count)
        #expect(abs(agreement - 0.8) < 0.05)
        #expect(ids.allSatisfy { verdict($0) == verdict($0) })
        #expect(ids.contains { verdict($0, sample: 0) != verdict($0, sample: 1) }, "samples of one judge disagree sometimes")
        let perfect = try SimulatorEngine(configuration: SimulatorConfiguration(truth: truth, accuracy: 1))
        #expect(ids.allSatisfy { id in perfect.verdict(for: id, request: SimulatedRequest(endpoint: .openAI, model: "m", tokens: [], breakpoints: [], schemaName: nil, userText: "", item: JudgeItem(system: "s", encounter: "e", rubric: "r", criteria: [id], sample: 3), itemSource: "header", criteria: [id])) == .met })
    }

    @Test func theRequestLogHasALinePerRequestWithIdsFaultAndTokensButNoPromptText() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        try await Self.withServer(SimulatorConfiguration(faults: FaultRates([.serverError: 0.5]), seed: 4, requestLog: log)) { server in
            for index in 0..<10 {
                _ = try await Self.post(server.baseURL + "/v1/chat/completions", Self.openAIBody(user: "SECRET PATIENT TEXT\nCriterion id: k\(index)"), headers: [JudgeItem.headerName: "system=doc&encounter=enc%2F1&rubric=r&criteria=k\(index)&sample=2"])
            }
            _ = try await Self.post(server.baseURL + "/v1/chat/completions", Self.openAIBody(user: "no header\nCriterion id: from-prompt"))
        }
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(!text.contains("SECRET"))
        let lines = try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        #expect(lines.count == 11)
        #expect(lines[0]["note"]?.stringValue == "doc/enc/1")
        #expect(lines[0]["criteria"] == ["k0"])
        #expect(lines[0]["sample"] == .int(2))
        let faults = lines.compactMap { $0["fault"]?.stringValue }
        #expect(faults.allSatisfy { $0 == "500" } && !faults.isEmpty && faults.count < 11)
        #expect(lines.filter { $0["fault"] == .null }.allSatisfy { $0["status"] == .int(200) && ($0["prompt_tokens"]?.intValue ?? 0) > 0 })
        #expect(lines[10]["item_source"]?.stringValue == "prompt")
        #expect(lines[10]["criteria"] == ["from-prompt"])
    }

    @Test func realRateLimitsAnswer429WithTheWindowsReset() async throws {
        try await Self.withServer(SimulatorConfiguration(rpm: 2)) { server in
            let url = server.baseURL + "/v1/chat/completions"
            #expect(try await Self.post(url, Self.openAIBody(user: "a")).status == 200)
            let second = try await Self.post(url, Self.openAIBody(user: "b"))
            #expect(second.headers["x-ratelimit-remaining-requests"] == "0")
            let third = try await Self.post(url, Self.openAIBody(user: "c"))
            #expect(third.status == 429)
            #expect(Int(third.headers["retry-after"] ?? "") ?? 0 > 50)
        }
    }

    @Test func aRequiredKeyIsEnforcedWithTheProvidersAuthenticationErrors() async throws {
        try await Self.withServer(SimulatorConfiguration(requiredKey: "sk-right")) { server in
            let missing = try await Self.post(server.baseURL + "/v1/chat/completions", Self.openAIBody(user: "x"))
            #expect(missing.status == 401)
            let wrong = try await Self.post(server.baseURL + "/v1/chat/completions", Self.openAIBody(user: "x"), headers: ["Authorization": "Bearer sk-wrong-0123456789"])
            #expect(wrong.json?["error"]?["code"]?.stringValue == "invalid_api_key")
            #expect(wrong.json?["error"]?["message"]?.stringValue?.contains("sk-wrong-0123456789") == false)
            let anthropic = try await Self.post(server.baseURL + "/v1/messages", Self.anthropicBody(shared: "x", question: "y"), headers: ["anthropic-version": "2023-06-01", "x-api-key": "nope"])
            #expect(anthropic.status == 401 && anthropic.json?["error"]?["type"]?.stringValue == "authentication_error")
            let right = try await Self.post(server.baseURL + "/v1/chat/completions", Self.openAIBody(user: "x"), headers: ["Authorization": "Bearer sk-right"])
            #expect(right.status == 200)
        }
    }
}

@Suite struct SimulatorUnitTests {
    @Test func faultRatesParseAndRejectBadEntries() throws {
        let rates = try FaultRates(parsing: "429=0.1,500=0.05,503=0.02,hang=0.02,malformed=0.05,truncated=0.01,drop=0.01,refusal=0.01")
        #expect(rates.rates[.rateLimited] == 0.1 && rates.rates[.refusal] == 0.01)
        #expect(rates.fault(for: 0.05) == .rateLimited)
        #expect(rates.fault(for: 0.12) == .serverError)
        #expect(rates.fault(for: 0.99) == nil)
        for bad in ["429", "teapot=0.1", "500=2", "500=0.6,429=0.6"] {
            #expect(throws: InputError.self) { try FaultRates(parsing: bad) }
        }
    }

    @Test func theTokenCounterFollowsItsDocumentedRules() {
        #expect(TokenCounter.count("the") == 1)
        #expect(TokenCounter.count("consultation") == 2)
        #expect(TokenCounter.count("1234567") == 3)
        #expect(TokenCounter.count("a, b.") == 4)
        #expect(TokenCounter.count("one\n\ntwo") == 3)
        #expect(TokenCounter.count("   ") == 0)
        let prose = "The patient has had diarrhoea for three days, with cramping lower abdominal pain that comes and goes."
        let ratio = Double(prose.count) / Double(TokenCounter.count(prose))
        #expect(ratio > 3.5 && ratio < 6)
    }

    @Test func theItemHeaderRoundTripsIdsWithSeparators() {
        let item = JudgeItem(system: "a&b", encounter: "x=y", rubric: "r 1", criteria: ["c,1", "d"], sample: 3)
        #expect(JudgeItem(headerValue: item.headerValue) == item)
        #expect(JudgeItem(headerValue: "garbage") == nil)
    }
}

@Suite struct PromptFallbackTests {
    @Test func criterionIdsAreReadFromLineStartsOnlyInOrder() {
        let text = "<note_x>\nThe note says Criterion id: fake inline\n</note_x>\nCriteria:\n- Criterion id: b-2\n  Criterion: x\n- Criterion id: a-1\nStatement id: s9\n"
        #expect(SimulatedRequest.criterionIDs(in: text) == ["b-2", "a-1", "s9"])
    }
}
