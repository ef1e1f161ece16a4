import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body, as the web pages' forms post it.
struct FormBody: Sendable {
    var fields: [String: String]

    init(_ text: String) {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        self.fields = fields
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// The form of a request, within the service's body limit; 415 for another media type.
    static func read(_ request: Request, limit: Int) async throws -> FormBody {
        try request.requireMediaType(["application/x-www-form-urlencoded"])
        return FormBody(try await request.bodyText(limit: limit))
    }
}
