import Foundation
import ScribeGrade

/// Anthropic's Message Batches API as the simulator serves it: `POST /v1/messages/batches`
/// (`{"requests": [{"custom_id", "params"}]}`), `GET /v1/messages/batches[/{id}]`, `POST
/// …/{id}/cancel` and `GET …/{id}/results` (JSONL of `{"custom_id", "result": {"type":
/// succeeded|errored|canceled|expired, …}}`). Each `params` is answered as `POST /v1/messages`
/// answers it, with `usage.service_tier` `batch`.
extension SimulatorEngine {
    func anthropicBatchAction(_ route: BatchRoute, headers: [(String, String)], body: [UInt8]) -> SimulatedAction {
        guard headers.contains(where: { $0.0.caseInsensitiveCompare("anthropic-version") == .orderedSame }) else {
            return anthropicError(400, "invalid_request_error", "anthropic-version: header is required")
        }
        switch route {
        case .anthropicCreateBatch: return createAnthropicBatch(headers: headers, body: body)
        case .anthropicListBatches:
            let listed = batches.order.reversed().compactMap { id -> JSONValue? in
                guard var batch = batches.batches[id], batch.endpoint == .anthropic else { return nil }
                settleAnthropic(&batch, headers: headers)
                return anthropicBatchObject(batch, headers: headers)
            }
            return anthropicJSON(["data": .array(listed), "has_more": false, "first_id": listed.first?["id"] ?? .null, "last_id": listed.last?["id"] ?? .null])
        case let .anthropicBatch(id):
            guard var batch = anthropicBatch(id) else { return anthropicNotFound(id) }
            settleAnthropic(&batch, headers: headers)
            return anthropicJSON(anthropicBatchObject(batch, headers: headers))
        case let .anthropicCancelBatch(id):
            guard var batch = anthropicBatch(id) else { return anthropicNotFound(id) }
            settleAnthropic(&batch, headers: headers)
            if batch.ended == nil {
                batch.cancelRequested = Date()
                batches.batches[id] = batch
            }
            return anthropicJSON(anthropicBatchObject(batch, headers: headers))
        case let .anthropicResults(id):
            guard var batch = anthropicBatch(id) else { return anthropicNotFound(id) }
            settleAnthropic(&batch, headers: headers)
            guard batch.ended != nil else {
                return anthropicError(400, "invalid_request_error", "Message Batch \(id) has not yet ended; its results are not available.")
            }
            var lines: [UInt8] = []
            for item in batch.items {
                let result: JSONValue
                switch item.outcome {
                case let .succeeded(message, _)?: result = ["type": "succeeded", "message": message]
                case let .errored(_, error, _)?: result = ["type": "errored", "error": error]
                case .expired?: result = ["type": "expired"]
                case .canceled?, nil: result = ["type": "canceled"]
                }
                lines += (["custom_id": .string(item.customID), "result": result] as JSONValue).compactBytes + [10]
            }
            let requestID = Identifiers.make("req_011C", 20, &random)
            var headers = AnthropicWire.headers(&random, window: window, configuration: configuration, requestID: requestID)
            headers[0] = ("content-type", "application/binary")
            return download(lines, batchID: id, headers: headers)
        default: return anthropicError(404, "not_found_error", "Not Found")
        }
    }

    func anthropicBatch(_ id: String) -> SimulatedBatch? {
        batches.batches[id].flatMap { $0.endpoint == .anthropic ? $0 : nil }
    }

    func anthropicJSON(_ value: JSONValue) -> SimulatedAction {
        let requestID = Identifiers.make("req_011C", 20, &random)
        return .respond(status: 200, headers: AnthropicWire.headers(&random, window: window, configuration: configuration, requestID: requestID), body: value.compactBytes)
    }

    func anthropicError(_ status: Int, _ type: String, _ message: String) -> SimulatedAction {
        AnthropicWire.error(status: status, type: type, message: message, ids: &random, window: window, configuration: configuration)
    }

    func anthropicNotFound(_ id: String) -> SimulatedAction {
        anthropicError(404, "not_found_error", "Message Batch \(id) not found.")
    }

    func createAnthropicBatch(headers: [(String, String)], body: [UInt8]) -> SimulatedAction {
        guard let json = try? JSONValue(parsing: body), case .object = json else {
            return anthropicError(400, "invalid_request_error", "There was an error parsing the body of your request. Please check the format and try again.")
        }
        guard let requests = json["requests"]?.arrayValue else { return anthropicError(400, "invalid_request_error", "requests: Field required") }
        guard (1...100_000).contains(requests.count) else {
            return anthropicError(400, "invalid_request_error", "requests: List should have at least 1 item and at most 100000 items, got \(requests.count)")
        }
        var items: [BatchItem] = []
        var seen = Set<String>()
        for (index, request) in requests.enumerated() {
            guard let customID = request["custom_id"]?.stringValue,
                  (1...64).contains(customID.count),
                  customID.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "_" || $0 == "-" })
            else {
                return anthropicError(400, "invalid_request_error", "requests.\(index).custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'")
            }
            guard seen.insert(customID).inserted else {
                return anthropicError(400, "invalid_request_error", "Duplicate custom_id '\(customID)': every request of a batch needs a unique custom_id.")
            }
            guard let params = request["params"], case .object = params else {
                return anthropicError(400, "invalid_request_error", "requests.\(index).params: Field required")
            }
            items.append(BatchItem(customID: customID, body: params.compactBytes))
        }
        let batch = newBatch(id: Identifiers.make("msgbatch_01", 22, &random), endpoint: .anthropic, items: items)
        batches.add(batch)
        return anthropicJSON(anthropicBatchObject(batch, headers: headers))
    }

    func settleAnthropic(_ batch: inout SimulatedBatch, headers: [(String, String)]) {
        settle(&batch, headers: headers)
        batches.batches[batch.id] = batch
    }

    /// The batch object, key for key as `GET /v1/messages/batches/{id}` returns it.
    func anthropicBatchObject(_ batch: SimulatedBatch, headers: [(String, String)]) -> JSONValue {
        func time(_ date: Date?) -> JSONValue { date.map { .string(HTTPDate.rfc3339($0)) } ?? .null }
        let status = batch.ended != nil ? "ended" : batch.cancelRequested != nil ? "canceling" : "in_progress"
        return [
            "id": .string(batch.id),
            "type": "message_batch",
            "processing_status": .string(status),
            "request_counts": [
                "processing": .int(batch.ended == nil ? batch.items.count : 0),
                "succeeded": .int(batch.count("succeeded")),
                "errored": .int(batch.count("errored")),
                "canceled": .int(batch.count("canceled")),
                "expired": .int(batch.count("expired")),
            ],
            "ended_at": time(batch.ended),
            "created_at": time(batch.created),
            "expires_at": time(batch.expires),
            "archived_at": nil,
            "cancel_initiated_at": time(batch.cancelRequested),
            "results_url": batch.ended != nil ? .string("\(hostURL(headers))/v1/messages/batches/\(batch.id)/results") : .null,
        ]
    }
}
