import Foundation
import ScribeGrade

/// A request to one of the providers' batch or file endpoints.
enum BatchRoute: Equatable {
    case openAIUploadFile
    case openAIFile(String)
    case openAIFileContent(String)
    case openAICreateBatch
    case openAIListBatches
    case openAIBatch(String)
    case openAICancelBatch(String)
    case anthropicCreateBatch
    case anthropicListBatches
    case anthropicBatch(String)
    case anthropicCancelBatch(String)
    case anthropicResults(String)

    /// The route for a method and path (without query), or nil when it is not a batch route.
    /// OpenAI's routes are also served without `/v1`, as `/chat/completions` is, for base URLs
    /// that leave it out.
    init?(method: String, path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.first == "files" || parts.first == "batches" { parts.insert("v1", at: 0) }
        switch (method, parts.count, parts) {
        case ("POST", 2, ["v1", "files"]): self = .openAIUploadFile
        case ("GET", 3, _) where parts.starts(with: ["v1", "files"]): self = .openAIFile(parts[2])
        case ("GET", 4, _) where parts.starts(with: ["v1", "files"]) && parts[3] == "content": self = .openAIFileContent(parts[2])
        case ("POST", 2, ["v1", "batches"]): self = .openAICreateBatch
        case ("GET", 2, ["v1", "batches"]): self = .openAIListBatches
        case ("GET", 3, _) where parts.starts(with: ["v1", "batches"]): self = .openAIBatch(parts[2])
        case ("POST", 4, _) where parts.starts(with: ["v1", "batches"]) && parts[3] == "cancel": self = .openAICancelBatch(parts[2])
        case ("POST", 3, ["v1", "messages", "batches"]): self = .anthropicCreateBatch
        case ("GET", 3, ["v1", "messages", "batches"]): self = .anthropicListBatches
        case ("GET", 4, _) where parts.starts(with: ["v1", "messages", "batches"]): self = .anthropicBatch(parts[3])
        case ("POST", 5, _) where parts.starts(with: ["v1", "messages", "batches"]) && parts[4] == "cancel": self = .anthropicCancelBatch(parts[3])
        case ("GET", 5, _) where parts.starts(with: ["v1", "messages", "batches"]) && parts[4] == "results": self = .anthropicResults(parts[3])
        default: return nil
        }
    }

    var endpoint: SimulatedEndpoint {
        switch self {
        case .openAIUploadFile, .openAIFile, .openAIFileContent, .openAICreateBatch, .openAIListBatches, .openAIBatch, .openAICancelBatch: .openAI
        case .anthropicCreateBatch, .anthropicListBatches, .anthropicBatch, .anthropicCancelBatch, .anthropicResults: .anthropic
        }
    }
}

extension SimulatorEngine {
    /// Answers a batch or file request and logs it. Call under the lock.
    func handleBatch(_ route: BatchRoute, path: String, headers: [(String, String)], body: [UInt8], started: Date) -> SimulatedReply {
        let action = route.endpoint == .openAI
            ? openAIBatchAction(route, headers: headers, body: body)
            : anthropicBatchAction(route, headers: headers, body: body)
        var line = LogLine(endpoint: route.endpoint, status: nil, path: path)
        switch action {
        case let .respond(status, _, _), let .truncate(status, _, _): line.status = status
        case .hang, .drop: break
        }
        if case .truncate = action { line.batchFault = .truncated }
        record(line, started: started)
        return SimulatedReply(action: action, delay: 0)
    }

    /// The body of a results download: cut off mid-line the first time when the batch drew
    /// fault `truncated`, whole otherwise. Call under the lock.
    func download(_ bytes: [UInt8], batchID: String?, status: Int = 200, headers: [(String, String)]) -> SimulatedAction {
        if let batchID, batches.batches[batchID]?.truncateNextDownload == true, bytes.count > 3 {
            batches.batches[batchID]?.truncateNextDownload = false
            // The server sends the first half of what it promises; should that half end a line,
            // promise two bytes less so the cut falls inside one.
            let promised = bytes[bytes.count / 2 - 1] == 10 ? Array(bytes.dropLast(2)) : bytes
            return .truncate(status: status, headers: headers, body: promised)
        }
        return .respond(status: status, headers: headers, body: bytes)
    }

    /// The `Host` header, for URLs the simulator hands out (Anthropic's `results_url`).
    func hostURL(_ headers: [(String, String)]) -> String {
        let host = headers.first { $0.0.caseInsensitiveCompare("host") == .orderedSame }?.1 ?? "\(configuration.host):\(configuration.port)"
        return "http://\(host)"
    }
}
