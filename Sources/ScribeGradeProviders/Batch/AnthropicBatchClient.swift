import Foundation
import ScribeGrade

/// Anthropic Message Batches over the messages client's bodies: creates the batch
/// (`POST /v1/messages/batches`, `{"requests": [{"custom_id", "params"}]}`), polls
/// `GET /v1/messages/batches/{id}` until `processing_status` is `ended`, and streams the JSONL
/// results (`results_url`, else `GET …/{id}/results`): a `succeeded` result's `message` goes
/// through `AnthropicMessagesClient.outcome(of:)`, an `errored` one's error body too;
/// `expired` and `canceled` mark items the batch never ran.
public struct AnthropicBatchClient: ProviderBatchClient {
    public var messages: AnthropicMessagesClient
    public var limits: BatchLimits
    public var polling: BatchPolling
    public var provider: Provider { .anthropic }

    public init(messages: AnthropicMessagesClient, limits: BatchLimits = .anthropic, polling: BatchPolling = BatchPolling()) {
        self.messages = messages
        self.limits = limits
        self.polling = polling
    }

    var exchange: BatchExchange {
        let messages = messages
        return BatchExchange(polling: polling) { messages.error(from: $0, requestID: $0.header("request-id")) }
    }

    func item(_ entry: BatchEntry) -> JSONValue {
        ["custom_id": .string(entry.customID), "params": messages.body(for: entry.call)]
    }

    /// The item's bytes and the comma that separates it from the next.
    public func encodedSize(of entry: BatchEntry) -> Int { item(entry).compactBytes.count + 1 }

    func request(_ url: String, method: String = "GET", body: [UInt8] = [], timeout: Double? = nil) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("anthropic-version", messages.version)]
        if let apiKey = messages.apiKey, !apiKey.isEmpty { headers.append(("x-api-key", apiKey.value)) }
        return HTTPRequest(url: url, method: method, headers: headers, body: body, timeout: timeout ?? polling.requestTimeout + Double(body.count) / 1_000_000)
    }

    func batchURL(_ id: String) -> String {
        messages.baseURL + "/v1/messages/batches/" + OpenAIBatchClient.pathComponent(id)
    }

    public func create(_ entries: [BatchEntry], transport: any HTTPTransport) async throws(BatchAPIError) -> String {
        let body: JSONValue = ["requests": .array(entries.map(item))]
        let response = try await exchange.send(
            request(messages.baseURL + "/v1/messages/batches", method: "POST", body: body.compactBytes),
            operation: "create", batchID: nil, transport: transport)
        guard let id = (try? JSONValue(parsing: response.body))?["id"]?.stringValue else {
            throw BatchAPIError(operation: "create", detail: "the response names no batch id")
        }
        return id
    }

    public func state(of id: String, transport: any HTTPTransport) async throws(BatchAPIError) -> BatchState {
        let response = try await exchange.send(request(batchURL(id)), operation: "poll", batchID: id, transport: transport)
        guard let json = try? JSONValue(parsing: response.body), let status = json["processing_status"]?.stringValue else {
            throw BatchAPIError(operation: "poll", batchID: id, detail: "the response is not a message batch")
        }
        // `results_url` is kept in `outputFileID`: where the results stream is.
        return BatchState(id: id, status: status, ended: status == "ended", outputFileID: json["results_url"]?.stringValue)
    }

    public func results(of state: BatchState, transport: any HTTPTransport) async throws(BatchAPIError) -> [String: BatchItemOutcome] {
        let url = state.outputFileID ?? batchURL(state.id) + "/results"
        let lines = try await exchange.jsonLines(request(url, timeout: 10 * polling.requestTimeout), operation: "results", batchID: state.id, transport: transport)
        var outcomes: [String: BatchItemOutcome] = [:]
        for line in lines {
            guard let customID = line["custom_id"]?.stringValue, let result = line["result"] else { continue }
            switch result["type"]?.stringValue {
            case "succeeded"?:
                let message = result["message"] ?? .null
                outcomes[customID] = .answered(messages.outcome(of: HTTPResponse(status: 200, headers: [], body: message.compactBytes)))
            case "errored"?:
                // The error body as the synchronous endpoint returns it; its status is not given,
                // so a server-side error type reads as retryable.
                let body = result["error"] ?? .null
                let type = body["error"]?["type"]?.stringValue
                let status = type == "invalid_request_error" ? 400 : 500
                outcomes[customID] = .answered(messages.outcome(of: HTTPResponse(status: status, headers: [], body: body.compactBytes)))
            case "expired"?: outcomes[customID] = .expired
            default: outcomes[customID] = .cancelled
            }
        }
        return outcomes
    }

    public func cancel(_ id: String, transport: any HTTPTransport) async throws(BatchAPIError) {
        _ = try await exchange.send(request(batchURL(id) + "/cancel", method: "POST"), operation: "cancel", batchID: id, transport: transport)
    }
}
