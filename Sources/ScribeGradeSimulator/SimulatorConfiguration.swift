import ScribeGrade

/// How a simulator behaves.
public struct SimulatorConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; the server reports the one it bound.
    public var port: Int
    /// Mean latency of a response, in milliseconds.
    public var latencyMs: Double
    /// Latency varies uniformly by up to this much either way, in milliseconds.
    public var jitterMs: Double
    public var faults: FaultRates
    /// Verdicts to answer from; criteria not in it are answered deterministically by hash.
    public var truth: TruthTable?
    /// Probability of answering a criterion of the truth table correctly.
    public var accuracy: Double
    /// Seeds fault draws, ids and the hash verdicts.
    public var seed: UInt64
    /// A JSONL file receiving one line per request.
    public var requestLog: String?
    /// The wait a 429 asks for, in milliseconds (`retry-after-ms`; `retry-after` rounds up to seconds).
    public var retryAfterMs: Int
    /// How long a hanging response holds the connection before closing it, in seconds.
    public var hangSeconds: Double
    /// When set, requests must carry this key (`Authorization: Bearer` / `x-api-key`).
    public var requiredKey: String?
    /// Real rate limits per minute (429 when exceeded); nil for none. Reported in headers.
    public var rpm: Int?
    public var tpm: Int?
    /// How simulated scribes write notes (requests in the `soap_note` schema), by model name.
    public var scribes: [String: ScribeBehaviour] = [:]
    /// The behaviour of a scribe model not in `scribes`.
    public var defaultScribe: ScribeBehaviour = .default
    /// How criteria missing from the truth table are decided.
    public var verdicts: SimulatedVerdicts = .hash
    /// Seconds from a provider batch's creation until it ends.
    public var batchDelay: Double = 0.2
    /// Rates of provider batch faults (expired, cancelled, truncated results, errored items).
    public var batchFaults: BatchFaultRates = .none
    /// Requests processed at once, as a llama-server's slots; the rest wait in a queue, the
    /// latency applying to each while it holds a slot. nil: every request at once.
    public var slots: Int?
    /// How the judge model answers (loops at the token cap, ignores a forced tool choice).
    public var judgeBehaviour: JudgeBehaviour = .wellBehaved
    /// Answer HTTP 400 to a strict `json_schema` with `maxLength`, as OpenAI's own API does
    /// (off by default: other OpenAI-compatible servers enforce it).
    public var rejectsLengthBounds = false

    public init(
        host: String = "127.0.0.1", port: Int = 0, latencyMs: Double = 0, jitterMs: Double? = nil,
        faults: FaultRates = .none, truth: TruthTable? = nil, accuracy: Double = 1, seed: UInt64 = 1,
        requestLog: String? = nil, retryAfterMs: Int = 1000, hangSeconds: Double = 300,
        requiredKey: String? = nil, rpm: Int? = nil, tpm: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.latencyMs = max(0, latencyMs)
        self.jitterMs = max(0, jitterMs ?? latencyMs / 5)
        self.faults = faults
        self.truth = truth
        self.accuracy = min(max(accuracy, 0), 1)
        self.seed = seed
        self.requestLog = requestLog
        self.retryAfterMs = max(0, retryAfterMs)
        self.hangSeconds = hangSeconds
        self.requiredKey = requiredKey
        self.rpm = rpm
        self.tpm = tpm
    }
}
