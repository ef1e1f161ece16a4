import Foundation
import ScribeGrade

/// OpenAI Chat Completions (`POST {base}/chat/completions`) and every server compatible with it
/// (vLLM, Ollama, llama.cpp server, LiteLLM, Azure OpenAI): structured output through
/// `response_format: {type: json_schema, json_schema: {name, strict: true, schema}}`, usage with
/// `prompt_tokens_details.cached_tokens`.
///
/// The system message and the user message's shared part come first, so OpenAI's automatic
/// prefix caching serves a note's later criteria from cache.
public struct OpenAIChatClient: ProviderClient {
    /// Like the official SDK's `base_url`: `https://api.openai.com/v1`.
    public var baseURL: String
    public var apiKey: Secret?
    /// Azure OpenAI's `api-version` query parameter, for deployment URLs that need one.
    public var apiVersion: String?
    public var provider: Provider { .openAI }

    public static let defaultBaseURL = "https://api.openai.com/v1"

    public init(baseURL: String = OpenAIChatClient.defaultBaseURL, apiKey: Secret?, apiVersion: String? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.apiVersion = apiVersion
    }

    /// Azure OpenAI takes its key in an `api-key` header rather than as a bearer token.
    var isAzure: Bool {
        URL(string: baseURL)?.host?.hasSuffix(".azure.com") == true
    }

    /// OpenAI's own API (or Azure's): its strict mode rejects `maxLength` (and `maxItems` for
    /// fine-tuned models), and the schema is part of its cached prompt prefix.
    var isOpenAIHosted: Bool {
        isAzure || URL(string: baseURL)?.host == "api.openai.com"
    }

    /// The bounds of a call's schema: for servers other than OpenAI's own API (llama.cpp, vLLM,
    /// Ollama compile the schema to a grammar that enforces them), a re-ask's, and a bounded
    /// first request's; none for OpenAI's own API and for a call whose bounds were refused.
    func bounds(of call: ProviderCall) -> VerdictSchema.Bounds {
        guard !isOpenAIHosted else { return .none }
        if let reask = call.reask { return reask.bounded ? .reask : .none }
        return call.bounded ? .reask : .none
    }

    /// The JSON body of a call. A re-ask's nudge goes after the whole user message, so the
    /// system message and the shared part stay a cacheable prefix.
    public func body(for call: ProviderCall) -> JSONValue {
        let schema = call.prompt.schema.json(bounds: bounds(of: call))
        var members: [(String, JSONValue)] = [
            ("model", .string(call.parameters.model)),
            ("messages", [
                ["role": "system", "content": .string(call.prompt.system)],
                ["role": "user", "content": .string(call.prompt.user + (call.reask?.nudge ?? ""))],
            ]),
            ("response_format", [
                "type": "json_schema",
                "json_schema": [
                    "name": .string(call.prompt.schema.name),
                    "strict": true,
                    "schema": schema,
                ],
            ]),
        ]
        if let temperature = call.parameters.temperature { members.append(("temperature", .double(temperature))) }
        if let seed = call.parameters.seed { members.append(("seed", .int(seed))) }
        members.append(("max_completion_tokens", .int(call.parameters.maxTokens)))
        return .object(members)
    }

    public func request(for call: ProviderCall) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("Accept", "application/json")]
        if let apiKey, !apiKey.isEmpty {
            headers.append(isAzure ? ("api-key", apiKey.value) : ("Authorization", "Bearer \(apiKey.value)"))
        }
        headers += call.headers
        var url = baseURL + "/chat/completions"
        if let apiVersion { url += "?api-version=" + (apiVersion.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? apiVersion) }
        return HTTPRequest(url: url, headers: headers, body: body(for: call).compactBytes, timeout: call.timeout)
    }

    public func outcome(of response: HTTPResponse) -> ProviderOutcome {
        let requestID = response.header("x-request-id")
        guard response.status == 200 else { return .error(error(from: response, requestID: requestID)) }
        guard let json = try? JSONValue(parsing: response.body), let choice = json["choices"]?.arrayValue?.first,
              let message = choice["message"]
        else {
            return .error(ProviderError(status: response.status, type: "invalid_response", message: "the response body is not a chat completion", retryable: true, requestID: requestID))
        }
        let usage = Self.usage(json["usage"])
        let model = json["model"]?.stringValue
        let answer: ProviderAnswer
        if let refusal = message["refusal"]?.stringValue {
            answer = .refusal("the model refused (\(refusal.count) characters of refusal text)")
        } else if choice["finish_reason"]?.stringValue == "length" {
            answer = .cutOff("the answer was cut off at max_completion_tokens (finish_reason: length)")
        } else if choice["finish_reason"]?.stringValue == "content_filter" {
            answer = .refusal("the answer was withheld by the content filter (finish_reason: content_filter)")
        } else if let content = message["content"]?.stringValue {
            answer = .text(content)
        } else {
            answer = .unusable("the answer has no content")
        }
        return .reply(ProviderReply(answer: answer, usage: usage, model: model, requestID: requestID))
    }

    /// `prompt_tokens` includes the cached tokens; no cache writes are reported.
    static func usage(_ usage: JSONValue?) -> TokenUsage {
        guard let usage else { return .zero }
        return TokenUsage(
            input: usage["prompt_tokens"]?.intValue ?? 0,
            cachedInput: usage["prompt_tokens_details"]?["cached_tokens"]?.intValue ?? 0,
            output: usage["completion_tokens"]?.intValue ?? 0)
    }

    func error(from response: HTTPResponse, requestID: String?) -> ProviderError {
        let body = try? JSONValue(parsing: response.body)
        let error = body?["error"]
        let code: String? = error?["code"].flatMap { value in
            if let text = value.stringValue { return text }
            if let number = value.intValue { return String(number) }
            return nil
        }
        return ProviderError(
            status: response.status, type: error?["type"]?.stringValue, code: code,
            message: ErrorReading.safeMessage(error?["message"]?.stringValue, secret: apiKey?.value),
            retryAfter: ErrorReading.retryAfter(response), retryable: ErrorReading.retryable(response),
            requestID: requestID)
    }
}
