import Foundation
import ScribeGrade

/// OpenAI's Files and Batch APIs as the simulator serves them: `POST /v1/files` (multipart,
/// purpose `batch`), `GET /v1/files/{id}` and `/content`, `POST /v1/batches`, `GET
/// /v1/batches[/{id}]`, `POST /v1/batches/{id}/cancel`. Each input line's `body` is answered as
/// `POST /v1/chat/completions` answers it; the output file holds
/// `{"id", "custom_id", "response": {"status_code", "request_id", "body"}, "error": null}` lines,
/// the error file errored lines and `batch_expired`/`batch_cancelled` ones.
extension SimulatorEngine {
    func openAIBatchAction(_ route: BatchRoute, headers: [(String, String)], body: [UInt8]) -> SimulatedAction {
        switch route {
        case .openAIUploadFile: return uploadFile(headers: headers, body: body)
        case let .openAIFile(id):
            guard let file = batches.files[id] else { return openAINotFound("No such File object: \(id)") }
            return openAIJSON(fileObject(file))
        case let .openAIFileContent(id):
            guard let file = batches.files[id] else { return openAINotFound("No such File object: \(id)") }
            var headers = OpenAIWire.headers(&random, window: window, configuration: configuration)
            headers[0] = ("content-type", "application/octet-stream")
            return download(file.contents, batchID: file.purpose == "batch_output" ? file.batchID : nil, headers: headers)
        case .openAICreateBatch: return createOpenAIBatch(headers: headers, body: body)
        case .openAIListBatches:
            let listed = batches.order.reversed().compactMap { id -> JSONValue? in
                guard var batch = batches.batches[id], batch.endpoint == .openAI else { return nil }
                settleOpenAI(&batch, headers: headers)
                return openAIBatchObject(batch)
            }
            return openAIJSON(["object": "list", "data": .array(listed), "first_id": listed.first?["id"] ?? .null, "last_id": listed.last?["id"] ?? .null, "has_more": false])
        case let .openAIBatch(id):
            guard var batch = batches.batches[id], batch.endpoint == .openAI else { return openAINotFound("No batch found with id '\(id)'.") }
            settleOpenAI(&batch, headers: headers)
            return openAIJSON(openAIBatchObject(batch))
        case let .openAICancelBatch(id):
            guard var batch = batches.batches[id], batch.endpoint == .openAI else { return openAINotFound("No batch found with id '\(id)'.") }
            settleOpenAI(&batch, headers: headers)
            if batch.ended == nil, batch.validationErrors.isEmpty {
                batch.cancelRequested = Date()
                batches.batches[id] = batch
                return openAIJSON(openAIBatchObject(batch))
            }
            return OpenAIWire.error(status: 409, type: "invalid_request_error", message: "Cannot cancel a batch with status '\(openAIStatus(batch))'.", param: nil, code: nil, ids: &random, window: window, configuration: configuration)
        default: return openAINotFound("Invalid URL")
        }
    }

    func openAIJSON(_ value: JSONValue) -> SimulatedAction {
        .respond(status: 200, headers: OpenAIWire.headers(&random, window: window, configuration: configuration), body: Array(value.pretty.utf8))
    }

    func openAINotFound(_ message: String) -> SimulatedAction {
        OpenAIWire.error(status: 404, type: "invalid_request_error", message: message, param: "id", code: nil, ids: &random, window: window, configuration: configuration)
    }

    func openAIBadRequest(_ message: String, param: String?) -> SimulatedAction {
        OpenAIWire.error(status: 400, type: "invalid_request_error", message: message, param: param, code: nil, ids: &random, window: window, configuration: configuration)
    }

    func uploadFile(headers: [(String, String)], body: [UInt8]) -> SimulatedAction {
        let contentType = headers.first { $0.0.caseInsensitiveCompare("content-type") == .orderedSame }?.1 ?? ""
        guard let form = MultipartForm(contentType: contentType, body: body) else {
            return openAIBadRequest("The request must be multipart/form-data with a 'file' and a 'purpose'.", param: nil)
        }
        guard let purpose = form.part("purpose").map({ String(decoding: $0.contents, as: UTF8.self) }) else {
            return openAIBadRequest("Missing required parameter: 'purpose'.", param: "purpose")
        }
        guard let upload = form.part("file") else { return openAIBadRequest("Missing required parameter: 'file'.", param: "file") }
        guard ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"].contains(purpose) else {
            return openAIBadRequest("'\(purpose)' is not one of ['fine-tune', 'assistants', 'batch', 'user_data', 'vision', 'evals'] - 'purpose'", param: "purpose")
        }
        let filename = upload.filename ?? "upload"
        if purpose == "batch", !filename.hasSuffix(".jsonl") {
            return openAIBadRequest("Invalid file format for Batch API. Must be .jsonl", param: nil)
        }
        let file = SimulatedFile(id: Identifiers.make("file-", 22, &random), filename: filename, purpose: purpose, created: Date(), contents: upload.contents)
        batches.files[file.id] = file
        return openAIJSON(fileObject(file))
    }

    func fileObject(_ file: SimulatedFile) -> JSONValue {
        [
            "object": "file", "id": .string(file.id), "purpose": .string(file.purpose), "filename": .string(file.filename),
            "bytes": .int(file.contents.count), "created_at": .int(Int(file.created.timeIntervalSince1970)),
            "expires_at": file.purpose == "batch" ? .int(Int(file.created.timeIntervalSince1970) + 30 * 86400) : .null,
            "status": "processed", "status_details": nil,
        ]
    }

    func createOpenAIBatch(headers: [(String, String)], body: [UInt8]) -> SimulatedAction {
        guard let json = try? JSONValue(parsing: body), case .object = json else {
            return openAIBadRequest("We could not parse the JSON body of your request.", param: nil)
        }
        guard let inputID = json["input_file_id"]?.stringValue else { return openAIBadRequest("Missing required parameter: 'input_file_id'.", param: "input_file_id") }
        guard let endpoint = json["endpoint"]?.stringValue else { return openAIBadRequest("Missing required parameter: 'endpoint'.", param: "endpoint") }
        guard endpoint == "/v1/chat/completions" else {
            return openAIBadRequest("Invalid value: '\(endpoint)'. The simulator batches only '/v1/chat/completions'.", param: "endpoint")
        }
        guard json["completion_window"]?.stringValue == "24h" else {
            return openAIBadRequest("Invalid value for 'completion_window': only '24h' is supported.", param: "completion_window")
        }
        guard let input = batches.files[inputID], input.purpose == "batch" else {
            return openAIBadRequest("Invalid 'input_file_id': '\(inputID)'. A file of purpose 'batch' must be uploaded first.", param: "input_file_id")
        }
        var items: [BatchItem] = []
        var problems: [JSONValue] = []
        var seen = Set<String>()
        for (index, raw) in input.contents.split(separator: 10, omittingEmptySubsequences: false).enumerated() where !raw.isEmpty {
            func problem(_ code: String, _ message: String, _ param: String?) {
                problems.append(["code": .string(code), "line": .int(index + 1), "message": .string(message), "param": param.map { .string($0) } ?? .null])
            }
            guard let line = try? JSONValue(parsing: raw), case .object = line else { problem("invalid_json_line", "This line is not parseable as valid JSON.", nil); continue }
            guard let customID = line["custom_id"]?.stringValue else { problem("missing_required_parameter", "Missing required parameter: 'custom_id'.", "custom_id"); continue }
            guard seen.insert(customID).inserted else { problem("duplicate_custom_id", "The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.", "custom_id"); continue }
            guard line["method"]?.stringValue == "POST" else { problem("invalid_method", "The method must be 'POST'.", "method"); continue }
            guard line["url"]?.stringValue == endpoint else { problem("mismatched_endpoint", "The provided URL for this request does not match the batch endpoint.", "url"); continue }
            guard let requestBody = line["body"], case .object = requestBody else { problem("missing_required_parameter", "Missing required parameter: 'body'.", "body"); continue }
            items.append(BatchItem(customID: customID, body: requestBody.compactBytes))
        }
        if items.isEmpty, problems.isEmpty { problems.append(["code": "empty_file", "line": nil, "message": "The input file is empty.", "param": nil]) }
        var batch = newBatch(id: Identifiers.hex("batch_", 32, &random), endpoint: .openAI, items: items)
        batch.inputFileID = inputID
        batch.metadata = json["metadata"] ?? .null
        batch.validationErrors = problems
        batches.add(batch)
        var created = openAIBatchObject(batch)
        created = created.replacing(["status"], with: "validating").replacing(["in_progress_at"], with: .null)
        return openAIJSON(created)
    }

    /// Settles an OpenAI batch and, when it has just ended, writes its output and error files.
    func settleOpenAI(_ batch: inout SimulatedBatch, headers: [(String, String)]) {
        let wasOpen = batch.ended == nil
        settle(&batch, headers: headers)
        if wasOpen, batch.ended != nil { writeOpenAIFiles(&batch) }
        batches.batches[batch.id] = batch
    }

    func writeOpenAIFiles(_ batch: inout SimulatedBatch) {
        var output: [UInt8] = []
        var errors: [UInt8] = []
        for item in batch.items {
            let id: JSONValue = .string(Identifiers.hex("batch_req_", 32, &random))
            let line: JSONValue
            switch item.outcome {
            case let .succeeded(body, requestID)?:
                line = ["id": id, "custom_id": .string(item.customID), "response": ["status_code": 200, "request_id": .string(requestID), "body": body], "error": nil]
            case let .errored(status, body, requestID)?:
                line = ["id": id, "custom_id": .string(item.customID), "response": ["status_code": .int(status), "request_id": .string(requestID), "body": body], "error": nil]
            case .expired?:
                line = ["id": id, "custom_id": .string(item.customID), "response": nil, "error": ["code": "batch_expired", "message": "This request could not be executed before the completion window expired."]]
            case .canceled?, nil:
                line = ["id": id, "custom_id": .string(item.customID), "response": nil, "error": ["code": "batch_cancelled", "message": "This request was not executed because the batch was cancelled."]]
            }
            if case .succeeded? = item.outcome { output += line.compactBytes + [10] } else { errors += line.compactBytes + [10] }
        }
        func write(_ contents: [UInt8], name: String) -> String? {
            guard !contents.isEmpty else { return nil }
            let file = SimulatedFile(id: Identifiers.make("file-", 22, &random), filename: "\(batch.id)_\(name).jsonl", purpose: "batch_output", created: batch.ended ?? Date(), contents: contents, batchID: batch.id)
            batches.files[file.id] = file
            return file.id
        }
        batch.outputFileID = write(output, name: "output")
        batch.errorFileID = write(errors, name: "error")
    }

    func openAIStatus(_ batch: SimulatedBatch) -> String {
        if !batch.validationErrors.isEmpty { return "failed" }
        guard batch.ended != nil else { return batch.cancelRequested != nil ? "cancelling" : "in_progress" }
        if batch.cancelRequested != nil { return "cancelled" }
        return batch.fault == .expired ? "expired" : "completed"
    }

    /// The batch object, key for key as `GET /v1/batches/{id}` returns it.
    func openAIBatchObject(_ batch: SimulatedBatch) -> JSONValue {
        func time(_ date: Date?) -> JSONValue { date.map { .int(Int($0.timeIntervalSince1970)) } ?? .null }
        let status = openAIStatus(batch)
        let failed = status == "failed"
        let ended = batch.ended
        var usage: (input: Int, cached: Int, output: Int) = (0, 0, 0)
        for item in batch.items {
            guard case let .succeeded(body, _)? = item.outcome, let tokens = body["usage"] else { continue }
            usage.input += tokens["prompt_tokens"]?.intValue ?? 0
            usage.cached += tokens["prompt_tokens_details"]?["cached_tokens"]?.intValue ?? 0
            usage.output += tokens["completion_tokens"]?.intValue ?? 0
        }
        let succeeded = batch.count("succeeded")
        let model = batch.items.lazy.compactMap { try? JSONValue(parsing: $0.body) }.first?["model"] ?? .null
        return [
            "id": .string(batch.id),
            "object": "batch",
            "endpoint": "/v1/chat/completions",
            "model": model,
            "errors": failed ? ["object": "list", "data": .array(batch.validationErrors)] : nil,
            "input_file_id": .string(batch.inputFileID),
            "completion_window": .string(batch.completionWindow),
            "status": .string(status),
            "output_file_id": batch.outputFileID.map { .string($0) } ?? .null,
            "error_file_id": batch.errorFileID.map { .string($0) } ?? .null,
            "created_at": time(batch.created),
            "in_progress_at": failed ? nil : time(batch.created),
            "expires_at": time(batch.expires),
            "finalizing_at": status == "completed" ? time(ended) : nil,
            "completed_at": status == "completed" ? time(ended) : nil,
            "failed_at": failed ? time(batch.created) : nil,
            "expired_at": status == "expired" ? time(ended) : nil,
            "cancelling_at": time(batch.cancelRequested),
            "cancelled_at": status == "cancelled" ? time(ended) : nil,
            "request_counts": [
                "total": .int(failed ? 0 : batch.items.count),
                "completed": .int(succeeded),
                "failed": .int(batch.ended == nil ? 0 : batch.items.count - succeeded),
            ],
            "usage": [
                "input_tokens": .int(usage.input),
                "output_tokens": .int(usage.output),
                "total_tokens": .int(usage.input + usage.output),
                "input_tokens_details": ["cached_tokens": .int(usage.cached)],
                "output_tokens_details": ["reasoning_tokens": 0],
            ],
            "metadata": batch.metadata,
        ]
    }
}
