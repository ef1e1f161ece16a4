import Foundation
import ScribeGrade

/// The JSONL request log: one line per request received, with ids, never prompt text.
///
/// Fields: `seq`, `time`, `endpoint` (`openai` | `anthropic` | null for unknown routes),
/// `path`, `model`, `note` (`system/encounter`), `system`, `encounter`, `rubric`, `criteria`,
/// `sample`, `temperature` (as sent, or null), `item_source` (`header`: the
/// `X-ScribeGrade-Item` header; `prompt`: criterion ids read from the prompt; `none`), `fault`
/// (the injected fault or null), `rate_limited` (a real 429 from `--rpm`/`--tpm`), `status`
/// (null when the connection hung or was dropped), `verdicts` ({criterion: verdict} as answered, before any injected fault), `prompt_tokens`,
/// `cached_tokens`, `cache_creation_tokens`, `output_tokens`, `latency_ms`; and for an item of
/// a provider batch (one line per item, written when the batch ends) `batch` (its id),
/// `custom_id`, `batch_result` (`succeeded` | `errored` | `expired` | `canceled`) and
/// `batch_fault` (the injected batch fault or null); these are null on other lines.
final class RequestLog: @unchecked Sendable {
    let handle: FileHandle

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw InputError("cannot create the request log", at: SourceLocation(file: path))
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw InputError("cannot open the request log for writing", at: SourceLocation(file: path))
        }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    /// Appends one line; the caller serialises calls.
    func write(_ line: JSONValue) {
        handle.write(Data((line.compact + "\n").utf8))
    }

    func close() {
        try? handle.synchronize()
        try? handle.close()
    }
}

/// One request as the log records it.
struct LogLine {
    var endpoint: SimulatedEndpoint?
    var status: Int?
    var path: String
    var model: String?
    var item: JudgeItem?
    var itemSource = "none"
    var criteria: [String] = []
    var temperature: Double?
    var verdicts: [(String, String)] = []
    var fault: Fault?
    var rateLimited = false
    var promptTokens = 0
    var cachedTokens = 0
    var cacheCreationTokens = 0
    var outputTokens = 0
    var latencyMs = 0
    var batch: String?
    var customID: String?
    var batchResult: String?
    var batchFault: BatchFault?

    func json(sequence: Int, time: Date) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
        let known = item.map { !$0.system.isEmpty || !$0.encounter.isEmpty } ?? false
        return [
            "seq": .int(sequence),
            "time": .string(HTTPDate.rfc3339(time)),
            "endpoint": optional(endpoint?.rawValue),
            "path": .string(path),
            "model": optional(model),
            "note": known ? .string(item!.noteID) : .null,
            "system": known ? .string(item!.system) : .null,
            "encounter": known ? .string(item!.encounter) : .null,
            "rubric": optional(item.flatMap { $0.rubric.isEmpty ? nil : $0.rubric }),
            "criteria": .array(criteria.map { .string($0) }),
            "sample": item.map { .int($0.sample) } ?? .null,
            "temperature": temperature.map { .double($0) } ?? .null,
            "item_source": .string(itemSource),
            "fault": optional(fault?.rawValue),
            "rate_limited": .bool(rateLimited),
            "status": status.map { .int($0) } ?? .null,
            "verdicts": .object(verdicts.map { ($0.0, .string($0.1)) }),
            "prompt_tokens": .int(promptTokens),
            "cached_tokens": .int(cachedTokens),
            "cache_creation_tokens": .int(cacheCreationTokens),
            "output_tokens": .int(outputTokens),
            "latency_ms": .int(latencyMs),
            "batch": optional(batch),
            "custom_id": optional(customID),
            "batch_result": optional(batchResult),
            "batch_fault": optional(batchFault?.rawValue),
        ]
    }
}
