import Foundation
import ScribeGrade

/// What the server does with one request.
public enum SimulatedAction: Sendable {
    /// Send a complete response.
    case respond(status: Int, headers: [(String, String)], body: [UInt8])
    /// Send the head and half the body, promising the whole in `content-length`, then close.
    case truncate(status: Int, headers: [(String, String)], body: [UInt8])
    /// Never answer; close the connection after the configured hang time.
    case hang
    /// Close the connection without answering.
    case drop
}

/// A decided response and when to send it.
public struct SimulatedReply: Sendable {
    public var action: SimulatedAction
    /// Seconds to wait before acting.
    public var delay: Double
    /// The prompt prefixes the provider caches once this reply is sent (`SimulatorEngine.completed`).
    var processed: PromptCache.Prefixes?
}

/// Counts of what the simulator did, for tests and reports.
public struct SimulatorStatistics: Sendable, Hashable {
    public var requests = 0
    public var faults: [Fault: Int] = [:]
    public var promptTokens = 0
    public var cachedTokens = 0
    public var cacheCreationTokens = 0
    public var outputTokens = 0
}

/// Decides the simulator's answer to each request: routing, validation, rate limits, fault
/// draws, token and cache accounting, verdicts, and the request log. Thread-safe; the server
/// calls it from its event loops.
public final class SimulatorEngine: @unchecked Sendable {
    public let configuration: SimulatorConfiguration
    let lock = NSLock()
    var random: SplitMix64
    var cache = PromptCache()
    var statistics = SimulatorStatistics()
    var window = RateWindow()
    let log: RequestLog?
    var sequence = 0
    /// Provider batches and files, in memory only.
    var batches = BatchStore()
    /// With `configuration.slots`: the requests being processed and those waiting for a slot.
    let slots: SlotQueue?

    public init(configuration: SimulatorConfiguration) throws {
        self.configuration = configuration
        random = SplitMix64(seed: configuration.seed)
        log = try configuration.requestLog.map { try RequestLog(path: $0) }
        slots = configuration.slots.map(SlotQueue.init(capacity:))
    }

    /// What the simulator has done so far.
    public var stats: SimulatorStatistics { lock.withLock { statistics } }

    /// Decides the reply to one request.
    public func handle(method: String, path: String, headers: [(String, String)], body: [UInt8]) -> SimulatedReply {
        let started = Date()
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let endpoint: SimulatedEndpoint
        let batchRoute = BatchRoute(method: method, path: route)
        switch (method, route) {
        case ("POST", "/v1/chat/completions"), ("POST", "/chat/completions"): endpoint = .openAI
        case ("POST", "/v1/messages"): endpoint = .anthropic
        case _ where batchRoute != nil: endpoint = batchRoute!.endpoint
        default:
            return lock.withLock {
                let reply = route.hasPrefix("/v1/messages") || headers.contains(where: { $0.0.lowercased() == "anthropic-version" })
                    ? AnthropicWire.error(status: 404, type: "not_found_error", message: "Not Found", ids: &random, window: window, configuration: configuration)
                    : OpenAIWire.error(status: 404, type: "invalid_request_error", message: "Invalid URL (\(method) \(route))", param: nil, code: nil, ids: &random, window: window, configuration: configuration)
                record(LogLine(endpoint: nil, status: 404, path: route), started: started)
                return SimulatedReply(action: reply, delay: 0)
            }
        }
        if let required = configuration.requiredKey {
            let sent: String?
            switch endpoint {
            case .openAI:
                sent = headers.first { $0.0.lowercased() == "authorization" }.map { String($0.1.dropFirst("Bearer ".count)) }
            case .anthropic:
                sent = headers.first { $0.0.lowercased() == "x-api-key" }?.1
            }
            if sent != required {
                return lock.withLock {
                    let reply: SimulatedAction
                    switch endpoint {
                    case .openAI:
                        reply = sent == nil
                            ? OpenAIWire.error(status: 401, type: "invalid_request_error", message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.", param: nil, code: nil, ids: &random, window: window, configuration: configuration)
                            : OpenAIWire.error(status: 401, type: "invalid_request_error", message: "Incorrect API key provided: \(OpenAIWire.maskKey(sent!)). You can find your API key at https://platform.openai.com/account/api-keys.", param: nil, code: "invalid_api_key", ids: &random, window: window, configuration: configuration)
                    case .anthropic:
                        reply = AnthropicWire.error(status: 401, type: "authentication_error", message: sent == nil ? "x-api-key header is required" : "invalid x-api-key", ids: &random, window: window, configuration: configuration)
                    }
                    record(LogLine(endpoint: endpoint, status: 401, path: route), started: started)
                    return SimulatedReply(action: reply, delay: 0)
                }
            }
        }
        if let batchRoute {
            return lock.withLock { handleBatch(batchRoute, path: route, headers: headers, body: body, started: started) }
        }

        let request: SimulatedRequest
        do {
            request = try SimulatedRequest.parse(
                endpoint: endpoint, headers: headers, body: body, rejectsLengthBounds: configuration.rejectsLengthBounds)
        } catch let invalid as SimulatedRequest.Invalid {
            return lock.withLock {
                let reply = endpoint == .openAI
                    ? OpenAIWire.error(status: invalid.status, type: invalid.type, message: invalid.message, param: invalid.param, code: invalid.code, ids: &random, window: window, configuration: configuration)
                    : AnthropicWire.error(status: invalid.status, type: invalid.type, message: invalid.message, ids: &random, window: window, configuration: configuration)
                record(LogLine(endpoint: endpoint, status: invalid.status, path: route), started: started)
                return SimulatedReply(action: reply, delay: 0)
            }
        } catch {
            return SimulatedReply(action: .drop, delay: 0)
        }

        // Verdicts and answer text are computed outside the lock; only shared state is locked.
        let (verdicts, answer) = answer(to: request)

        return lock.withLock {
            var line = LogLine(endpoint: endpoint, status: nil, path: route)
            line.model = request.model
            line.item = request.item
            line.itemSource = request.itemSource
            line.criteria = request.criteria
            line.temperature = request.temperature
            line.verdicts = verdicts.map { ($0.0, $0.1.rawValue) }
            let delay = latency()
            line.latencyMs = Int((delay * 1000).rounded())

            let promptTokens = request.tokens.count
            let now = ContinuousClock.now
            window.roll(now: now)
            if let limited = window.limited(configuration: configuration, tokens: promptTokens, now: now) {
                let reply = endpoint == .openAI
                    ? OpenAIWire.rateLimited(model: request.model, limit: limited, retryAfterMs: Int(limited.retryAfter * 1000), ids: &random, window: window, configuration: configuration)
                    : AnthropicWire.rateLimited(limit: limited, retryAfterMs: Int(limited.retryAfter * 1000), ids: &random, window: window, configuration: configuration)
                line.status = 429
                line.rateLimited = true
                record(line, started: started)
                return SimulatedReply(action: reply, delay: delay)
            }
            window.count(tokens: promptTokens)

            let fault = configuration.faults.fault(for: random.nextDouble())
            line.fault = fault
            if let fault { statistics.faults[fault, default: 0] += 1 }
            var action: SimulatedAction
            switch fault {
            case .rateLimited?:
                let limit = RateWindow.Limit(kind: .requests, limit: configuration.rpm ?? RateWindow.defaultRPM, retryAfter: Double(configuration.retryAfterMs) / 1000)
                action = endpoint == .openAI
                    ? OpenAIWire.rateLimited(model: request.model, limit: limit, retryAfterMs: configuration.retryAfterMs, ids: &random, window: window, configuration: configuration)
                    : AnthropicWire.rateLimited(limit: limit, retryAfterMs: configuration.retryAfterMs, ids: &random, window: window, configuration: configuration)
                line.status = 429
            case .serverError?:
                action = endpoint == .openAI
                    ? OpenAIWire.error(status: 500, type: "server_error", message: "The server had an error while processing your request. Sorry about that!", param: nil, code: nil, ids: &random, window: window, configuration: configuration)
                    : AnthropicWire.error(status: 500, type: "api_error", message: "Internal server error", ids: &random, window: window, configuration: configuration)
                line.status = 500
            case .unavailable?, .overloaded?:
                if endpoint == .openAI {
                    action = OpenAIWire.error(status: 503, type: "server_error", message: "The server is overloaded or not ready yet.", param: nil, code: nil, ids: &random, window: window, configuration: configuration)
                    line.status = 503
                } else {
                    action = AnthropicWire.error(status: 529, type: "overloaded_error", message: "Overloaded", ids: &random, window: window, configuration: configuration)
                    line.status = 529
                }
            case .hang?:
                action = .hang
            case .drop?:
                action = .drop
            case .malformed?, .truncated?, .refusal?, nil:
                let reply = successBody(request: request, answer: answer, fault: fault, line: &line)
                action = fault == .truncated ? .truncate(status: 200, headers: reply.headers, body: reply.body) : .respond(status: 200, headers: reply.headers, body: reply.body)
                line.status = 200
            }
            record(line, started: started)
            let processed = line.status == 200 ? request.prefixes : nil
            return SimulatedReply(action: action, delay: delay, processed: processed)
        }
    }

    /// The verdicts and answer for a request; a request in the scribe schema asks for a note,
    /// not verdicts. Pure: reads only the configuration.
    func answer(to request: SimulatedRequest) -> (verdicts: [(String, Verdict)], answer: Answer) {
        if request.schemaName == VerdictSchema.soapNote.name {
            return ([], Answer(note: SimulatedScribe.answer(
                model: request.model, transcript: request.block("transcript") ?? request.userText,
                behaviour: configuration.scribes[request.model] ?? configuration.defaultScribe, seed: configuration.seed)))
        }
        let verdicts = request.criteria.map { ($0, verdict(for: $0, request: request)) }
        return (verdicts, Answer(request: request, verdicts: verdicts))
    }

    /// A 200 response: usage with cache accounting, the answer (or a refusal or malformed one).
    func successBody(request: SimulatedRequest, answer: Answer, fault: Fault?, line: inout LogLine) -> (headers: [(String, String)], body: [UInt8]) {
        let total = request.tokens.count
        switch request.endpoint {
        case .openAI:
            let cached = cache.openAI(request.prefixes)
            let content: String?
            let refusal: String?
            switch fault {
            case .refusal?: content = nil; refusal = "I'm sorry, but I can't assist with that request."
            case .malformed?: content = answer.malformedText; refusal = nil
            default: content = answer.text; refusal = nil
            }
            if let cap = loopCap(request, fault: fault) {
                account(prompt: total, cached: cached, written: 0, output: cap, line: &line)
                return OpenAIWire.completion(
                    model: request.model, content: answer.loopingText, refusal: nil, finishReason: "length", promptTokens: total,
                    cachedTokens: cached, completionTokens: cap, ids: &random, window: window, configuration: configuration)
            }
            let output = TokenCounter.count(content ?? refusal ?? "") + 1
            account(prompt: total, cached: cached, written: 0, output: output, line: &line)
            return OpenAIWire.completion(model: request.model, content: content, refusal: refusal, promptTokens: total, cachedTokens: cached, completionTokens: output, ids: &random, window: window, configuration: configuration)
        case .anthropic:
            let (read, written) = cache.anthropic(request.prefixes)
            let uncached = total - read - written
            if let cap = loopCap(request, fault: fault) {
                account(prompt: total, cached: read, written: written, output: cap, line: &line)
                return AnthropicWire.message(
                    model: request.model, content: [["type": "text", "text": .string(answer.loopingText)]], stopReason: "max_tokens",
                    inputTokens: uncached, cacheRead: read, cacheWrite: written, outputTokens: cap, ids: &random, window: window,
                    configuration: configuration)
            }
            let blocks: [JSONValue]
            let stopReason: String
            switch fault {
            case .refusal?:
                blocks = [["type": "text", "text": "I can't help with this request."]]
                stopReason = "refusal"
            case nil where configuration.judgeBehaviour == .textInsteadOfTool:
                blocks = [["type": "text", "text": .string("Here is my assessment of the criteria.\n\n" + answer.json.compact)]]
                stopReason = "end_turn"
            default:
                let input = fault == .malformed ? answer.malformedJSON : answer.json
                blocks = [["type": "tool_use", "id": .string(Identifiers.make("toolu_01", 22, &random)), "name": .string(request.schemaName ?? "criterion_verdict"), "input": input]]
                stopReason = "tool_use"
            }
            // Output tokens count what the model writes, not the random id the API assigns, so
            // equal requests report equal usage (as a batched one must).
            let output = TokenCounter.count(JSONValue.array(blocks.map { $0.replacing(["id"], with: "toolu") }).compact) + 10
            account(prompt: total, cached: read, written: written, output: output, line: &line)
            return AnthropicWire.message(model: request.model, content: blocks, stopReason: stopReason, inputTokens: uncached, cacheRead: read, cacheWrite: written, outputTokens: output, ids: &random, window: window, configuration: configuration)
        }
    }

    /// The output tokens of an answer the judge behaviour cuts off in a loop (the request's
    /// token cap), or nil when it answers. Faults that replace the answer come first.
    func loopCap(_ request: SimulatedRequest, fault: Fault?) -> Int? {
        guard fault == nil, request.schemaName != VerdictSchema.soapNote.name,
              configuration.judgeBehaviour.loops(temperature: request.temperature) else { return nil }
        return request.maxTokens ?? 4096
    }

    /// Caches the prompt prefixes of a reply about to be sent: its request has been processed.
    public func completed(_ reply: SimulatedReply) {
        guard let processed = reply.processed else { return }
        lock.withLock { cache.record(processed) }
    }

    /// Records a response's tokens in its log line and the totals.
    func account(prompt: Int, cached: Int, written: Int, output: Int, line: inout LogLine) {
        line.promptTokens = prompt
        line.cachedTokens = cached
        line.cacheCreationTokens = written
        line.outputTokens = output
        statistics.promptTokens += prompt
        statistics.cachedTokens += cached
        statistics.cacheCreationTokens += written
        statistics.outputTokens += output
    }

    /// The verdict on one criterion: from the truth table, kept with probability `accuracy`,
    /// else by hash; deterministic in (seed, note, criterion, sample).
    func verdict(for criterion: String, request: SimulatedRequest) -> Verdict {
        let item = request.item
        var hasher = ContentHasher()
        hasher.add(String(configuration.seed))
        hasher.add(item?.system ?? "")
        hasher.add(item?.encounter ?? "")
        hasher.add(criterion)
        if request.itemSource != "header" { hasher.add(request.block("note") ?? request.userText) }
        if let item, let truth = configuration.truth?[item.system, item.encounter, criterion] {
            hasher.add(String(item.sample))
            let draw = Self.uniform(hasher.hexDigest())
            return draw < configuration.accuracy ? truth : (truth == .met ? .notMet : .met)
        }
        if configuration.verdicts == .lexical, let lexical = SimulatedVerdicts.lexical(criterion, request: request) { return lexical }
        return Self.uniform(hasher.hexDigest()) < 0.5 ? .met : .notMet
    }

    static func uniform(_ hex: String) -> Double {
        Double(UInt64(hex.prefix(13), radix: 16) ?? 0) / Double(1 << 52)
    }

    func latency() -> Double {
        let jitter = configuration.jitterMs > 0 ? (random.nextDouble() * 2 - 1) * configuration.jitterMs : 0
        return max(0, configuration.latencyMs + jitter) / 1000
    }

    func record(_ line: LogLine, started: Date) {
        sequence += 1
        statistics.requests += 1
        log?.write(line.json(sequence: sequence, time: started))
    }

    /// Flushes and closes the request log.
    public func close() {
        lock.withLock { log?.close() }
    }
}

/// The simulator's answer to a request, in the judge's schema.
struct Answer {
    var json: JSONValue
    var malformedJSON: JSONValue

    init(request: SimulatedRequest, verdicts: [(String, Verdict)]) {
        let noteQuote = Self.quote(request.block("note"))
        let transcriptQuote = Self.quote(request.block("transcript"))
        func entry(_ id: String, _ verdict: Verdict, withID: Bool) -> [(String, JSONValue)] {
            var members: [(String, JSONValue)] = []
            if withID { members.append(("criterion_id", .string(id))) }
            members.append(("explanation", .string("Simulated judgment of criterion \(id): the simulator answered \(verdict.rawValue).")))
            members.append(("verdict", .string(verdict.rawValue)))
            members.append(("evidence", [
                "note": .array(verdict == .met ? noteQuote.map { [.string($0)] } ?? [] : []),
                "transcript": .array(transcriptQuote.map { [.string($0)] } ?? []),
            ]))
            return members
        }
        if request.batched {
            json = ["verdicts": .array(verdicts.map { .object(entry($0.0, $0.1, withID: true)) })]
            malformedJSON = ["verdicts": .array(verdicts.map { id, _ in ["criterion_id": .string(id), "explanation": "Unsure.", "verdict": "unsure"] })]
        } else {
            let (id, verdict) = verdicts.first ?? ("", .notMet)
            json = .object(entry(id, verdict, withID: false))
            malformedJSON = ["explanation": "I am not sure.", "verdict": "unsure"]
        }
    }

    /// The answer as OpenAI message content.
    var text: String { json.compact }

    /// An answer that starts right and then repeats itself until the token cap cut it off.
    var loopingText: String {
        let start = String(json.compact.prefix(40))
        return start + String(repeating: " the the the", count: 50)
    }

    /// Content that is not valid JSON: the answer cut off mid-way.
    var malformedText: String {
        let full = json.compact
        return String(full.prefix(max(1, full.count * 3 / 5)))
    }

    /// The first few words of a block, as a short verbatim quote.
    static func quote(_ block: String?) -> String? {
        guard let block else { return nil }
        let firstLine = block.prefix { $0 != "\n" }
        let words = firstLine.split(separator: " ", maxSplits: 6).prefix(6)
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}

/// A seeded generator (SplitMix64) for fault draws, latency jitter and ids.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Random identifiers shaped like the providers' (`chatcmpl-…`, `msg_01…`, `req_…`).
enum Identifiers {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    static func make(_ prefix: String, _ length: Int, _ random: inout SplitMix64) -> String {
        var id = prefix
        for _ in 0..<length { id.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
        return id
    }

    static func hex(_ prefix: String, _ length: Int, _ random: inout SplitMix64) -> String {
        var id = prefix
        let digits = Array("0123456789abcdef")
        for _ in 0..<length { id.append(digits[Int(random.next() % 16)]) }
        return id
    }
}
