import Foundation
import ScribeGrade

/// One request of a simulated batch and, once the batch has ended, what became of it.
struct BatchItem: Sendable {
    var customID: String
    /// The body the synchronous endpoint would have received (OpenAI `body`, Anthropic `params`).
    var body: [UInt8]
    var outcome: Outcome?

    enum Outcome: Sendable {
        /// The synchronous endpoint's 200 body and its request id.
        case succeeded(body: JSONValue, requestID: String)
        /// An error status with the provider's error body.
        case errored(status: Int, body: JSONValue, requestID: String)
        case expired
        case canceled

        /// The word the request log and Anthropic use for it.
        var name: String {
            switch self {
            case .succeeded: "succeeded"
            case .errored: "errored"
            case .expired: "expired"
            case .canceled: "canceled"
            }
        }
    }
}

/// A provider batch in the simulator's memory: its items, its clock and its fate.
///
/// A batch answers nothing until `readyAt` (creation plus `--batch-delay`); the first request
/// that looks at it after that settles it, answering every item at once (or expiring or
/// cancelling them), so each item is answered and logged exactly once.
struct SimulatedBatch: Sendable {
    var id: String
    var endpoint: SimulatedEndpoint
    var items: [BatchItem]
    var created: Date
    var readyAt: Date
    /// The batch-level fault drawn at creation.
    var fault: BatchFault?
    /// The position of the batch among all created, for deterministic item draws.
    var ordinal: Int
    var cancelRequested: Date?
    var ended: Date?
    /// The next results download is cut off (fault `truncated`; cleared by that download).
    var truncateNextDownload = false
    /// OpenAI only: the create request's fields and the files written when the batch ended.
    var inputFileID = ""
    var completionWindow = "24h"
    var metadata: JSONValue = .null
    var outputFileID: String?
    var errorFileID: String?
    /// OpenAI only: input lines that failed validation; a batch with any is `failed`.
    var validationErrors: [JSONValue] = []

    var expires: Date { created.addingTimeInterval(24 * 3600) }

    func count(_ name: String) -> Int { items.filter { $0.outcome?.name == name }.count }
}

/// An uploaded or written OpenAI file.
struct SimulatedFile: Sendable {
    var id: String
    var filename: String
    var purpose: String
    var created: Date
    var contents: [UInt8]
    /// The batch whose output or error file this is, for the `truncated` fault.
    var batchID: String?
}

/// Every batch and file the simulator holds, in memory; guarded by the engine's lock.
struct BatchStore: Sendable {
    var batches: [String: SimulatedBatch] = [:]
    /// Batch ids in creation order, for listing.
    var order: [String] = []
    var files: [String: SimulatedFile] = [:]

    mutating func add(_ batch: SimulatedBatch) {
        batches[batch.id] = batch
        order.append(batch.id)
    }
}

extension SimulatorEngine {
    /// A new batch of `items`, with its batch-level fault drawn deterministically from the seed
    /// and the batch's ordinal. Call under the lock.
    func newBatch(id: String, endpoint: SimulatedEndpoint, items: [BatchItem]) -> SimulatedBatch {
        let now = Date()
        let ordinal = batches.order.count
        let fault = configuration.batchFaults.batchFault(for: batchDraw(ordinal: ordinal, key: "batch"))
        var batch = SimulatedBatch(
            id: id, endpoint: endpoint, items: items, created: now,
            readyAt: now.addingTimeInterval(configuration.batchDelay), fault: fault, ordinal: ordinal)
        batch.truncateNextDownload = fault == .truncated
        return batch
    }

    /// A uniform draw in [0, 1) fixed by the seed, the batch's ordinal and a key.
    func batchDraw(ordinal: Int, key: String) -> Double {
        var hasher = ContentHasher()
        hasher.add(String(configuration.seed))
        hasher.add("batch \(ordinal)")
        hasher.add(key)
        return Self.uniform(hasher.hexDigest())
    }

    /// Ends the batch if its time has come (or a cancel was asked for earlier): answers every
    /// item as the synchronous endpoint would, or marks them expired or canceled, and logs one
    /// line per item. Call under the lock.
    func settle(_ batch: inout SimulatedBatch, headers: [(String, String)], now: Date = Date()) {
        guard batch.ended == nil, batch.validationErrors.isEmpty else { return }
        if batch.cancelRequested == nil, now < batch.readyAt { return }
        if batch.cancelRequested == nil, batch.fault == .cancelled { batch.cancelRequested = batch.readyAt }
        for index in batch.items.indices {
            let item = batch.items[index]
            let outcome: BatchItem.Outcome
            var line: LogLine
            if batch.cancelRequested != nil || batch.fault == .expired {
                outcome = batch.cancelRequested != nil ? .canceled : .expired
                line = LogLine(endpoint: batch.endpoint, status: nil, path: batchPath(batch))
                line.batchFault = batch.fault
            } else {
                (outcome, line) = answerItem(item, of: batch, headers: headers)
            }
            line.batch = batch.id
            line.customID = item.customID
            line.batchResult = outcome.name
            batch.items[index].outcome = outcome
            sequence += 1
            log?.write(line.json(sequence: sequence, time: now))
        }
        batch.ended = now
    }

    func batchPath(_ batch: SimulatedBatch) -> String {
        batch.endpoint == .openAI ? "/v1/batches/\(batch.id)" : "/v1/messages/batches/\(batch.id)"
    }

    /// One item answered exactly as the synchronous endpoint answers its body (verdicts, usage,
    /// prompt cache), without rate limits, latency or synchronous faults; an item drawn for
    /// fault `errored`, or one the endpoint would refuse, gets the provider's error body.
    func answerItem(_ item: BatchItem, of batch: SimulatedBatch, headers: [(String, String)]) -> (BatchItem.Outcome, LogLine) {
        var line = LogLine(endpoint: batch.endpoint, status: nil, path: batchPath(batch))
        let itemHeaders = headers.filter { $0.0.caseInsensitiveCompare(JudgeItem.headerName) != .orderedSame }
        let request: SimulatedRequest
        do {
            request = try SimulatedRequest.parse(endpoint: batch.endpoint, headers: itemHeaders, body: item.body)
        } catch let invalid as SimulatedRequest.Invalid {
            line.status = invalid.status
            return (errorOutcome(status: invalid.status, type: invalid.type, message: invalid.message, param: invalid.param, code: invalid.code, endpoint: batch.endpoint), line)
        } catch {
            line.status = 400
            return (errorOutcome(status: 400, type: "invalid_request_error", message: "Invalid request.", param: nil, code: nil, endpoint: batch.endpoint), line)
        }
        line.model = request.model
        line.item = request.item
        line.itemSource = request.itemSource
        line.criteria = request.criteria
        if batchDraw(ordinal: batch.ordinal, key: "item " + item.customID) < configuration.batchFaults.itemErrorRate {
            line.status = 500
            line.batchFault = .errored
            return (batch.endpoint == .openAI
                ? errorOutcome(status: 500, type: "server_error", message: "The server had an error while processing your request. Sorry about that!", param: nil, code: nil, endpoint: .openAI)
                : errorOutcome(status: 500, type: "api_error", message: "Internal server error", param: nil, code: nil, endpoint: .anthropic), line)
        }
        let (verdicts, answer) = answer(to: request)
        line.verdicts = verdicts.map { ($0.0, $0.1.rawValue) }
        let reply = successBody(request: request, answer: answer, fault: nil, line: &line)
        cache.record(request.prefixes)
        line.status = 200
        let requestID = reply.headers.first { $0.0 == "x-request-id" || $0.0 == "request-id" }?.1 ?? ""
        var body = (try? JSONValue(parsing: reply.body)) ?? .null
        if batch.endpoint == .anthropic { body = body.replacing(["usage", "service_tier"], with: "batch") }
        return (.succeeded(body: body, requestID: requestID), line)
    }

    /// An item's error in its provider's error body.
    func errorOutcome(status: Int, type: String, message: String, param: String?, code: String?, endpoint: SimulatedEndpoint) -> BatchItem.Outcome {
        let requestID = endpoint == .openAI ? Identifiers.hex("req_", 32, &random) : Identifiers.make("req_011C", 20, &random)
        let body: JSONValue = endpoint == .openAI
            ? OpenAIWire.errorBody(type: type, message: message, param: param, code: code)
            : ["type": "error", "error": ["type": .string(type), "message": .string(message)], "request_id": .string(requestID)]
        return .errored(status: status, body: body, requestID: requestID)
    }
}

extension JSONValue {
    /// This value with the member at `path` (object keys) set to `value`, keeping key order;
    /// unchanged where the path does not lead through objects.
    func replacing(_ path: [String], with value: JSONValue) -> JSONValue {
        guard let key = path.first, case let .object(members) = self else { return path.isEmpty ? value : self }
        return .object(members.map { $0.0 == key ? ($0.0, $0.1.replacing(Array(path.dropFirst()), with: value)) : $0 })
    }
}
