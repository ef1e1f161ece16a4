import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578), as OpenAI's `POST /v1/files` takes.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var contents: [UInt8]
    }

    var parts: [Part]

    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// Parses `body` with the boundary of `contentType`; nil when either is not multipart.
    init?(contentType: String, body: [UInt8]) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundaryParameter = contentType.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                  .first(where: { $0.lowercased().hasPrefix("boundary=") })
        else { return nil }
        let boundary = boundaryParameter.dropFirst("boundary=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard !boundary.isEmpty else { return nil }
        let delimiter = Array("--\(boundary)".utf8)
        guard var cursor = Self.find(delimiter, in: body, from: 0) else { return nil }
        var parts: [Part] = []
        let crlf: [UInt8] = [13, 10]
        while true {
            cursor += delimiter.count
            if body[cursor...].starts(with: [45, 45]) { break }  // "--": the closing delimiter
            guard body[cursor...].starts(with: crlf) else { return nil }
            cursor += 2
            guard let headerEnd = Self.find(crlf + crlf, in: body, from: cursor),
                  let next = Self.find(crlf + delimiter, in: body, from: headerEnd + 4)
            else { return nil }
            let head = String(decoding: body[cursor..<headerEnd], as: UTF8.self)
            guard let disposition = head.components(separatedBy: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                  let name = Self.parameter("name", in: disposition)
            else { return nil }
            parts.append(Part(name: name, filename: Self.parameter("filename", in: disposition), contents: Array(body[(headerEnd + 4)..<next])))
            cursor = next + 2
        }
        self.parts = parts
    }

    /// A quoted `key="value"` parameter of a header line.
    static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(key + "=") else { continue }
            return trimmed.dropFirst(key.count + 1).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// The first index at or after `start` where `needle` occurs in `haystack`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
