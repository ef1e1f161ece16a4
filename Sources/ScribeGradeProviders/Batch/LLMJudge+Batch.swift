import Foundation
import ScribeGrade

extension LLMJudge {
    /// The judge's provider batch API, over the same client (base URL, key, version) it calls
    /// synchronously.
    public func batchClient(limits: BatchLimits? = nil, polling: BatchPolling = BatchPolling()) -> any ProviderBatchClient {
        var polling = polling
        polling.requestTimeout = settings.timeout
        if let anthropic = client as? AnthropicMessagesClient {
            return AnthropicBatchClient(messages: anthropic, limits: limits ?? .anthropic, polling: polling)
        }
        let chat = client as? OpenAIChatClient ?? OpenAIChatClient(baseURL: settings.baseURL, apiKey: nil)
        return OpenAIBatchClient(chat: chat, limits: limits ?? .openAI, polling: polling)
    }

    /// The batch entry of a request: the body of the judge's first synchronous attempt.
    public func batchEntry(for request: JudgeRequest, customID: String) -> BatchEntry {
        BatchEntry(customID: customID, call: ProviderCall(prompt: render(request), parameters: settings.parameters, timeout: settings.timeout))
    }

    /// The response to a request from its batched answer, read by the synchronous path's parser
    /// and priced at batch prices; nil when the answer does not give every criterion a verdict
    /// (a provider error, a refusal, a malformed or cut-off answer), so the request is asked
    /// again synchronously, where re-asks and retries apply.
    public func batchResponse(for request: JudgeRequest, outcome: ProviderOutcome) -> JudgeResponse? {
        guard case let .reply(reply) = outcome else { return nil }
        let prepared = prepared(request)
        let prompt = renderer(for: request).render(request, prepared: prepared)
        let parsed = Self.parse(reply.answer, with: Self.parser(for: prompt, prepared: prepared))
        guard prompt.criterionIDs.allSatisfy({ parsed.results[$0] != nil }) else { return nil }
        return JudgeResponse(
            results: parsed.results, usage: reply.usage, cost: settings.prices.cost(of: reply.usage, batch: true),
            latency: 0, attempts: 1, model: reply.model ?? settings.parameters.model, promptHash: prompt.templateHash)
    }
}

extension LLMJudge: BatchJudge {
    public var batchProvider: String { settings.provider.rawValue }

    public func submitBatches(_ requests: [(customID: String, request: JudgeRequest)], created: (_ id: String, _ customIDs: [String]) async throws -> Void) async throws {
        let entries = requests.map { batchEntry(for: $0.request, customID: $0.customID) }
        try await batchClient(limits: batchLimits, polling: batchPolling).submit(entries, transport: transport, created: created)
    }

    /// A batch the provider no longer knows (404: deleted, another account's key) answers
    /// nothing: its requests go to the synchronous path instead of failing every re-run.
    public func collectBatch(_ id: String, requests: [String: JudgeRequest]) async throws -> [String: JudgeResponse] {
        let client = batchClient(limits: batchLimits, polling: batchPolling)
        let state: BatchState
        do {
            state = try await client.wait(for: id, transport: transport, polling: batchPolling)
        } catch let failed as BatchAPIError where failed.error?.status == 404 {
            return [:]
        }
        let outcomes = try await client.results(of: state, transport: transport)
        var responses: [String: JudgeResponse] = [:]
        for (customID, request) in requests {
            guard case let .answered(outcome)? = outcomes[customID], let response = batchResponse(for: request, outcome: outcome) else { continue }
            responses[customID] = response
        }
        return responses
    }
}
