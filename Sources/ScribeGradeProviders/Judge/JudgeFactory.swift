import Foundation
import ScribeGrade

/// Builds judges from `--judge` specs and `scribegrade.yaml`.
///
/// `openai:` and `anthropic:` specs and named judges of the configuration become `LLMJudge`s.
/// `baseline` and `replay:FILE` need no network and are built by the `offline` hook the caller
/// supplies (the CLI wires the core's baseline and replay judges into it).
public struct JudgeFactory: Sendable {
    public var config: ScribeGradeConfig?
    public var environment: [String: String]
    public var transports: TransportPool
    /// Builds the judges that need no network; nil means such specs are an input error.
    public var offline: (@Sendable (JudgeSpec) throws -> any Judge)?

    public init(
        config: ScribeGradeConfig? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        transports: TransportPool = TransportPool(), offline: (@Sendable (JudgeSpec) throws -> any Judge)? = nil
    ) {
        self.config = config
        self.environment = environment
        self.transports = transports
        self.offline = offline
    }

    public func makeJudge(_ spec: JudgeSpec) throws -> any Judge {
        if let judge = try makeLLMJudge(spec) { return judge }
        guard let offline else {
            throw InputError("judge '\(spec)' is not an LLM judge and no offline judges are available here", at: SourceLocation(file: "--judge"))
        }
        return try offline(spec)
    }

    /// The LLM judge a spec names, or nil for `baseline` and `replay:`.
    ///
    /// - Throws: `InputError` for a named judge missing from the configuration or a missing key.
    public func makeLLMJudge(_ spec: JudgeSpec) throws -> LLMJudge? {
        switch spec {
        case .baseline, .replay:
            return nil
        case let .openAI(model, baseURL):
            var judge = JudgeConfig(name: spec.description, provider: .openAI, model: model)
            judge.baseURL = baseURL
            return try makeLLMJudge(judge)
        case let .anthropic(model, baseURL):
            var judge = JudgeConfig(name: spec.description, provider: .anthropic, model: model)
            judge.baseURL = baseURL
            return try makeLLMJudge(judge)
        case let .named(name):
            guard let judge = config?.judges[name] else {
                let known = config?.judges.keys.sorted() ?? []
                let hint = config == nil ? "no \(ScribeGradeConfig.fileName) was found" : (known.isEmpty ? "\(config!.path) names no judges" : "\(config!.path) names \(known.joined(separator: ", "))")
                throw InputError("unknown judge '\(name)'; \(hint)", at: SourceLocation(file: "--judge"))
            }
            return try makeLLMJudge(judge)
        }
    }

    /// An LLM judge from its configuration, with defaults for what is not set.
    public func makeLLMJudge(_ judge: JudgeConfig) throws -> LLMJudge {
        let location = judge.location ?? SourceLocation(file: "--judge")
        let mode = judge.mode ?? .perCriterion
        let baseURL = judge.baseURL ?? (judge.provider == .openAI ? OpenAIChatClient.defaultBaseURL : AnthropicMessagesClient.defaultBaseURL)
        let keyVariable = judge.apiKeyEnv ?? (judge.provider == .openAI ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY")
        let key = judge.apiKey ?? environment[keyVariable].flatMap { $0.isEmpty ? nil : $0 }
        if key == nil, !LoopbackURL.isLoopback(baseURL) {
            throw InputError("judge '\(judge.name)' needs an API key: set \(keyVariable)", at: location)
        }
        let secret = key.map(Secret.init)
        let timeout = judge.timeout ?? 60
        let settings = LLMJudgeSettings(
            name: judge.name, provider: judge.provider, baseURL: baseURL,
            parameters: GenerationParameters(
                // Anthropic's current API version drops `temperature`; send it only when configured.
                model: judge.model, temperature: judge.temperature ?? (judge.provider == .openAI ? 0 : nil), seed: judge.seed,
                maxTokens: judge.maxTokens ?? (mode == .batched ? 4096 : 1024)),
            mode: mode,
            retry: RetryPolicy(maxRetries: judge.retries ?? 6, maxReasks: judge.reasks ?? 2),
            timeout: timeout, concurrency: judge.concurrency ?? 16, rpm: judge.rpm, tpm: judge.tpm,
            prices: judge.prices.map { Prices(input: $0.input ?? 0, cachedInput: $0.cachedInput, cacheWrite: $0.cacheWrite, output: $0.output ?? 0) } ?? .free,
            transport: judge.transport ?? .asyncHTTPClient, sendsItemHeader: judge.itemHeader)
        let client: any ProviderClient = judge.provider == .openAI
            ? OpenAIChatClient(baseURL: baseURL, apiKey: secret, apiVersion: judge.apiVersion)
            : AnthropicMessagesClient(baseURL: baseURL, apiKey: secret, version: judge.anthropicVersion ?? AnthropicMessagesClient.defaultVersion)
        let template = try PromptTemplate.load(mode, from: config?.promptsDirectory)
        return LLMJudge(settings: settings, client: client, transport: transports.transport(settings.transport, timeout: timeout), template: template)
    }
}

/// Whether an address points at this machine (the simulator, a local server).
public enum LoopbackURL {
    /// Whether a base URL's host is a loopback address.
    public static func isLoopback(_ url: String) -> Bool {
        guard let host = URL(string: url)?.host else { return false }
        return isLoopbackHost(host)
    }

    /// Whether `host` is a loopback address, reachable from this machine only.
    public static func isLoopbackHost(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }
}
