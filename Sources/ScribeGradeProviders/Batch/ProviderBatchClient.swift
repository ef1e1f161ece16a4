import Foundation
import ScribeGrade

/// A provider's batch API: submits the request bodies its synchronous client builds, polls the
/// batch, and reads each item's embedded response with the synchronous client's parser, so a
/// batched answer is read exactly like a synchronous one.
public protocol ProviderBatchClient: Sendable {
    var provider: Provider { get }
    var limits: BatchLimits { get }
    /// The bytes one entry adds to a batch's input (for splitting within `limits`).
    func encodedSize(of entry: BatchEntry) -> Int
    /// Creates one batch of `entries` (already within `limits`) and returns its id.
    func create(_ entries: [BatchEntry], transport: any HTTPTransport) async throws(BatchAPIError) -> String
    func state(of id: String, transport: any HTTPTransport) async throws(BatchAPIError) -> BatchState
    /// Each item's outcome, by custom id, of an ended batch; items the results omit are absent.
    func results(of state: BatchState, transport: any HTTPTransport) async throws(BatchAPIError) -> [String: BatchItemOutcome]
    func cancel(_ id: String, transport: any HTTPTransport) async throws(BatchAPIError)
}

/// How a batch client waits: polls with exponential backoff up to a cap, retries failed
/// exchanges with the batch endpoints a few times, and gives up polling after a deadline.
public struct BatchPolling: Sendable, Hashable {
    /// Seconds before the second poll; doubles up to `maxInterval`.
    public var initialInterval: Double
    public var maxInterval: Double
    /// Retries of one failed exchange (connection error, 429, 5xx, a cut-off results file).
    public var maxRetries: Int
    /// Seconds a wait for one batch may take before `wait` gives up (the batch keeps running;
    /// a later run polls it again).
    public var timeout: Double
    /// Seconds one exchange may take (the judge's `timeout`); uploads get a second more per MB
    /// and results downloads ten times as long.
    public var requestTimeout: Double

    public init(initialInterval: Double = 5, maxInterval: Double = 300, maxRetries: Int = 3, timeout: Double = 25 * 3600, requestTimeout: Double = 60) {
        self.initialInterval = max(0.001, initialInterval)
        self.maxInterval = max(self.initialInterval, maxInterval)
        self.maxRetries = max(0, maxRetries)
        self.timeout = timeout
        self.requestTimeout = max(0.001, requestTimeout)
    }

    /// Seconds to wait after poll number `poll` (1-based).
    public func interval(after poll: Int) -> Double {
        min(maxInterval, initialInterval * pow(2, Double(min(poll - 1, 40))))
    }
}

extension ProviderBatchClient {
    /// Splits `entries` into batches within `limits`, creating them one after another and
    /// calling `created` with each batch's id and custom ids the moment it exists (before any
    /// later batch is created), so the caller can store it before anything else can fail.
    public func submit(
        _ entries: [BatchEntry], transport: any HTTPTransport,
        created: (_ id: String, _ customIDs: [String]) async throws -> Void
    ) async throws {
        for range in limits.chunks(sizes: entries.map(encodedSize)) {
            let chunk = Array(entries[range])
            let id = try await create(chunk, transport: transport)
            try await created(id, chunk.map(\.customID))
        }
    }

    /// Polls the batch with backoff until it has ended, then returns its final state.
    /// - Throws: `BatchAPIError` when polling keeps failing or `polling.timeout` passes;
    ///   `CancellationError` when the task is cancelled.
    public func wait(for id: String, transport: any HTTPTransport, polling: BatchPolling) async throws -> BatchState {
        let deadline = Date().addingTimeInterval(polling.timeout)
        var poll = 0
        while true {
            try Task.checkCancellation()
            let state = try await state(of: id, transport: transport)
            if state.ended { return state }
            poll += 1
            guard Date() < deadline else { throw BatchAPIError(operation: "poll", batchID: id, detail: "still \(state.status) after \(poll) polls") }
            try await Task.sleep(for: .milliseconds(Int64(1000 * polling.interval(after: poll))))
        }
    }
}

/// The exchanges both batch clients share: sending with retries, reading errors and JSONL.
struct BatchExchange: Sendable {
    var polling: BatchPolling
    var readError: @Sendable (HTTPResponse) -> ProviderError

    /// Sends `request`, retrying connection errors, timeouts and retryable statuses up to
    /// `polling.maxRetries` times with backoff; returns the 2xx response.
    func send(_ request: HTTPRequest, operation: String, batchID: String?, transport: any HTTPTransport) async throws(BatchAPIError) -> HTTPResponse {
        var attempt = 0
        while true {
            var failure: BatchAPIError
            do {
                let response = try await transport.send(request)
                if (200..<300).contains(response.status) { return response }
                failure = BatchAPIError(operation: operation, batchID: batchID, error: readError(response))
            } catch let error as TransportError {
                failure = BatchAPIError(operation: operation, batchID: batchID, detail: error.description)
            } catch {
                throw BatchAPIError(operation: operation, batchID: batchID, detail: "cancelled")
            }
            guard failure.retryable, attempt < polling.maxRetries else { throw failure }
            attempt += 1
            let delay = failure.error?.retryAfter ?? min(polling.maxInterval, 0.2 * pow(2, Double(attempt - 1)))
            do { try await Task.sleep(for: .milliseconds(Int64(1000 * delay))) } catch {
                throw BatchAPIError(operation: operation, batchID: batchID, detail: "cancelled")
            }
        }
    }

    /// The lines of a JSONL body, each parsed; a line that does not parse (a cut-off file)
    /// makes the whole body unreadable, so the caller downloads it again.
    static func lines(_ body: [UInt8], operation: String, batchID: String) throws(BatchAPIError) -> [JSONValue] {
        var values: [JSONValue] = []
        for line in body.split(separator: 10, omittingEmptySubsequences: true) {
            guard let value = try? JSONValue(parsing: Array(line)) else {
                throw BatchAPIError(operation: operation, batchID: batchID, detail: "line \(values.count + 1) of the results is not JSON (cut off?)")
            }
            values.append(value)
        }
        return values
    }

    /// Downloads and parses a JSONL body, downloading again when it arrives cut off.
    func jsonLines(_ request: HTTPRequest, operation: String, batchID: String, transport: any HTTPTransport) async throws(BatchAPIError) -> [JSONValue] {
        var attempt = 0
        while true {
            let response = try await send(request, operation: operation, batchID: batchID, transport: transport)
            do {
                return try Self.lines(response.body, operation: operation, batchID: batchID)
            } catch {
                guard attempt < polling.maxRetries else { throw error }
                attempt += 1
            }
        }
    }
}
