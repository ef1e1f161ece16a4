import Foundation
import ScribeGrade
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// Consecutive connection failures or 5xx after which an LLM judge stops asking
    /// (`LLMJudgeSettings.unreachableAfter`).
    public var unreachableAfter = 10
    /// Seconds one exchange of an LLM judge may take, over every judge's `timeout` (`--timeout`).
    public var timeout: Double?
    /// Requests in flight at once per LLM judge, over every judge's `concurrency` (`--concurrency`):
    /// the most its adaptive window lets through.
    public var concurrency: Int?

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
        let timeout = self.timeout ?? judge.timeout ?? 60
        let settings = LLMJudgeSettings(
            name: judge.name, provider: judge.provider, baseURL: baseURL,
            parameters: GenerationParameters(
                // Anthropic's current API version drops `temperature`; send it only when configured.
                model: judge.model, temperature: judge.temperature ?? (judge.provider == .openAI ? 0 : nil), seed: judge.seed,
                maxTokens: judge.maxTokens ?? (mode == .batched ? 4096 : 1024)),
            mode: mode,
            retry: RetryPolicy(maxRetries: judge.retries ?? 6, maxReasks: judge.reasks ?? 2),
            timeout: timeout, concurrency: concurrency ?? judge.concurrency ?? 16, rpm: judge.rpm, tpm: judge.tpm,
            prices: judge.prices.map { Prices(input: $0.input ?? 0, cachedInput: $0.cachedInput, cacheWrite: $0.cacheWrite, output: $0.output ?? 0) } ?? .free,
            transport: judge.transport ?? .asyncHTTPClient, sendsItemHeader: judge.itemHeader,
            unreachableAfter: unreachableAfter)
        let client: any ProviderClient = judge.provider == .openAI
            ? OpenAIChatClient(baseURL: baseURL, apiKey: secret, apiVersion: judge.apiVersion)
            : AnthropicMessagesClient(baseURL: baseURL, apiKey: secret, version: judge.anthropicVersion ?? AnthropicMessagesClient.defaultVersion)
        let template = try PromptTemplate.load(mode, from: config?.promptsDirectory)
        var made = LLMJudge(settings: settings, client: client, transport: transports.transport(settings.transport, timeout: timeout), template: template)
        made.prefersBatch = judge.batch ?? false
        // Requests in flight adapt to what the provider sustains, up to the configured concurrency.
        made.window = AdaptiveConcurrency(maximum: settings.concurrency)
        return made
    }
}

/// Whether an address points at this machine (the simulator, a local server).
///
/// The host is parsed as an address, never matched as text: `127.0.0.1.nip.io` and
/// `127.evil.com` are names, not addresses. A name counts as loopback only when it resolves
/// (`getaddrinfo`) and every address it resolves to is loopback; a name that does not resolve
/// is not loopback.
public enum LoopbackURL {
    /// Whether a base URL's host is a loopback address.
    public static func isLoopback(_ url: String) -> Bool {
        guard let host = URL(string: url)?.host else { return false }
        return isLoopbackHost(host)
    }

    /// Whether `host` is a loopback address, reachable from this machine only: an IPv4 address
    /// in 127.0.0.0/8, `::1` (bracketed or not), an IPv4-mapped IPv6 address of 127.0.0.0/8,
    /// `localhost`, or a name all of whose addresses are those.
    public static func isLoopbackHost(_ host: String) -> Bool {
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.isEmpty || name.contains("%") { return false }
        if let literal = literalIsLoopback(name) { return literal }
        if name.lowercased() == "localhost" || name.lowercased() == "localhost." { return true }
        return resolvedAddressesAreLoopback(name)
    }

    /// For an IPv4 or IPv6 literal, whether it is loopback; nil when `text` is not a literal.
    static func literalIsLoopback(_ text: String) -> Bool? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return isLoopback(v4) }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return isLoopback(v6) }
        return nil
    }

    /// Resolves a name and requires at least one address and every address to be loopback.
    static func resolvedAddressesAreLoopback(_ name: String) -> Bool {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return false }
        defer { freeaddrinfo(first) }
        var count = 0
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let entry = node {
            defer { node = entry.pointee.ai_next }
            guard let address = entry.pointee.ai_addr else { return false }
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                let v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                guard isLoopback(v4) else { return false }
            case AF_INET6:
                let v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                guard isLoopback(v6) else { return false }
            default:
                return false
            }
            count += 1
        }
        return count > 0
    }

    /// 127.0.0.0/8.
    static func isLoopback(_ address: in_addr) -> Bool {
        UInt32(bigEndian: address.s_addr) >> 24 == 127
    }

    /// `::1`, or `::ffff:a.b.c.d` with `a.b.c.d` in 127.0.0.0/8.
    static func isLoopback(_ address: in6_addr) -> Bool {
        let bytes = withUnsafeBytes(of: address) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
        return bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff && bytes[12] == 127
    }
}
