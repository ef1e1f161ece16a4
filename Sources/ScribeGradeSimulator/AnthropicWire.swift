import Foundation
import ScribeGrade

/// Anthropic Messages response bodies and headers as the real API sends them: compact JSON,
/// `request-id` and `anthropic-ratelimit-*` headers, errors as
/// `{"type": "error", "error": {"type", "message"}, "request_id"}`.
enum AnthropicWire {
    static func headers(_ random: inout SplitMix64, window: RateWindow, configuration: SimulatorConfiguration, requestID: String) -> [(String, String)] {
        let reset = HTTPDate.rfc3339(Date().addingTimeInterval(window.resetIn()))
        let tpm = String(configuration.tpm ?? RateWindow.defaultTPM)
        let remainingTokens = String(window.remainingTokens(configuration))
        return [
            ("content-type", "application/json"),
            ("date", HTTPDate.now()),
            ("request-id", requestID),
            ("anthropic-organization-id", "00000000-0000-4000-8000-5c21be9ade00"),
            ("anthropic-ratelimit-requests-limit", String(configuration.rpm ?? RateWindow.defaultRPM)),
            ("anthropic-ratelimit-requests-remaining", String(window.remainingRequests(configuration))),
            ("anthropic-ratelimit-requests-reset", reset),
            ("anthropic-ratelimit-input-tokens-limit", tpm),
            ("anthropic-ratelimit-input-tokens-remaining", remainingTokens),
            ("anthropic-ratelimit-input-tokens-reset", reset),
            ("anthropic-ratelimit-tokens-limit", tpm),
            ("anthropic-ratelimit-tokens-remaining", remainingTokens),
            ("anthropic-ratelimit-tokens-reset", reset),
        ]
    }

    static func message(
        model: String, content: [JSONValue], stopReason: String, inputTokens: Int, cacheRead: Int, cacheWrite: Int, outputTokens: Int,
        ids random: inout SplitMix64, window: RateWindow, configuration: SimulatorConfiguration
    ) -> (headers: [(String, String)], body: [UInt8]) {
        let body: JSONValue = [
            "id": .string(Identifiers.make("msg_01", 22, &random)),
            "type": "message",
            "role": "assistant",
            "model": .string(model),
            "content": .array(content),
            "stop_reason": .string(stopReason),
            "stop_sequence": nil,
            "usage": [
                "input_tokens": .int(inputTokens),
                "cache_creation_input_tokens": .int(cacheWrite),
                "cache_read_input_tokens": .int(cacheRead),
                "cache_creation": ["ephemeral_5m_input_tokens": .int(cacheWrite), "ephemeral_1h_input_tokens": 0],
                "output_tokens": .int(outputTokens),
                "service_tier": "standard",
            ],
        ]
        let requestID = Identifiers.make("req_011C", 20, &random)
        return (headers(&random, window: window, configuration: configuration, requestID: requestID), body.compactBytes)
    }

    static func error(status: Int, type: String, message: String, ids random: inout SplitMix64, window: RateWindow, configuration: SimulatorConfiguration, extraHeaders: [(String, String)] = []) -> SimulatedAction {
        let requestID = Identifiers.make("req_011C", 20, &random)
        let body: JSONValue = ["type": "error", "error": ["type": .string(type), "message": .string(message)], "request_id": .string(requestID)]
        return .respond(status: status, headers: headers(&random, window: window, configuration: configuration, requestID: requestID) + extraHeaders, body: body.compactBytes)
    }

    static func rateLimited(limit: RateWindow.Limit, retryAfterMs: Int, ids random: inout SplitMix64, window: RateWindow, configuration: SimulatorConfiguration) -> SimulatedAction {
        let unit = limit.kind == .requests ? "requests per minute" : "input tokens per minute"
        let message = "This request would exceed the rate limit for your organization (00000000-0000-4000-8000-5c21be9ade00) of \(limit.limit) \(unit). For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase."
        let seconds = Int((Double(retryAfterMs) / 1000).rounded(.up))
        return error(status: 429, type: "rate_limit_error", message: message, ids: &random, window: window, configuration: configuration, extraHeaders: [("retry-after", String(seconds))])
    }
}
