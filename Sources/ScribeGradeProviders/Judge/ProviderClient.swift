import Foundation
import ScribeGrade

/// What a provider answered to one call.
public enum ProviderAnswer: Sendable, Hashable {
    /// Answer text to parse (OpenAI message content).
    case text(String)
    /// An answer already decoded (Anthropic tool input).
    case json(JSONValue)
    /// The model declined to answer; the reason names no content.
    case refusal(String)
    /// The answer stopped at the token cap (`finish_reason: length`, `stop_reason: max_tokens`):
    /// with a small model, usually a loop that will repeat at the same settings.
    case cutOff(String)
    /// The answer was unusable as delivered (no content, no JSON); the reason says which.
    case unusable(String)
}

/// One successful exchange: the answer and what it cost.
public struct ProviderReply: Sendable, Hashable {
    public var answer: ProviderAnswer
    public var usage: TokenUsage
    /// The model that answered, as the provider reported it.
    public var model: String?
    /// The provider's request id (`x-request-id`, `request-id`).
    public var requestID: String?

    public init(answer: ProviderAnswer, usage: TokenUsage, model: String?, requestID: String?) {
        self.answer = answer
        self.usage = usage
        self.model = model
        self.requestID = requestID
    }
}

/// A provider's error response, read from its status, headers and error body.
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    /// The error body's `type` (`rate_limit_error`, `server_error`, ...).
    public var type: String?
    public var code: String?
    /// The error body's message, with any credential removed and shortened.
    public var message: String?
    /// Seconds the provider asked to wait (`retry-after-ms`, `retry-after`).
    public var retryAfter: Double?
    /// Whether asking again may succeed (408, 409, 429, 5xx, 529, or `x-should-retry: true`).
    public var retryable: Bool
    public var requestID: String?

    public var description: String {
        var text = "HTTP \(status)"
        if let type { text += " \(type)" }
        if let code { text += " (\(code))" }
        if let message, !message.isEmpty { text += ": \(message)" }
        return text
    }
}

/// The outcome of one exchange with a provider.
public enum ProviderOutcome: Sendable {
    case reply(ProviderReply)
    case error(ProviderError)
}

/// What one call asks: the rendered prompt and the generation parameters.
public struct ProviderCall: Sendable {
    public var prompt: RenderedPrompt
    public var parameters: GenerationParameters
    /// Extra headers (`X-ScribeGrade-Item`).
    public var headers: [(name: String, value: String)]
    public var timeout: Double
    /// Set on a re-ask: the nudge goes after the whole prompt and the answer is bounded where
    /// the provider allows; nil for a first request, which is sent exactly as rendered.
    public var reask: Reask?
    /// A first request whose answer is bounded where the provider enforces bounds (a local
    /// server that compiles the schema to a grammar), so a model that loops stops at the bound
    /// instead of at `max_tokens`.
    public var bounded: Bool

    public init(
        prompt: RenderedPrompt, parameters: GenerationParameters, headers: [(name: String, value: String)] = [], timeout: Double = 60,
        reask: Reask? = nil, bounded: Bool = false
    ) {
        self.prompt = prompt
        self.parameters = parameters
        self.headers = headers
        self.timeout = timeout
        self.reask = reask
        self.bounded = bounded
    }
}

/// Model and sampling parameters of a judge.
public struct GenerationParameters: Sendable, Hashable, Codable {
    public var model: String
    public var temperature: Double?
    /// OpenAI only; Anthropic has no seed.
    public var seed: Int?
    /// `max_completion_tokens` (OpenAI) or `max_tokens` (Anthropic).
    public var maxTokens: Int

    public init(model: String, temperature: Double? = 0, seed: Int? = nil, maxTokens: Int = 1024) {
        self.model = model
        self.temperature = temperature
        self.seed = seed
        self.maxTokens = maxTokens
    }
}

/// A provider's wire format: turns a call into an HTTP request and an HTTP response into an
/// outcome. Pure; the transport does the I/O.
public protocol ProviderClient: Sendable {
    var provider: Provider { get }
    func request(for call: ProviderCall) -> HTTPRequest
    func outcome(of response: HTTPResponse) -> ProviderOutcome
}

/// The LLM providers ScribeGrade speaks to (declared in the core with the configuration).
public typealias Provider = LLMProvider

/// Shared reading of error responses.
enum ErrorReading {
    /// `retry-after-ms` (milliseconds) first, then `retry-after` (seconds or an HTTP date).
    static func retryAfter(_ response: HTTPResponse) -> Double? {
        if let ms = response.header("retry-after-ms").flatMap(Double.init), ms.isFinite, ms >= 0 { return ms / 1000 }
        guard let value = response.header("retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: value) { return max(0, date.timeIntervalSinceNow) }
        return nil
    }

    static func retryable(_ response: HTTPResponse) -> Bool {
        switch response.header("x-should-retry") {
        case "true": return true
        case "false": return false
        default: break
        }
        return response.status == 408 || response.status == 409 || response.status == 429 || response.status >= 500
    }

    /// A message safe to record: credentials cut out, shortened.
    static func safeMessage(_ message: String?, secret: String?) -> String? {
        guard var message else { return nil }
        if let secret, !secret.isEmpty { message = message.replacingOccurrences(of: secret, with: "[redacted]") }
        message = Redaction.redactKeys(in: message)
        return message.count > 300 ? String(message.prefix(300)) + "…" : message
    }
}
