import ArgumentParser
import Dispatch
import Foundation
import ScribeGrade
import ScribeGradeSimulator

/// `scribegrade simulate`: the loopback grader server for tests, demos and benchmarks.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a loopback grader server speaking the OpenAI and Anthropic wire formats, with latency and fault injection.",
        discussion: """
            Serves OpenAI Chat Completions at POST /v1/chat/completions and Anthropic Messages at \
            POST /v1/messages, byte-for-byte in the providers' formats, including usage with cached \
            tokens when a prompt's prefix repeats. Prints its URL, then serves until SIGINT or SIGTERM.

            Judges use it by base URL:
              scribegrade simulate --port 8089 &
              scribegrade grade ... --judge openai:gpt-4.1-mini@http://127.0.0.1:8089/v1
              scribegrade grade ... \\
                  --judge anthropic:claude-sonnet-4-6@http://127.0.0.1:8089

            Verdicts come from --truth (CSV system,encounter,criterion,verdict), each kept with \
            probability --accuracy (a judge of known quality); criteria not in it, or every \
            criterion without it, are answered deterministically by hash. The simulator learns \
            the note and criteria of a request from the X-ScribeGrade-Item header that \
            ScribeGrade's clients send, or else from the "Criterion id:" lines of the prompt.

            Requests in the scribe schema (soap_note, from scribegrade generate) get a note \
            assembled from the transcript, leaving out each sentence at the model's omission \
            rate and inventing a finding at its hallucination rate (--scribe), deterministic \
            per --seed; --verdicts lexical then grades notes by the lexical baseline's rule, \
            so a scribe that leaves out less scores higher. A simulator, not a model.

            Faults, each at a rate in [0, 1]:
              429        rate limited, with retry-after (and retry-after-ms on OpenAI)
              500        internal error
              503 / 529  overloaded (503 on OpenAI, 529 overloaded_error on Anthropic)
              hang       no response until the client times out
              drop       connection closed without a response
              malformed  an answer not in the schema
              truncated  a body cut off halfway under a full content-length
              refusal    the model refuses

            Provider batches: OpenAI's Batch API (POST /v1/files with purpose batch, \
            /v1/batches, output and error files) and Anthropic's Message Batches \
            (/v1/messages/batches, results JSONL) answer every batched request as the \
            synchronous endpoint answers it (verdicts, usage, prompt cache), after --batch-delay \
            seconds, in memory (a restart forgets them); the request log has one line per item. \
            Batch faults (--batch-faults), deterministic per --seed:
              expired    the batch expires; no item is answered
              cancelled  the batch is cancelled before any item is answered
              truncated  the first download of the results stops mid-line
              errored    an item fails with a 500 error body (rate per item)

            Examples:
              scribegrade simulate --port 8089 --latency-ms 100
              scribegrade simulate --port 8089 --latency-ms 2000 --slots 2   # a small local server
              scribegrade simulate --port 0 \\
                  --faults 429=0.1,500=0.05,hang=0.02,malformed=0.05 \\
                  --truth truth.csv --accuracy 0.9 --request-log requests.jsonl
            """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (printed).")
    var port = 8089

    @Option(name: .customLong("latency-ms"), help: "Mean response latency in milliseconds.")
    var latencyMs: Double = 0

    @Option(name: .customLong("jitter-ms"), help: "Latency varies uniformly by up to this much either way (default: a fifth of the latency).")
    var jitterMs: Double?

    @Option(help: "Fault rates, e.g. 429=0.1,500=0.05,503=0.02,hang=0.02,malformed=0.05,truncated=0.01,drop=0.01,refusal=0.01.")
    var faults = ""

    @Option(help: "CSV of true verdicts: system,encounter,criterion,verdict.")
    var truth: String?

    @Option(help: "Probability of answering a criterion of the truth file correctly.")
    var accuracy: Double = 1

    @Option(help: "Seed for fault draws, latency jitter, ids and hash verdicts.")
    var seed: UInt64 = 1

    @Option(name: .customLong("request-log"), help: "Append one JSON line per request received to this file (ids, fault, tokens; never prompt text).")
    var requestLog: String?

    @Option(name: .customLong("retry-after-ms"), help: "The wait an injected 429 asks for, in milliseconds.")
    var retryAfterMs = 1000

    @Option(name: .customLong("hang-seconds"), help: "How long a hanging response holds its connection before closing it.")
    var hangSeconds: Double = 300

    @Option(name: .customLong("api-key"), help: "Require this API key (Authorization: Bearer / x-api-key); any or none is accepted otherwise.")
    var apiKey: String?

    @Option(help: "Enforce this many requests per minute (real 429s); reported in rate-limit headers.")
    var rpm: Int?

    @Option(help: "Enforce this many prompt tokens per minute (real 429s); reported in rate-limit headers.")
    var tpm: Int?

    @Option(name: .customLong("scribe"), help: ArgumentHelp("How the simulated scribe MODEL writes notes: the share of transcript sentences it leaves out and the chance of an invented finding after a kept one (repeatable; default omission=0.2,hallucination=0.05).", valueName: "MODEL:omission=R,hallucination=R"))
    var scribes: [String] = []

    @Option(help: ArgumentHelp("How criteria missing from --truth are decided: hash (met or not by hash) or lexical (the lexical baseline's rule on the note, to rank simulated scribes).", valueName: "hash|lexical"))
    var verdicts = "hash"

    @Option(name: .customLong("batch-delay"), help: "Seconds from a provider batch's creation until it ends.")
    var batchDelay: Double = 0.2

    @Option(help: ArgumentHelp("Process at most this many requests at once, as a llama-server with N slots; the rest wait in a queue (a request whose client went away leaves it), the latency applying to each while it holds a slot (default: all at once).", valueName: "n"))
    var slots: Int?

    @Option(name: .customLong("judge-behaviour"), help: ArgumentHelp("How the judge model answers, as small local models and servers do: well-behaved; loops-when-greedy (cut off at max_tokens at temperature 0); loops (always cut off); text-instead-of-tool (Anthropic: the JSON as text, the forced tool choice ignored, as llama.cpp does).", valueName: "behaviour"))
    var judgeBehaviour = JudgeBehaviour.wellBehaved.rawValue

    @Option(name: .customLong("batch-faults"), help: "Provider batch fault rates, e.g. expired=0.1,cancelled=0.05,truncated=0.1,errored=0.2 (errored per item, the others per batch).")
    var batchFaults = ""

    func run() async throws {
        signal(SIGPIPE, SIG_IGN)
        let server = try await Diagnostics.exitingOnInputError { () async throws -> SimulatorServer in
            guard (0...65535).contains(port) else { throw InputError("port must be in 0...65535", at: SourceLocation(file: "--port")) }
            guard (0...1).contains(accuracy) else { throw InputError("accuracy must be in [0, 1]", at: SourceLocation(file: "--accuracy")) }
            let rates = try FaultRates(parsing: faults)
            let table = try truth.map { try TruthTable.load($0) }
            guard let verdictRule = SimulatedVerdicts(rawValue: verdicts) else {
                throw InputError("verdicts must be hash or lexical, not '\(verdicts)'", at: SourceLocation(file: "--verdicts"))
            }
            var configuration = SimulatorConfiguration(
                host: host, port: port, latencyMs: latencyMs, jitterMs: jitterMs, faults: rates, truth: table,
                accuracy: accuracy, seed: seed, requestLog: requestLog, retryAfterMs: retryAfterMs,
                hangSeconds: hangSeconds, requiredKey: apiKey, rpm: rpm, tpm: tpm)
            configuration.verdicts = verdictRule
            guard let behaviour = JudgeBehaviour(rawValue: judgeBehaviour) else {
                let known = JudgeBehaviour.allCases.map(\.rawValue).joined(separator: ", ")
                throw InputError("judge behaviour must be one of \(known), not '\(judgeBehaviour)'", at: SourceLocation(file: "--judge-behaviour"))
            }
            configuration.judgeBehaviour = behaviour
            if let slots, slots < 1 { throw InputError("slots must be at least 1", at: SourceLocation(file: "--slots")) }
            configuration.slots = slots
            guard batchDelay >= 0, batchDelay.isFinite else { throw InputError("batch delay must be a number of seconds >= 0", at: SourceLocation(file: "--batch-delay")) }
            configuration.batchDelay = batchDelay
            configuration.batchFaults = try BatchFaultRates(parsing: batchFaults)
            for spec in scribes {
                let (model, behaviour) = try ScribeBehaviour.parse(spec)
                configuration.scribes[model] = behaviour
            }
            return try await SimulatorServer.start(configuration)
        }
        let line = "scribegrade simulator listening on \(server.baseURL) (OpenAI base URL \(server.baseURL)/v1, Anthropic base URL \(server.baseURL))\n"
        Terminal.write(line)
        let received = await Self.waitForTerminationSignal()
        try await server.shutdown()
        let stats = server.engine.stats
        Terminal.error("scribegrade simulator: stopped on signal \(received) after \(stats.requests) requests")
    }

    /// Waits for SIGINT or SIGTERM; returns the signal's number.
    static func waitForTerminationSignal() async -> Int32 {
        let signals = [SIGINT, SIGTERM]
        for number in signals { signal(number, SIG_IGN) }
        let queue = DispatchQueue(label: "scribegrade.simulate.signals")
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let state = SignalState(continuation)
            for number in signals {
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { state.fire(number) }
                state.keep(source)
                source.resume()
            }
        }
    }
}

/// Resumes the waiting task once, on the first signal; keeps the signal sources alive.
final class SignalState: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Int32, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Int32, Never>) { self.continuation = continuation }

    func keep(_ source: any DispatchSourceSignal) { lock.withLock { sources.append(source) } }

    func fire(_ number: Int32) {
        let pending = lock.withLock { () -> CheckedContinuation<Int32, Never>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume(returning: number)
    }
}
