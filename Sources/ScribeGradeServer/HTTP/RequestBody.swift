import Foundation
import Hummingbird
import NIOCore

/// Reading request bodies within the service's size limit, with errors that name fields and
/// never quote what was sent.
extension Request {
    /// The body's bytes; 413 when longer than `limit` (told by `Content-Length` before reading).
    func bodyData(limit: Int) async throws -> Data {
        if let declared = headers[.contentLength].flatMap(Int.init), declared > limit {
            throw Problem.contentTooLarge(limit: limit)
        }
        do {
            let buffer = try await body.collect(upTo: limit)
            return Data(buffer: buffer)
        } catch is NIOTooManyBytesError {
            throw Problem.contentTooLarge(limit: limit)
        }
    }

    /// The body as UTF-8 text; 400 when it is not UTF-8.
    func bodyText(limit: Int) async throws -> String {
        let data = try await bodyData(limit: limit)
        guard let text = String(data: data, encoding: .utf8) else { throw Problem.badRequest("the body is not UTF-8 text") }
        return text
    }

    /// The body decoded from JSON; 400 for malformed JSON and 422 for JSON of the wrong shape,
    /// naming the field.
    func decodeJSON<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
        try requireMediaType(["application/json"])
        let data = try await bodyData(limit: limit)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            if case let .dataCorrupted(context) = error, context.codingPath.isEmpty {
                throw Problem.badRequest("the body is not valid JSON")
            }
            throw Problem.unprocessable(Self.describe(error))
        }
    }

    /// The media type of the body, lower-cased, without parameters.
    var mediaType: String? {
        headers[.contentType].map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }
    }

    /// 415 unless the body's media type is one of `accepted` (or a `+json` type when
    /// `application/json` is accepted). A body sent without a type is taken as the first.
    func requireMediaType(_ accepted: [String]) throws {
        guard let type = mediaType else { return }
        if accepted.contains(type) { return }
        if accepted.contains("application/json"), type.hasSuffix("+json") { return }
        throw Problem.unsupportedMediaType(accepted)
    }

    /// `field path: what was wrong`, with no value from the body.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let all = keys + (last.map { [$0] } ?? [])
            guard !all.isEmpty else { return "the body" }
            var text = ""
            for key in all {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : "." + key.stringValue }
            }
            return "field `\(text)`"
        }
        func name(_ type: Any.Type) -> String {
            let described = String(describing: type)
            if described.hasPrefix("String") { return "a string" }
            if described.hasPrefix("Int") || described.hasPrefix("UInt") { return "an integer" }
            if described.hasPrefix("Double") || described.hasPrefix("Float") { return "a number" }
            if described.hasPrefix("Bool") { return "true or false" }
            if described.hasPrefix("Array") { return "an array" }
            return "an object"
        }
        switch error {
        case let .typeMismatch(type, context): return "\(path(context.codingPath)) must be \(name(type))"
        case let .valueNotFound(type, context): return "\(path(context.codingPath)) must be \(name(type)), not null"
        case let .keyNotFound(key, context): return "\(path(context.codingPath, key)) is required"
        case let .dataCorrupted(context): return "\(path(context.codingPath)) has an invalid value"
        @unknown default: return "the body does not have the expected shape"
        }
    }
}
