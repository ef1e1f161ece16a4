import Foundation
import ScribeGrade

/// OpenAI's Batch API over the chat client's bodies: uploads the JSONL input
/// (`POST /files`, multipart, `purpose=batch`; one line
/// `{"custom_id", "method": "POST", "url": "/v1/chat/completions", "body"}` per request),
/// creates the batch (`POST /batches`, `completion_window: 24h`), polls `GET /batches/{id}`,
/// and reads the output and error files (`GET /files/{id}/content`): each line's
/// `response.body` goes through `OpenAIChatClient.outcome(of:)`; `error.code`
/// `batch_expired` / `batch_cancelled` mark items the batch never ran.
public struct OpenAIBatchClient: ProviderBatchClient {
    public var chat: OpenAIChatClient
    public var limits: BatchLimits
    public var polling: BatchPolling
    public var provider: Provider { .openAI }

    public init(chat: OpenAIChatClient, limits: BatchLimits = .openAI, polling: BatchPolling = BatchPolling()) {
        self.chat = chat
        self.limits = limits
        self.polling = polling
    }

    static let endpoint = "/v1/chat/completions"

    var exchange: BatchExchange {
        let chat = chat
        return BatchExchange(polling: polling) { chat.error(from: $0, requestID: $0.header("x-request-id")) }
    }

    /// One input line, newline included.
    func line(_ entry: BatchEntry) -> [UInt8] {
        let line: JSONValue = [
            "custom_id": .string(entry.customID), "method": "POST", "url": .string(Self.endpoint),
            "body": chat.body(for: entry.call),
        ]
        return line.compactBytes + [10]
    }

    public func encodedSize(of entry: BatchEntry) -> Int { line(entry).count }

    func request(_ path: String, method: String = "GET", contentType: String? = "application/json", body: [UInt8] = [], timeout: Double? = nil) -> HTTPRequest {
        var headers: [(name: String, value: String)] = []
        if let contentType { headers.append(("Content-Type", contentType)) }
        if let apiKey = chat.apiKey, !apiKey.isEmpty {
            headers.append(chat.isAzure ? ("api-key", apiKey.value) : ("Authorization", "Bearer \(apiKey.value)"))
        }
        var url = chat.baseURL + path
        if let apiVersion = chat.apiVersion { url += "?api-version=" + (apiVersion.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? apiVersion) }
        return HTTPRequest(url: url, method: method, headers: headers, body: body, timeout: timeout ?? polling.requestTimeout + Double(body.count) / 1_000_000)
    }

    public func create(_ entries: [BatchEntry], transport: any HTTPTransport) async throws(BatchAPIError) -> String {
        let boundary = "scribegrade-" + UUID().uuidString
        var form: [UInt8] = []
        form += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n".utf8)
        form += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scribegrade-batch.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n".utf8)
        for entry in entries { form += line(entry) }
        form += Array("\r\n--\(boundary)--\r\n".utf8)
        let uploaded = try await exchange.send(
            request("/files", method: "POST", contentType: "multipart/form-data; boundary=\(boundary)", body: form),
            operation: "upload", batchID: nil, transport: transport)
        guard let fileID = (try? JSONValue(parsing: uploaded.body))?["id"]?.stringValue else {
            throw BatchAPIError(operation: "upload", detail: "the response names no file id")
        }
        let body: JSONValue = ["input_file_id": .string(fileID), "endpoint": .string(Self.endpoint), "completion_window": "24h"]
        let created = try await exchange.send(
            request("/batches", method: "POST", body: body.compactBytes), operation: "create", batchID: nil, transport: transport)
        guard let id = (try? JSONValue(parsing: created.body))?["id"]?.stringValue else {
            throw BatchAPIError(operation: "create", detail: "the response names no batch id")
        }
        return id
    }

    public func state(of id: String, transport: any HTTPTransport) async throws(BatchAPIError) -> BatchState {
        let response = try await exchange.send(request("/batches/\(Self.pathComponent(id))"), operation: "poll", batchID: id, transport: transport)
        guard let json = try? JSONValue(parsing: response.body), let status = json["status"]?.stringValue else {
            throw BatchAPIError(operation: "poll", batchID: id, detail: "the response is not a batch")
        }
        return BatchState(
            id: id, status: status, ended: ["completed", "expired", "cancelled", "failed"].contains(status),
            outputFileID: json["output_file_id"]?.stringValue, errorFileID: json["error_file_id"]?.stringValue)
    }

    public func results(of state: BatchState, transport: any HTTPTransport) async throws(BatchAPIError) -> [String: BatchItemOutcome] {
        var outcomes: [String: BatchItemOutcome] = [:]
        for file in [state.outputFileID, state.errorFileID].compactMap({ $0 }) {
            let lines = try await exchange.jsonLines(
                request("/files/\(Self.pathComponent(file))/content", contentType: nil, timeout: 10 * polling.requestTimeout), operation: "results", batchID: state.id, transport: transport)
            for line in lines {
                guard let customID = line["custom_id"]?.stringValue else { continue }
                if let response = line["response"], let status = response["status_code"]?.intValue, let body = response["body"] {
                    var headers: [(name: String, value: String)] = []
                    if let requestID = response["request_id"]?.stringValue { headers.append(("x-request-id", requestID)) }
                    outcomes[customID] = .answered(chat.outcome(of: HTTPResponse(status: status, headers: headers, body: body.compactBytes)))
                } else {
                    switch line["error"]?["code"]?.stringValue {
                    case "batch_expired"?: outcomes[customID] = .expired
                    case "batch_cancelled"?: outcomes[customID] = .cancelled
                    default:
                        let message = line["error"]?["message"]?.stringValue
                        outcomes[customID] = .answered(.error(ProviderError(
                            status: 0, type: "batch_item_error", code: line["error"]?["code"]?.stringValue,
                            message: ErrorReading.safeMessage(message, secret: chat.apiKey?.value), retryable: true)))
                    }
                }
            }
        }
        return outcomes
    }

    public func cancel(_ id: String, transport: any HTTPTransport) async throws(BatchAPIError) {
        _ = try await exchange.send(request("/batches/\(Self.pathComponent(id))/cancel", method: "POST"), operation: "cancel", batchID: id, transport: transport)
    }

    static func pathComponent(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? id
    }
}
