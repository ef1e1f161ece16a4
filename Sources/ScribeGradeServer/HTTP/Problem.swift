import Foundation
import HTTPTypes
import Hummingbird
import ScribeGrade

/// An error answered as an RFC 9457 problem object (`application/problem+json`):
/// `{"type", "title", "status", "detail", "instance"}`, plus `diagnostics` for input that did
/// not validate. Details name fields, lines and ids, never note or transcript text, and no
/// problem carries a stack trace.
public struct Problem: Error, Sendable {
    public var status: HTTPResponse.Status
    public var detail: String?
    /// For bad input: every problem found, as `scribegrade validate` would print them.
    public var diagnostics: [Diagnostic]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ detail: String? = nil, diagnostics: [Diagnostic] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.detail = detail
        self.diagnostics = diagnostics
        self.headers = headers
    }

    public var title: String { status.reasonPhrase }

    static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, detail) }

    static func unauthorized(_ detail: String, invalidToken: Bool = false) -> Problem {
        var headers: HTTPFields = [:]
        headers[.wwwAuthenticate] = invalidToken ? "Bearer realm=\"scribegrade\", error=\"invalid_token\"" : "Bearer realm=\"scribegrade\""
        return Problem(.unauthorized, detail, headers: headers)
    }

    static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, detail) }
    static func notFound(_ detail: String) -> Problem { Problem(.notFound, detail) }
    static func conflict(_ detail: String) -> Problem { Problem(.conflict, detail) }

    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> Problem {
        let names = allowed.map(\.rawValue).joined(separator: ", ")
        var headers: HTTPFields = [:]
        headers[.allow] = names
        return Problem(.methodNotAllowed, "\(method.rawValue) is not allowed here; this path answers \(names)", headers: headers)
    }

    static func unprocessable(_ detail: String, diagnostics: [Diagnostic] = []) -> Problem {
        Problem(.unprocessableContent, detail, diagnostics: diagnostics)
    }

    static func unsupportedMediaType(_ accepted: [String]) -> Problem {
        Problem(.unsupportedMediaType, "send the body as \(accepted.joined(separator: " or "))")
    }

    static func contentTooLarge(limit: Int) -> Problem {
        Problem(.contentTooLarge, "the request body is larger than the service accepts (\(limit) bytes)")
    }

    /// The problem an error becomes. Errors the service does not know are a 500 whose detail
    /// says nothing about the error.
    init(_ error: any Error, maxBodyBytes: Int) {
        switch error {
        case let problem as Problem:
            self = problem
        case let input as InputError:
            self = .unprocessable("the input did not validate (\(input.diagnostics.count) problem\(input.diagnostics.count == 1 ? "" : "s"))", diagnostics: input.diagnostics)
        case let http as any HTTPResponseError where http.status == .contentTooLarge:
            self = .contentTooLarge(limit: maxBodyBytes)
        case let http as any HTTPResponseError:
            self = Problem(http.status, http.status == .notFound ? "no such route" : nil)
        default:
            self = Problem(.internalServerError, "the service failed to answer; the error is logged by type")
        }
    }

    /// The JSON body: RFC 9457 members, and `diagnostics` when there are any.
    struct Body: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String?
        let instance: String
        let diagnostics: [DiagnosticBody]?
    }

    func body(instance: String) -> Body {
        Body(
            type: "about:blank", title: title, status: status.code, detail: detail, instance: instance,
            diagnostics: diagnostics.isEmpty ? nil : diagnostics.map(DiagnosticBody.init))
    }

    /// The `application/problem+json` response.
    func response(instance: String) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body(instance: instance))) ?? Data()
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
