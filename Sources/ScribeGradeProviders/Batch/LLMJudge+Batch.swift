import Foundation
import ScribeGrade

extension LLMJudge {
    /// The judge's provider batch API, over the same client (base URL, key, version) it calls
    /// synchronously.
    public func batchClient(limits: BatchLimits? = nil, polling: BatchPolling = BatchPolling()) -> any ProviderBatchClient {
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
