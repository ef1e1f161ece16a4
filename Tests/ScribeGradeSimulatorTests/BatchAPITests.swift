import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import ScribeGrade
@testable import ScribeGradeSimulator

/// The simulator's OpenAI Batch and Anthropic Message Batches APIs over real HTTP: batched
/// requests answered as the synchronous endpoints answer them, lifecycle, faults, request log.
@Suite(.serialized) struct BatchAPITests {
    typealias Reply = SimulatorTests.Reply

    static func send(_ method: String, _ url: String, _ body: [UInt8] = [], contentType: String = "application/json") async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.setValue("2023-06-01", forHTTPHeaderField: "anthropic-version")
        if method == "POST" {
            request.httpBody = Data(body)
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await SimulatorTests.session.data(for: request)
        let http = response as! HTTPURLResponse
        var lowered: [String: String] = [:]
        for (key, value) in http.allHeaderFields { lowered[(key as! String).lowercased()] = "\(value)" }
        return Reply(status: http.statusCode, headers: lowered, body: String(decoding: data, as: UTF8.self))
    }

    static func json(_ method: String, _ url: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        let reply = try await send(method, url, body?.compactBytes ?? [])
        return try #require(reply.json, "\(method) \(url) answered \(reply.status)")
    }

    /// Polls `url` until `done` or 10 s pass; returns the last answer.
    static func poll(_ url: String, until done: (JSONValue) -> Bool) async throws -> JSONValue {
        let deadline = Date().addingTimeInterval(10)
        while true {
            let value = try await json("GET", url)
            if done(value) || Date() > deadline { return value }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static func configuration(seed: UInt64 = 1, delay: Double = 0.05, faults: BatchFaultRates = .none, log: String? = nil) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(seed: seed, requestLog: log)
        configuration.batchDelay = delay
        configuration.batchFaults = faults
        return configuration
    }

    static func lines(_ text: String) throws -> [JSONValue] {
        try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
    }

    // MARK: OpenAI

    static func chatBody(_ index: Int) -> String {
        SimulatorTests.openAIBody(user: SimulatorTests.longText + "\nCriterion id: c\(index)")
    }

    /// Uploads one line per body as `requests.jsonl` and creates a batch over it; returns its id.
    static func createOpenAIBatch(_ server: SimulatorServer, bodies: [String]) async throws -> String {
        let jsonl = bodies.enumerated().map { #"{"custom_id":"r\#($0.offset)","method":"POST","url":"/v1/chat/completions","body":\#($0.element)}"# }.joined(separator: "\n") + "\n"
        let boundary = "simulator-test-boundary"
        let form = "--\(boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"requests.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n\(jsonl)\r\n--\(boundary)--\r\n"
        let upload = try #require(try await send("POST", server.baseURL + "/v1/files", Array(form.utf8), contentType: "multipart/form-data; boundary=\(boundary)").json)
        #expect(upload["purpose"]?.stringValue == "batch")
        #expect(upload["bytes"]?.intValue == jsonl.utf8.count)
        let fileID = try #require(upload["id"]?.stringValue)
        let batch = try await json("POST", server.baseURL + "/v1/batches", ["input_file_id": .string(fileID), "endpoint": "/v1/chat/completions", "completion_window": "24h"])
        #expect(batch["status"]?.stringValue == "validating")
        return try #require(batch["id"]?.stringValue)
    }

    static func endedOpenAIBatch(_ server: SimulatorServer, _ id: String) async throws -> JSONValue {
        try await poll(server.baseURL + "/v1/batches/\(id)") { ["completed", "expired", "cancelled", "failed"].contains($0["status"]?.stringValue ?? "") }
    }

    @Test func openAIBatchAnswersEachLineAsTheSynchronousEndpointDoesAndLogsEachItemOnce() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let bodies = (0..<3).map(Self.chatBody)
        var output: [String: JSONValue] = [:]
        var batchID = ""
        try await SimulatorTests.withServer(Self.configuration(seed: 9, log: log)) { server in
            batchID = try await Self.createOpenAIBatch(server, bodies: bodies)
            let ended = try await Self.endedOpenAIBatch(server, batchID)
            #expect(ended["status"]?.stringValue == "completed")
            #expect(ended["request_counts"] == ["total": 3, "completed": 3, "failed": 0])
            #expect(ended["error_file_id"] == .null)
            let fileID = try #require(ended["output_file_id"]?.stringValue)
            let content = try await Self.send("GET", server.baseURL + "/v1/files/\(fileID)/content")
            for line in try Self.lines(content.body) { output[line["custom_id"]?.stringValue ?? ""] = line }
            _ = try await Self.json("GET", server.baseURL + "/v1/batches/\(batchID)")
        }
        #expect(output.keys.sorted() == ["r0", "r1", "r2"])
        let items = try Self.lines(String(contentsOfFile: log, encoding: .utf8)).filter { $0["batch"]?.stringValue == batchID }
        #expect(items.compactMap { $0["custom_id"]?.stringValue }.sorted() == ["r0", "r1", "r2"], "one log line per item, polls notwithstanding")
        #expect(items.allSatisfy { $0["batch_result"]?.stringValue == "succeeded" && $0["criteria"]?.arrayValue?.count == 1 })

        var cachedSomewhere = false
        try await SimulatorTests.withServer(Self.configuration(seed: 9)) { server in
            for (index, body) in bodies.enumerated() {
                let sync = try #require(try await SimulatorTests.post(server.baseURL + "/v1/chat/completions", body).json)
                let batched = try #require(output["r\(index)"]?["response"]?["body"])
                #expect(batched["choices"] == sync["choices"], "r\(index): same answer")
                #expect(batched["usage"] == sync["usage"], "r\(index): same usage")
                cachedSomewhere = cachedSomewhere || (sync["usage"]?["prompt_tokens_details"]?["cached_tokens"]?.intValue ?? 0) > 0
            }
        }
        #expect(cachedSomewhere, "the shared prefix is cached as it is synchronously")
    }

    @Test func openAIBatchCancelEndsWithBatchCancelledLines() async throws {
        try await SimulatorTests.withServer(Self.configuration(delay: 60)) { server in
            let id = try await Self.createOpenAIBatch(server, bodies: [Self.chatBody(0), Self.chatBody(1)])
            #expect(try await Self.json("GET", server.baseURL + "/v1/batches/\(id)")["status"]?.stringValue == "in_progress")
            #expect(try await Self.json("POST", server.baseURL + "/v1/batches/\(id)/cancel")["status"]?.stringValue == "cancelling")
            let ended = try await Self.endedOpenAIBatch(server, id)
            #expect(ended["status"]?.stringValue == "cancelled")
            #expect(ended["output_file_id"] == .null)
            let errors = try await Self.send("GET", server.baseURL + "/v1/files/\(ended["error_file_id"]?.stringValue ?? "")/content")
            #expect(try Self.lines(errors.body).map { $0["error"]?["code"]?.stringValue } == ["batch_cancelled", "batch_cancelled"])
            #expect(try await Self.send("POST", server.baseURL + "/v1/batches/\(id)/cancel").status == 409)
            #expect(try await Self.send("GET", server.baseURL + "/v1/batches/batch_missing").status == 404)
        }
    }

    @Test func openAIBatchWithABadLineFailsValidationNamingTheLine() async throws {
        try await SimulatorTests.withServer(Self.configuration()) { server in
            let id = try await Self.createOpenAIBatch(server, bodies: [Self.chatBody(0), "[1]"])
            let ended = try await Self.endedOpenAIBatch(server, id)
            #expect(ended["status"]?.stringValue == "failed")
            #expect(ended["errors"]?["data"]?.arrayValue?.first?["line"]?.intValue == 2)
            #expect(ended["errors"]?["data"]?.arrayValue?.first?["code"]?.stringValue == "missing_required_parameter")
        }
    }

    @Test func openAIExpiredBatchAndTruncatedOutputFile() async throws {
        try await SimulatorTests.withServer(Self.configuration(faults: BatchFaultRates([.expired: 1]))) { server in
            let ended = try await Self.endedOpenAIBatch(server, try await Self.createOpenAIBatch(server, bodies: [Self.chatBody(0)]))
            #expect(ended["status"]?.stringValue == "expired")
            let errors = try await Self.send("GET", server.baseURL + "/v1/files/\(ended["error_file_id"]?.stringValue ?? "")/content")
            #expect(try Self.lines(errors.body).first?["error"]?["code"]?.stringValue == "batch_expired")
        }
        try await SimulatorTests.withServer(Self.configuration(faults: BatchFaultRates([.truncated: 1]))) { server in
            let ended = try await Self.endedOpenAIBatch(server, try await Self.createOpenAIBatch(server, bodies: [Self.chatBody(0), Self.chatBody(1)]))
            let url = server.baseURL + "/v1/files/\(ended["output_file_id"]?.stringValue ?? "")/content"
            await #expect(throws: (any Error).self, "the first download is cut off") { _ = try await Self.send("GET", url) }
            #expect(try Self.lines(try await Self.send("GET", url).body).count == 2, "the second is whole")
        }
    }

    // MARK: Anthropic

    static func anthropicRequests(_ count: Int) -> JSONValue {
        .array((0..<count).map { index in
            ["custom_id": .string("r\(index)"), "params": (try? JSONValue(parsing: SimulatorTests.anthropicBody(shared: SimulatorTests.longText, question: "Criterion id: c\(index)"))) ?? .null]
        })
    }

    static func endedAnthropicBatch(_ server: SimulatorServer, requests: JSONValue) async throws -> JSONValue {
        let created = try await json("POST", server.baseURL + "/v1/messages/batches", ["requests": requests])
        #expect(created["processing_status"]?.stringValue == "in_progress")
        #expect(created["results_url"] == .null)
        let id = try #require(created["id"]?.stringValue)
        return try await poll(server.baseURL + "/v1/messages/batches/\(id)") { $0["processing_status"]?.stringValue == "ended" }
    }

    @Test func anthropicBatchAnswersEachRequestAsTheSynchronousEndpointDoesAtTheBatchTier() async throws {
        let requests = Self.anthropicRequests(3)
        var results: [String: JSONValue] = [:]
        try await SimulatorTests.withServer(Self.configuration(seed: 4)) { server in
            let ended = try await Self.endedAnthropicBatch(server, requests: requests)
            #expect(ended["request_counts"] == ["processing": 0, "succeeded": 3, "errored": 0, "canceled": 0, "expired": 0])
            let url = try #require(ended["results_url"]?.stringValue)
            #expect(url.hasPrefix(server.baseURL + "/v1/messages/batches/msgbatch_01"))
            for line in try Self.lines(try await Self.send("GET", url).body) { results[line["custom_id"]?.stringValue ?? ""] = line["result"] }
        }
        #expect(results.keys.sorted() == ["r0", "r1", "r2"])
        try await SimulatorTests.withServer(Self.configuration(seed: 4)) { server in
            for (index, request) in (requests.arrayValue ?? []).enumerated() {
                let sync = try #require(try await SimulatorTests.post(server.baseURL + "/v1/messages", request["params"]?.compact ?? "", headers: ["anthropic-version": "2023-06-01"]).json)
                let batched = try #require(results["r\(index)"])
                #expect(batched["type"]?.stringValue == "succeeded")
                #expect(batched["message"]?["content"]?.arrayValue?.first?["input"] == sync["content"]?.arrayValue?.first?["input"], "r\(index): same verdict")
                #expect(batched["message"]?["usage"]?["service_tier"]?.stringValue == "batch")
                #expect(batched["message"]?["usage"]?.replacing(["service_tier"], with: "standard") == sync["usage"], "r\(index): same usage")
            }
        }
        #expect((results["r1"]?["message"]?["usage"]?["cache_read_input_tokens"]?.intValue ?? 0) > 0, "prompt caching applies in the batch")
    }

    @Test func anthropicItemErrorsAreDeterministicPerSeedAndTheRestSucceed() async throws {
        func erroredIDs() async throws -> [String] {
            var errored: [String] = []
            try await SimulatorTests.withServer(Self.configuration(seed: 3, faults: BatchFaultRates([.errored: 0.5]))) { server in
                let ended = try await Self.endedAnthropicBatch(server, requests: Self.anthropicRequests(10))
                let counts = ended["request_counts"]
                #expect((counts?["succeeded"]?.intValue ?? 0) + (counts?["errored"]?.intValue ?? 0) == 10)
                let results = try Self.lines(try await Self.send("GET", ended["results_url"]?.stringValue ?? "").body)
                errored = results.filter { $0["result"]?["type"]?.stringValue == "errored" }.compactMap { $0["custom_id"]?.stringValue }
                #expect(errored.count == counts?["errored"]?.intValue)
                #expect(results.first { $0["result"]?["type"]?.stringValue == "errored" }?["result"]?["error"]?["error"]?["type"]?.stringValue == "api_error")
            }
            return errored
        }
        let first = try await erroredIDs()
        #expect(!first.isEmpty && first.count < 10, "some items errored, not all: \(first)")
        #expect(try await erroredIDs() == first, "the same seed errors the same items")
    }

    @Test func anthropicCancelledExpiredAndCutOffResults() async throws {
        try await SimulatorTests.withServer(Self.configuration(delay: 60)) { server in
            let created = try await Self.json("POST", server.baseURL + "/v1/messages/batches", ["requests": Self.anthropicRequests(2)])
            let id = try #require(created["id"]?.stringValue)
            #expect(try await Self.send("GET", server.baseURL + "/v1/messages/batches/\(id)/results").status == 400)
            #expect(try await Self.json("POST", server.baseURL + "/v1/messages/batches/\(id)/cancel")["processing_status"]?.stringValue == "canceling")
            let ended = try await Self.poll(server.baseURL + "/v1/messages/batches/\(id)") { $0["processing_status"]?.stringValue == "ended" }
            #expect(ended["request_counts"]?["canceled"]?.intValue == 2)
        }
        for (fault, count) in [(BatchFault.expired, "expired"), (.cancelled, "canceled")] {
            try await SimulatorTests.withServer(Self.configuration(faults: BatchFaultRates([fault: 1]))) { server in
                let ended = try await Self.endedAnthropicBatch(server, requests: Self.anthropicRequests(2))
                #expect(ended["request_counts"]?[count]?.intValue == 2, "\(fault)")
                let results = try Self.lines(try await Self.send("GET", ended["results_url"]?.stringValue ?? "").body)
                #expect(results.allSatisfy { $0["result"] == ["type": .string(count)] })
            }
        }
        try await SimulatorTests.withServer(Self.configuration(faults: BatchFaultRates([.truncated: 1]))) { server in
            let ended = try await Self.endedAnthropicBatch(server, requests: Self.anthropicRequests(2))
            let url = ended["results_url"]?.stringValue ?? ""
            await #expect(throws: (any Error).self, "the first download is cut off") { _ = try await Self.send("GET", url) }
            #expect(try Self.lines(try await Self.send("GET", url).body).count == 2)
        }
    }

    @Test func equalAnthropicRequestsReportEqualOutputTokens() async throws {
        try await SimulatorTests.withServer { server in
            var counts = Set<Int>()
            for _ in 0..<6 {
                let reply = try await SimulatorTests.post(server.baseURL + "/v1/messages", SimulatorTests.anthropicBody(shared: "x", question: "Criterion id: c1"), headers: ["anthropic-version": "2023-06-01"])
                counts.insert(try #require(reply.json?["usage"]?["output_tokens"]?.intValue))
            }
            #expect(counts.count == 1, "the random tool_use id must not change the count: \(counts)")
        }
    }

    // MARK: Parsing

    @Test func batchFaultRatesParseAndRefuseNamingTheOption() throws {
        let rates = try BatchFaultRates(parsing: "expired=0.25, errored=0.5")
        #expect(rates.rates == [.expired: 0.25, .errored: 0.5])
        #expect(rates.batchFault(for: 0.2) == .expired && rates.batchFault(for: 0.3) == nil)
        for bad in ["expired", "late=0.1", "errored=2", "expired=0.6,cancelled=0.6"] {
            #expect(throws: InputError.self, "\(bad)") { try BatchFaultRates(parsing: bad) }
        }
        #expect(BatchRoute(method: "GET", path: "/v1/messages/batches/msgbatch_1/results") == .anthropicResults("msgbatch_1"))
        #expect(BatchRoute(method: "DELETE", path: "/v1/batches/b") == nil)
        #expect(BatchRoute(method: "POST", path: "/batches/b/cancel") == .openAICancelBatch("b"), "served without /v1 as /chat/completions is")
        #expect(BatchRoute(method: "GET", path: "/files/f/content") == .openAIFileContent("f"))
    }

    @Test func anthropicBatchEndpointsRequireTheVersionHeader() async throws {
        try await SimulatorTests.withServer { server in
            let reply = try await SimulatorTests.post(server.baseURL + "/v1/messages/batches", (["requests": Self.anthropicRequests(1)] as JSONValue).compact)
            #expect(reply.status == 400)
            #expect(reply.json?["error"]?["message"]?.stringValue == "anthropic-version: header is required")
        }
    }

    @Test func multipartFormReadsPartsAndRejectsBrokenBodies() {
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\nx\r\ny\r\n--b--\r\n".utf8)
        let form = MultipartForm(contentType: "multipart/form-data; boundary=b", body: body)
        #expect(form?.part("purpose")?.contents == Array("batch".utf8))
        #expect(form?.part("file")?.filename == "a.jsonl")
        #expect(form?.part("file")?.contents == Array("x\r\ny".utf8))
        for cut in 0..<body.count {
            let form = MultipartForm(contentType: "multipart/form-data; boundary=b", body: Array(body.prefix(cut)))
            #expect(form == nil || form?.part("file") == nil || cut > body.count - 8, "a body cut at \(cut) is not read as whole")
        }
        #expect(MultipartForm(contentType: "multipart/form-data; boundary=b", body: Array(body.prefix(body.count / 2))) == nil)
        #expect(MultipartForm(contentType: "application/json", body: body) == nil)
    }
}
