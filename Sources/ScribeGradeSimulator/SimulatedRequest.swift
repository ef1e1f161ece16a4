import Foundation
import ScribeGrade

/// Which wire format a request used.
public enum SimulatedEndpoint: String, Sendable, Hashable, Codable {
    case openAI = "openai"
    case anthropic
}

/// A request the simulator received, reduced to what it answers from.
struct SimulatedRequest {
    var endpoint: SimulatedEndpoint
    var model: String
    /// The prompt's token hashes, in order, as the simulator's tokenizer counts them.
    var tokens: [UInt64]
    /// Token positions just after each `cache_control` block (Anthropic).
    var breakpoints: [Int]
    /// `response_format.json_schema.name` (OpenAI) or the forced tool's name (Anthropic).
    var schemaName: String?
    /// All user-message text, to find the note and transcript blocks and, without the item
    /// header, the criterion ids.
    var userText: String
    var item: JudgeItem?
    /// Where the item came from: `header`, `prompt` or `none`.
    var itemSource: String
    var criteria: [String]
    /// The prompt's cacheable prefixes under its endpoint's caching rules.
    var prefixes = PromptCache.Prefixes()
    /// `temperature`, and `max_completion_tokens` / `max_tokens`, as sent.
    var temperature: Double?
    var maxTokens: Int?

    var batched: Bool { schemaName == "criteria_verdicts" || criteria.count > 1 }

    /// A request the real API would refuse: status, error type, message.
    struct Invalid: Error {
        var status: Int
        var type: String
        var message: String
        var param: String?
        var code: String?
    }

    static func text(of content: JSONValue?) -> [(text: String, cached: Bool)] {
        switch content {
        case let .string(text)?: return [(text, false)]
        case let .array(parts)?:
            return parts.compactMap { part in
                guard part["type"]?.stringValue == "text", let text = part["text"]?.stringValue else { return nil }
                return (text, part["cache_control"] != nil)
            }
        default: return []
        }
    }

    /// - Parameter rejectsLengthBounds: refuse a strict schema with `maxLength`, as OpenAI's API does.
    static func parse(
        endpoint: SimulatedEndpoint, headers: [(String, String)], body: [UInt8], rejectsLengthBounds: Bool = false
    ) throws -> SimulatedRequest {
        func header(_ name: String) -> String? { headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1 }
        guard let json = try? JSONValue(parsing: body), case .object = json else {
            switch endpoint {
            case .openAI:
                throw Invalid(status: 400, type: "invalid_request_error", message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)")
            case .anthropic:
                throw Invalid(status: 400, type: "invalid_request_error", message: "There was an error parsing the body of your request. Please check the format and try again.")
            }
        }
        var tokens: [UInt64] = []
        var breakpoints: [Int] = []
        var userText = ""
        var schemaName: String?
        let model: String
        switch endpoint {
        case .openAI:
            guard let name = json["model"]?.stringValue, !name.isEmpty else {
                throw Invalid(status: 400, type: "invalid_request_error", message: "you must provide a model parameter")
            }
            model = name
            guard let messages = json["messages"]?.arrayValue, !messages.isEmpty else {
                throw Invalid(status: 400, type: "invalid_request_error", message: "Missing required parameter: 'messages'.", param: "messages", code: "missing_required_parameter")
            }
            if let format = json["response_format"], format["type"]?.stringValue == "json_schema" {
                schemaName = format["json_schema"]?["name"]?.stringValue
                if rejectsLengthBounds, format["json_schema"]?["strict"] == .bool(true), let schema = format["json_schema"]?["schema"],
                   schema.compact.contains("\"maxLength\":") {
                    // OpenAI's strict mode supports no string length bounds.
                    throw Invalid(
                        status: 400, type: "invalid_request_error",
                        message: "Invalid schema for response_format '\(schemaName ?? "")': 'maxLength' is not permitted.",
                        param: "response_format", code: nil)
                }
                if let schema = format["json_schema"]?["schema"] { TokenCounter.tokens(schema.compact, into: &tokens) }
            }
            for message in messages {
                let role = message["role"]?.stringValue ?? "user"
                tokens.append(TokenCounter.marker("<|start|>"))
                tokens.append(TokenCounter.marker(role))
                for part in text(of: message["content"]) {
                    TokenCounter.tokens(part.text, into: &tokens)
                    if role == "user" { userText += part.text }
                }
                tokens.append(TokenCounter.marker("<|end|>"))
            }
            tokens.append(contentsOf: [TokenCounter.marker("<|start|>"), TokenCounter.marker("assistant"), TokenCounter.marker("<|message|>")])
        case .anthropic:
            guard header("anthropic-version") != nil else {
                throw Invalid(status: 400, type: "invalid_request_error", message: "anthropic-version: header is required")
            }
            guard let name = json["model"]?.stringValue, !name.isEmpty else {
                throw Invalid(status: 400, type: "invalid_request_error", message: "model: Field required")
            }
            model = name
            guard json["max_tokens"]?.intValue != nil else {
                throw Invalid(status: 400, type: "invalid_request_error", message: "max_tokens: Field required")
            }
            guard let messages = json["messages"]?.arrayValue, !messages.isEmpty else {
                throw Invalid(status: 400, type: "invalid_request_error", message: "messages: Field required")
            }
            for tool in json["tools"]?.arrayValue ?? [] {
                var copy = tool
                if case let .object(members) = tool { copy = .object(members.filter { $0.0 != "cache_control" }) }
                TokenCounter.tokens(copy.compact, into: &tokens)
                if tool["cache_control"] != nil { breakpoints.append(tokens.count) }
            }
            if let choice = json["tool_choice"], choice["type"]?.stringValue == "tool" { schemaName = choice["name"]?.stringValue }
            tokens.append(TokenCounter.marker("system"))
            for part in text(of: json["system"]) {
                TokenCounter.tokens(part.text, into: &tokens)
                if part.cached { breakpoints.append(tokens.count) }
            }
            for message in messages {
                let role = message["role"]?.stringValue ?? "user"
                tokens.append(TokenCounter.marker("\n\n" + role + ":"))
                for part in text(of: message["content"]) {
                    TokenCounter.tokens(part.text, into: &tokens)
                    if part.cached { breakpoints.append(tokens.count) }
                    if role == "user" { userText += part.text }
                }
            }
            tokens.append(TokenCounter.marker("\n\nassistant:"))
        }
        var item = header(JudgeItem.headerName).flatMap(JudgeItem.init(headerValue:))
        var source = item == nil ? "none" : "header"
        if item == nil {
            let ids = criterionIDs(in: userText)
            if !ids.isEmpty {
                item = JudgeItem(system: "", encounter: "", rubric: "", criteria: ids, sample: 0)
                source = "prompt"
            }
        }
        let prefixes = endpoint == .openAI
            ? PromptCache.openAIPrefixes(tokens, model: model)
            : PromptCache.anthropicPrefixes(tokens, breakpoints: breakpoints, model: model)
        return SimulatedRequest(
            endpoint: endpoint, model: model, tokens: tokens, breakpoints: breakpoints, schemaName: schemaName,
            userText: userText, item: item, itemSource: source, criteria: item?.criteria ?? [], prefixes: prefixes,
            temperature: number(json["temperature"]),
            maxTokens: (json["max_completion_tokens"] ?? json["max_tokens"])?.intValue)
    }

    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case let .double(number)?: return number
        case let .int(number)?: return Double(number)
        default: return nil
        }
    }

    /// Criterion ids written in a ScribeGrade prompt (`Criterion id: X`, `Statement id: X`, at
    /// the start of a line, possibly after `- ` or spaces).
    static func criterionIDs(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        var found: [(Int, String)] = []
        for marker in ["Criterion id: ", "Statement id: "] {
            let needle = Array(marker.utf8)
            var from = 0
            while let hit = ByteSearch.firstIndex(of: needle, in: bytes, from: from) {
                from = hit + needle.count
                var lineStart = hit
                while lineStart > 0, bytes[lineStart - 1] == 0x20 || bytes[lineStart - 1] == 0x2D { lineStart -= 1 }
                guard lineStart == 0 || bytes[lineStart - 1] == 0x0A else { continue }
                var end = from
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                let id = String(decoding: bytes[from..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if !id.isEmpty { found.append((hit, id)) }
            }
        }
        return found.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The text of the first `<NAME_TAG>…</NAME_TAG>` block of the user message, searched on
    /// UTF-8 bytes.
    func block(_ name: String) -> String? {
        var text = userText
        return text.withUTF8 { buffer -> String? in
            let bytes = Array(buffer)
            let opening = Array("<\(name)_".utf8)
            guard let open = ByteSearch.firstIndex(of: opening, in: bytes) else { return nil }
            let tagStart = open + opening.count
            guard let close = bytes[tagStart...].firstIndex(of: UInt8(ascii: ">")), close - tagStart < 40, close > tagStart else { return nil }
            let closing = Array("</\(name)_".utf8) + bytes[tagStart..<close] + [UInt8(ascii: ">")]
            guard let end = ByteSearch.firstIndex(of: closing, in: bytes, from: close + 1) else { return nil }
            var lower = close + 1
            var upper = end
            while lower < upper, bytes[lower] == 0x0A || bytes[lower] == 0x20 { lower += 1 }
            while upper > lower, bytes[upper - 1] == 0x0A || bytes[upper - 1] == 0x20 { upper -= 1 }
            return String(decoding: bytes[lower..<upper], as: UTF8.self)
        }
    }
}
