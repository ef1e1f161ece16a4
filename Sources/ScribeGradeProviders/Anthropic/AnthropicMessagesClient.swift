import Foundation
import ScribeGrade

/// Anthropic Messages (`POST {base}/v1/messages`): structured output through a forced tool call
/// (`tools` + `tool_choice: {type: tool, name}`), a `cache_control: {type: ephemeral}`
/// breakpoint after the shared transcript-and-note part, usage with
/// `cache_creation_input_tokens` and `cache_read_input_tokens`.
public struct AnthropicMessagesClient: ProviderClient {
    /// Like the official SDK's `base_url`: `https://api.anthropic.com`.
    public var baseURL: String
    public var apiKey: Secret?
    /// The `anthropic-version` header.
    public var version: String
    public var provider: Provider { .anthropic }

    public static let defaultBaseURL = "https://api.anthropic.com"
    public static let defaultVersion = "2023-06-01"

    public init(baseURL: String = AnthropicMessagesClient.defaultBaseURL, apiKey: Secret?, version: String = AnthropicMessagesClient.defaultVersion) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.version = version
    }

    /// The JSON body of a call. A re-ask's nudge is a last text block, after the cached one.
    /// Its tool schema stays unbounded: tools come first in the cached prefix, and a tool's
    /// `input_schema` guides the model rather than constraining it.
    public func body(for call: ProviderCall) -> JSONValue {
        let prompt = call.prompt
        var blocks: [JSONValue] = []
        for (index, part) in prompt.userParts.enumerated() {
            if index == 0, prompt.layout == .sharedFirst {
                blocks.append(["type": "text", "text": .string(part), "cache_control": ["type": "ephemeral"]])
            } else {
                blocks.append(["type": "text", "text": .string(part)])
            }
        }
        if let nudge = call.reask?.nudge { blocks.append(["type": "text", "text": .string(nudge)]) }
        var members: [(String, JSONValue)] = [
            ("model", .string(call.parameters.model)),
            ("max_tokens", .int(call.parameters.maxTokens)),
            ("system", .string(prompt.system)),
            ("messages", [["role": "user", "content": .array(blocks)]]),
            ("tools", [[
                "name": .string(prompt.schema.name),
                "description": .string(prompt.schema.toolDescription),
                "input_schema": prompt.schema.json,
            ]]),
            ("tool_choice", ["type": "tool", "name": .string(prompt.schema.name)]),
        ]
        if let temperature = call.parameters.temperature { members.append(("temperature", .double(temperature))) }
        return .object(members)
    }

    public func request(for call: ProviderCall) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"), ("Accept", "application/json"), ("anthropic-version", version),
        ]
        if let apiKey, !apiKey.isEmpty { headers.append(("x-api-key", apiKey.value)) }
        headers += call.headers
        return HTTPRequest(url: baseURL + "/v1/messages", headers: headers, body: body(for: call).compactBytes, timeout: call.timeout)
    }

    public func outcome(of response: HTTPResponse) -> ProviderOutcome {
        let requestID = response.header("request-id")
        guard response.status == 200 else { return .error(error(from: response, requestID: requestID)) }
        guard let json = try? JSONValue(parsing: response.body), json["type"]?.stringValue == "message",
              let content = json["content"]?.arrayValue
        else {
            return .error(ProviderError(status: response.status, type: "invalid_response", message: "the response body is not a message", retryable: true, requestID: requestID))
        }
        let usage = Self.usage(json["usage"])
        let answer: ProviderAnswer
        switch json["stop_reason"]?.stringValue {
        case "refusal"?:
            answer = .refusal("the model refused (stop_reason: refusal)")
        case "max_tokens"?:
            answer = .cutOff("the answer was cut off at max_tokens (stop_reason: max_tokens)")
        default:
            if let tool = content.first(where: { $0["type"]?.stringValue == "tool_use" }), let input = tool["input"] {
                answer = .json(input)
            } else if let json = Self.jsonText(in: content) {
                answer = .text(json)
            } else {
                answer = .unusable("the answer has no tool_use block and no JSON text")
            }
        }
        return .reply(ProviderReply(answer: answer, usage: usage, model: json["model"]?.stringValue, requestID: requestID))
    }

    /// The JSON object in an answer's text blocks, from the first `{` to the last `}`: servers
    /// that ignore a forced `tool_choice` (llama.cpp's `/v1/messages`) write the tool's input as
    /// text, often after a sentence of prose or in a code fence.
    static func jsonText(in content: [JSONValue]) -> String? {
        let text = content.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }.joined()
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close else { return nil }
        return String(text[open...close])
    }

    /// `input_tokens` counts only the tokens after the last cache breakpoint; the total input is
    /// the sum with the cache reads and writes.
    static func usage(_ usage: JSONValue?) -> TokenUsage {
        guard let usage else { return .zero }
        let uncached = usage["input_tokens"]?.intValue ?? 0
        let read = usage["cache_read_input_tokens"]?.intValue ?? 0
        let written = usage["cache_creation_input_tokens"]?.intValue ?? 0
        return TokenUsage(input: uncached + read + written, cachedInput: read, cacheCreation: written, output: usage["output_tokens"]?.intValue ?? 0)
    }

    func error(from response: HTTPResponse, requestID: String?) -> ProviderError {
        let body = try? JSONValue(parsing: response.body)
        let error = body?["error"]
        return ProviderError(
            status: response.status, type: error?["type"]?.stringValue, code: nil,
            message: ErrorReading.safeMessage(error?["message"]?.stringValue, secret: apiKey?.value),
            retryAfter: ErrorReading.retryAfter(response), retryable: ErrorReading.retryable(response),
            requestID: requestID ?? body?["request_id"]?.stringValue)
    }
}
