import Foundation
import ScribeGrade

/// Everything that configures an LLM judge.
public struct LLMJudgeSettings: Sendable, Hashable {
    /// The judge's name: its spec (`openai:gpt-4.1-mini`) or its name in `scribegrade.yaml`.
    public var name: String
    public var provider: Provider
    public var baseURL: String
    public var parameters: GenerationParameters
    /// Which prompt the judge asks (per criterion, batched per section, statement check).
    public var mode: PromptKind
    public var retry: RetryPolicy
    /// Seconds one exchange may take.
    public var timeout: Double
    /// Requests in flight at once; read by the run engine.
    public var concurrency: Int
    public var rpm: Int?
    public var tpm: Int?
    public var prices: Prices
    public var transport: TransportKind
    /// Whether calls carry the `X-ScribeGrade-Item` header (note and criterion ids) that the
    /// simulator answers from. Default: only to loopback hosts, so ids derived from file names
    /// never reach a provider.
    public var sendsItemHeader: Bool
    /// Consecutive connection failures, timeouts or 5xx answers after which the judge stops
    /// asking (its `CircuitBreaker` opens) and the run reports it unreachable.
    public var unreachableAfter: Int
    /// Whether first requests already bound the answer's length in the schema (as re-asks do):
    /// by default for an OpenAI-compatible server on this machine (llama.cpp, vLLM, Ollama),
    /// whose grammar enforces the bounds, so a small model that loops stops at them instead of
    /// spending `max_tokens` past the timeout. A server that refuses them (400) is asked again
    /// without.
    public var boundsFirstAnswers: Bool

    public init(
        name: String, provider: Provider, baseURL: String? = nil, parameters: GenerationParameters,
        mode: PromptKind = .perCriterion, retry: RetryPolicy = RetryPolicy(), timeout: Double = 60,
        concurrency: Int = 16, rpm: Int? = nil, tpm: Int? = nil, prices: Prices = .free,
        transport: TransportKind = .asyncHTTPClient, sendsItemHeader: Bool? = nil, unreachableAfter: Int = 10,
        boundsFirstAnswers: Bool? = nil
    ) {
        self.name = name
        self.provider = provider
        self.baseURL = baseURL ?? (provider == .openAI ? OpenAIChatClient.defaultBaseURL : AnthropicMessagesClient.defaultBaseURL)
        self.parameters = parameters
        self.mode = mode
        self.retry = retry
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        self.rpm = rpm
        self.tpm = tpm
        self.prices = prices
        self.transport = transport
        self.sendsItemHeader = sendsItemHeader ?? LoopbackURL.isLoopback(self.baseURL)
        self.unreachableAfter = max(1, unreachableAfter)
        self.boundsFirstAnswers = boundsFirstAnswers ?? (provider == .openAI && LoopbackURL.isLoopback(self.baseURL))
    }
}

/// A grader LLM over HTTP: renders the request from a prompt template, calls the provider,
/// parses and checks the answer.
///
/// Retries 429, 5xx, timeouts and connection errors with exponential backoff and jitter,
/// honouring `Retry-After`, up to `retry.maxRetries`; re-asks a malformed, refused or cut-off
/// answer up to `retry.maxReasks` times (each re-ask changed, see `Reask`; an answer cut off at
/// `max_tokens` a second time ends the re-asks, since the model loops), then returns the
/// criteria as failed with the reason — never an endless loop and never a silent `not_met`.
/// Throws `JudgeFailure`, with the usage of any answers before it, when no answer came
/// (retries exhausted, an error that retrying cannot fix), and `JudgeUnreachable` once
/// `settings.unreachableAfter` attempts in a row, over all its requests, failed to connect,
/// timed out or got a 5xx: from then on it asks nothing.
public struct LLMJudge: Judge {
    public let settings: LLMJudgeSettings
    public let client: any ProviderClient
    public let transport: any HTTPTransport
    public let renderer: PromptRenderer
    /// The statement-check prompt, for requests of the statement check whatever the judge's mode.
    public let statementRenderer: PromptRenderer
    /// The scribe prompt, for requests that ask for a note (`generate`).
    public let scribeRenderer: PromptRenderer
    public let limiter: RateLimiter
    /// Shared by every request of this judge: opens after consecutive dead-provider failures.
    public let breaker: CircuitBreaker
    /// Tags and normalised texts of the notes being asked about, shared by their criteria.
    let preparedTexts = PreparedTextsCache()
    /// Template hash, provider, model and every parameter that changes answers.
    public let fingerprint: String
    /// With `--batch`: how the provider's batch API is polled, and the batch size limits
    /// (nil: the provider's own).
    public var batchPolling = BatchPolling()
    public var batchLimits: BatchLimits?
    /// Asked through the batch API even without `--batch` (`batch: true` in scribegrade.yaml).
    public var prefersBatch = false
    /// The adaptive window its requests pass before they are sent (`JudgeFactory` gives each
    /// judge one); nil sends them at once.
    public var window: AdaptiveConcurrency?

    public init(settings: LLMJudgeSettings, client: any ProviderClient, transport: any HTTPTransport, template: PromptTemplate? = nil, layout: PromptLayout = .sharedFirst) {
        self.settings = settings
        self.client = client
        self.transport = transport
        // A judge never grades with the scribe prompt: that answer is a note, not verdicts.
        let judging = template.flatMap { $0.kind == .scribe ? nil : $0 } ?? .builtIn(settings.mode == .scribe ? .perCriterion : settings.mode)
        self.renderer = PromptRenderer(template: judging, layout: layout)
        self.statementRenderer = PromptRenderer(
            template: template?.kind == .statementCheck ? template! : .builtIn(.statementCheck), layout: layout)
        self.scribeRenderer = PromptRenderer(template: template?.kind == .scribe ? template! : .builtIn(.scribe), layout: layout)
        self.limiter = RateLimiter(rpm: settings.rpm, tpm: settings.tpm)
        self.breaker = CircuitBreaker(threshold: settings.unreachableAfter, judge: settings.name, baseURL: settings.baseURL)
        var hasher = ContentHasher()
        hasher.add(renderer.template.hash)
        hasher.add(renderer.layout.rawValue)
        hasher.add(settings.provider.rawValue)
        hasher.add(settings.parameters.model)
        hasher.add(settings.parameters.temperature.map { String($0) } ?? "-")
        hasher.add(settings.parameters.seed.map { String($0) } ?? "-")
        hasher.add(String(settings.parameters.maxTokens))
        // Bounded answers differ from unbounded ones; judges that send none keep their fingerprint.
        if settings.boundsFirstAnswers { hasher.add("bounded-first-answers") }
        self.fingerprint = hasher.hexDigest()
    }

    public var batchesCriteria: Bool { renderer.kind == .batched }

    /// The renderer for a request: the statement check's for statement requests, the scribe
    /// prompt for note requests, else the judge's.
    public func renderer(for request: JudgeRequest) -> PromptRenderer {
        switch request.task {
        case .statementSupport: return statementRenderer
        case .scribe: return scribeRenderer
        case .criterion: return renderer
        }
    }

    public var descriptor: JudgeDescriptor {
        JudgeDescriptor(name: settings.name, kind: .llm, model: settings.parameters.model, readsTranscript: true, fingerprint: fingerprint)
    }

    /// Hash of the rendered request, model and parameters, the note's identity and the sample.
    public func cacheKey(for request: JudgeRequest) -> String {
        let prompt = render(request)
        var hasher = ContentHasher()
        hasher.add(fingerprint)
        hasher.add(prompt.system)
        hasher.add(prompt.user)
        hasher.add(request.rubricID)
        hasher.add(String(request.rubricVersion))
        hasher.add(request.note.system)
        hasher.add(request.note.encounter)
        hasher.add(prompt.criterionIDs.joined(separator: "\u{1F}"))
        hasher.add(String(request.sample))
        return hasher.hexDigest()
    }

    /// A rough usage estimate for one call, for `--dry-run` and budgets: four characters a
    /// token for the prompt, no cache hits, and the answer from the schema (verdicts of the
    /// criteria asked, see `VerdictSchema.estimatedOutputTokens`) within `maxTokens`; a note
    /// (`generate`) at a quarter of `maxTokens`.
    public func estimatedUsage(for request: JudgeRequest) -> TokenUsage {
        let prompt = render(request)
        let input = (prompt.inputBytes + prompt.schema.json.compact.utf8.count) / 4
        let maxTokens = settings.parameters.maxTokens
        let output = prompt.schema.estimatedOutputTokens(criteria: prompt.criterionIDs.count).map { min($0, maxTokens) } ?? maxTokens / 4
        return TokenUsage(input: input, output: output)
    }

    public var preferredConcurrency: Int? { settings.concurrency }

    /// Criteria whose estimated answers fit `maxTokens` (see `VerdictSchema.criteriaFitting`).
    public var maxCriteriaPerRequest: Int? {
        batchesCriteria ? VerdictSchema.criteriaFitting(maxTokens: settings.parameters.maxTokens) : nil
    }

    public func estimate(_ request: JudgeRequest) -> CostEstimate? {
        let usage = estimatedUsage(for: request)
        return CostEstimate(usage: usage, cost: settings.prices.cost(of: usage))
    }

    func prepared(_ request: JudgeRequest) -> PreparedTexts {
        preparedTexts.prepared(note: request.note.text, transcript: PromptRenderer.transcript(of: request))
    }

    func render(_ request: JudgeRequest) -> RenderedPrompt {
        renderer(for: request).render(request, prepared: prepared(request))
    }

    static func parser(for prompt: RenderedPrompt, prepared: PreparedTexts) -> VerdictParser {
        VerdictParser(
            schema: prompt.schema, criterionIDs: prompt.criterionIDs, note: prompt.noteText,
            transcript: prompt.transcriptText, prepared: prepared)
    }

    /// The verdicts of one answer; a refused or unusable answer gives none, with its reason.
    static func parse(_ answer: ProviderAnswer, with parser: VerdictParser) -> ParsedVerdicts {
        switch answer {
        case let .text(text): return parser.parse(text)
        case let .json(value): return parser.parse(value)
        case let .refusal(reason), let .cutOff(reason), let .unusable(reason): return ParsedVerdicts(results: [:], problems: [reason])
        }
    }

    /// Whether a call carried schema bounds, that is, differs from the same call without them
    /// (clients send bounds only where the provider enforces them).
    static func sentBounds(_ call: ProviderCall, client: any ProviderClient) -> Bool {
        guard call.reask?.bounded == true || (call.reask == nil && call.bounded) else { return false }
        var unbounded = call
        unbounded.reask?.bounded = false
        unbounded.bounded = false
        return client.request(for: unbounded).body != client.request(for: call).body
    }

    public func judge(_ request: JudgeRequest) async throws -> JudgeResponse {
        let prepared = prepared(request)
        let prompt = renderer(for: request).render(request, prepared: prepared)
        let parser = Self.parser(for: prompt, prepared: prepared)
        let headers = settings.sendsItemHeader ? [(name: JudgeItem.headerName, value: JudgeItem(request).headerValue)] : []
        let estimate = prompt.inputBytes / 4 + settings.parameters.maxTokens
        let clock = ContinuousClock()
        let started = clock.now
        var usage = TokenUsage.zero
        var attempts = 0
        var retries = 0
        var reasks = 0
        var cutOffs = 0
        var reask: Reask?
        var boundsFirst = settings.boundsFirstAnswers
        var model: String?
        var best = ParsedVerdicts(results: [:], problems: [])
        var generator = SystemRandomNumberGenerator()

        func response(_ results: [String: CriterionResult]) -> JudgeResponse {
            JudgeResponse(
                results: results, usage: usage, cost: settings.prices.cost(of: usage),
                latency: (clock.now - started) / .seconds(1), attempts: attempts,
                model: model ?? settings.parameters.model, promptHash: prompt.templateHash)
        }

        /// A failure that keeps the usage of the answers received so far.
        func failure(_ reason: String) -> JudgeFailure {
            JudgeFailure(reason, attempts: attempts, usage: usage, cost: settings.prices.cost(of: usage))
        }

        while true {
            try Task.checkCancellation()
            try breaker.check()
            try await limiter.acquire(tokens: estimate)
            attempts += 1
            // A re-ask changes what greedy decoding sees: a nudge, a higher temperature, bounds.
            let parameters = reask == nil ? settings.parameters : Reask.parameters(settings.parameters, reask: reasks)
            let call = ProviderCall(
                prompt: prompt, parameters: parameters, headers: headers, timeout: settings.timeout, reask: reask, bounded: boundsFirst)

            let outcome: ProviderOutcome
            do {
                outcome = client.outcome(of: try await AdaptiveConcurrency.send(client.request(for: call), through: transport, window: window))
            } catch let error as TransportError {
                if let open = breaker.recordFailure(CircuitBreaker.reason(error)) { throw open }
                guard retries < settings.retry.maxRetries else {
                    throw failure("\(error) after \(attempts) attempts")
                }
                retries += 1
                try await Task.sleep(for: .milliseconds(Int64(1000 * settings.retry.delay(retry: retries, retryAfter: nil, random: Double.random(in: 0...1, using: &generator)))))
                continue
            }

            switch outcome {
            case let .error(error):
                if error.status == 400, Self.sentBounds(call, client: client) {
                    // The server refuses the schema bounds: ask again without them.
                    reask?.bounded = false
                    boundsFirst = false
                    continue
                }
                if error.status >= 500 {
                    if let open = breaker.recordFailure("HTTP \(error.status)") { throw open }
                } else {
                    breaker.recordSuccess()
                }
                guard error.retryable, retries < settings.retry.maxRetries else {
                    let why = error.retryable ? "after \(attempts) attempts" : "not retried"
                    throw failure("provider error \(error), \(why)")
                }
                retries += 1
                if let retryAfter = error.retryAfter { await limiter.pause(for: min(retryAfter, settings.retry.maxRetryAfter)) }
                try await Task.sleep(for: .milliseconds(Int64(1000 * settings.retry.delay(retry: retries, retryAfter: error.retryAfter, random: Double.random(in: 0...1, using: &generator)))))
                continue

            case let .reply(reply):
                breaker.recordSuccess()
                usage = usage + reply.usage
                model = reply.model ?? model
                let parsed = Self.parse(reply.answer, with: parser)
                // Keep every criterion answered well so far; a re-ask can only add.
                best.results.merge(parsed.results) { old, _ in old }
                best.problems = parsed.problems
                let missing = prompt.criterionIDs.filter { best.results[$0] == nil }
                if missing.isEmpty { return response(best.results) }
                if case .cutOff = reply.answer { cutOffs += 1 }
                // A second cut-off after a re-ask that changed the request is a loop: more
                // re-asks would only spend max_tokens each.
                let loops = cutOffs >= 2
                guard reasks < settings.retry.maxReasks, !loops else {
                    let reason = loops
                        ? "answer cut off at max_tokens \(settings.parameters.maxTokens) twice; the model loops — raise max_tokens or use a larger model"
                        : "no usable answer after \(reasks + 1) answers: " + parsed.problems.joined(separator: "; ")
                    var results = best.results
                    for id in missing { results[id] = .failed(reason) }
                    return response(results)
                }
                reasks += 1
                reask = Reask(
                    after: reply.answer, missing: missing, answeredSome: !best.results.isEmpty, schema: prompt.schema,
                    maxTokens: parameters.maxTokens)
                // A server that refused the bounds once is not sent them again.
                reask?.bounded = boundsFirst || !settings.boundsFirstAnswers
            }
        }
    }
}
