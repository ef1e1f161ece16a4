import Foundation
import ScribeGrade

/// OpenAI Chat Completions response bodies and headers as the real API sends them: bodies
/// pretty-printed with two-space indentation, `x-request-id`, `openai-*` and `x-ratelimit-*`
/// headers, errors as `{"error": {"message", "type", "param", "code"}}`.
enum OpenAIWire {
    static func headers(_ random: inout SplitMix64, window: RateWindow, configuration: SimulatorConfiguration) -> [(String, String)] {
        let reset = window.resetIn()
        return [
            ("content-type", "application/json"),
            ("date", HTTPDate.now()),
            ("openai-organization", "scribegrade-simulator"),
            ("openai-processing-ms", String(Int(configuration.latencyMs.rounded()))),
            ("openai-version", "2020-10-01"),
            ("x-request-id", Identifiers.hex("req_", 32, &random)),
            ("x-ratelimit-limit-requests", String(configuration.rpm ?? RateWindow.defaultRPM)),
            ("x-ratelimit-limit-tokens", String(configuration.tpm ?? RateWindow.defaultTPM)),
            ("x-ratelimit-remaining-requests", String(window.remainingRequests(configuration))),
            ("x-ratelimit-remaining-tokens", String(window.remainingTokens(configuration))),
            ("x-ratelimit-reset-requests", duration(reset)),
            ("x-ratelimit-reset-tokens", duration(reset)),
        ]
    }

    /// OpenAI's duration format: `12ms`, `1.5s`, `6m0s`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 {
            let rounded = (seconds * 1000).rounded() / 1000
            return rounded == rounded.rounded() ? "\(Int(rounded))s" : "\(rounded)s"
        }
        return "\(Int(seconds) / 60)m\(Int(seconds) % 60)s"
    }

    static func completion(
        model: String, content: String?, refusal: String?, finishReason: String = "stop", promptTokens: Int, cachedTokens: Int,
        completionTokens: Int,
        ids random: inout SplitMix64, window: RateWindow, configuration: SimulatorConfiguration
    ) -> (headers: [(String, String)], body: [UInt8]) {
        let body: JSONValue = [
            "id": .string(Identifiers.make("chatcmpl-", 29, &random)),
            "object": "chat.completion",
            "created": .int(Int(Date().timeIntervalSince1970)),
            "model": .string(model),
            "choices": [[
                "index": 0,
                "message": [
                    "role": "assistant",
                    "content": content.map { .string($0) } ?? .null,
                    "refusal": refusal.map { .string($0) } ?? .null,
                    "annotations": [],
                ],
                "logprobs": nil,
                "finish_reason": .string(finishReason),
            ]],
            "usage": [
                "prompt_tokens": .int(promptTokens),
                "completion_tokens": .int(completionTokens),
                "total_tokens": .int(promptTokens + completionTokens),
                "prompt_tokens_details": ["cached_tokens": .int(cachedTokens), "audio_tokens": 0],
                "completion_tokens_details": ["reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0],
            ],
            "service_tier": "default",
            "system_fingerprint": .string(Identifiers.hex("fp_", 10, &random)),
        ]
        return (headers(&random, window: window, configuration: configuration), Array(body.pretty.utf8))
    }

    static func errorBody(type: String, message: String, param: String?, code: String?) -> JSONValue {
        ["error": [
            "message": .string(message), "type": .string(type),
            "param": param.map { .string($0) } ?? .null, "code": code.map { .string($0) } ?? .null,
        ]]
    }

    static func error(status: Int, type: String, message: String, param: String?, code: String?, ids random: inout SplitMix64, window: RateWindow, configuration: SimulatorConfiguration) -> SimulatedAction {
        .respond(status: status, headers: headers(&random, window: window, configuration: configuration), body: Array((errorBody(type: type, message: message, param: param, code: code).pretty + "\n").utf8))
    }

    static func rateLimited(model: String, limit: RateWindow.Limit, retryAfterMs: Int, ids random: inout SplitMix64, window: RateWindow, configuration: SimulatorConfiguration) -> SimulatedAction {
        let seconds = Double(retryAfterMs) / 1000
        let unit = limit.kind == .requests ? "requests per min (RPM)" : "tokens per min (TPM)"
        let message = "Rate limit reached for \(model) in organization org-scribegrade-simulator on \(unit): Limit \(limit.limit), Used \(limit.limit), Requested 1. Please try again in \(duration(seconds)). Visit https://platform.openai.com/account/rate-limits to learn more."
        var headers = headers(&random, window: window, configuration: configuration)
        headers.append(("retry-after", String(Int(seconds.rounded(.up)))))
        headers.append(("retry-after-ms", String(retryAfterMs)))
        return .respond(status: 429, headers: headers, body: Array((errorBody(type: limit.kind.rawValue, message: message, param: nil, code: "rate_limit_exceeded").pretty + "\n").utf8))
    }

    /// OpenAI's masking of a wrong key in its 401 message: `sk-abc***********wxyz`.
    static func maskKey(_ key: String) -> String {
        guard key.count > 8 else { return String(repeating: "*", count: key.count) }
        return String(key.prefix(3)) + String(repeating: "*", count: key.count - 7) + String(key.suffix(4))
    }
}
