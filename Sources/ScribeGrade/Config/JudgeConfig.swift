/// The LLM providers ScribeGrade speaks to.
public enum LLMProvider: String, Sendable, Hashable, Codable, CaseIterable {
    /// OpenAI Chat Completions and every OpenAI-compatible server.
    case openAI = "openai"
    /// Anthropic Messages.
    case anthropic
}

/// Which HTTP transport an LLM judge uses.
public enum TransportKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// AsyncHTTPClient on SwiftNIO, the default.
    case asyncHTTPClient = "asynchttpclient"
    /// URLSession on the system libcurl, for its proxy and TLS handling.
    case urlSession = "urlsession"
}

/// Prices in US dollars per million tokens, as written in `scribegrade.yaml`.
public struct PriceConfig: Sendable, Hashable, Codable {
    public var input: Double?
    public var cachedInput: Double?
    /// Anthropic cache writes; 1.25 × input when absent.
    public var cacheWrite: Double?
    public var output: Double?

    public init(input: Double? = nil, cachedInput: Double? = nil, cacheWrite: Double? = nil, output: Double? = nil) {
        self.input = input
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
        self.output = output
    }
}

/// One named judge of `scribegrade.yaml`. Absent fields take the provider's defaults.
public struct JudgeConfig: Sendable, Hashable {
    public var name: String
    public var provider: LLMProvider
    public var model: String
    public var baseURL: String?
    /// The environment variable holding the API key (default `OPENAI_API_KEY` /
    /// `ANTHROPIC_API_KEY`).
    public var apiKeyEnv: String?
    /// A key written in the file itself (discouraged; prefer `api_key_env`).
    public var apiKey: String?
    public var temperature: Double?
    public var seed: Int?
    public var maxTokens: Int?
    public var concurrency: Int?
    public var rpm: Int?
    public var tpm: Int?
    public var prices: PriceConfig?
    public var transport: TransportKind?
    public var mode: PromptKind?
    /// Retries after 429, 5xx, timeouts and connection errors.
    public var retries: Int?
    /// Re-asks after malformed or refused answers.
    public var reasks: Int?
    /// Seconds one exchange may take.
    public var timeout: Double?
    /// The `anthropic-version` header.
    public var anthropicVersion: String?
    /// Azure OpenAI's `api-version` query parameter.
    public var apiVersion: String?
    /// Whether calls carry the `X-ScribeGrade-Item` header of note and criterion ids; by
    /// default only to loopback hosts.
    public var itemHeader: Bool?
    /// Ask through the provider's batch API, as with `--batch`, in every run (`batch: true`).
    public var batch: Bool?
    /// Where the judge is declared.
    public var location: SourceLocation?

    public init(name: String, provider: LLMProvider, model: String, location: SourceLocation? = nil) {
        self.name = name
        self.provider = provider
        self.model = model
        self.location = location
    }
}
