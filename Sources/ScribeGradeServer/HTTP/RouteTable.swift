import Foundation
import Hummingbird

/// Registers the service's routes, each with the permission it requires.
///
/// Public routes (`permission == nil`) run as they are. A protected route first authenticates
/// the caller — a bearer token, or a browser session cookie — answering 401 without one, then
/// answers 403 when the caller's role lacks the permission, before the handler reads anything.
/// A session cookie authenticates safe requests and the HTML forms (which check its CSRF
/// token); API writes need the bearer token.
struct RouteTable {
    typealias Handler = @Sendable (Request, ServerRequestContext) async throws -> Response

    let router: Router<ServerRequestContext>
    let backend: Backend
    let index: RouteIndex
    /// Routes posted by the web pages' forms, which may use the session cookie.
    static let formRoutes: Set<String> = ["/review", "/review/notes", "/logout"]

    func get(_ path: String, _ permission: Permission?, _ handler: @escaping Handler) {
        add(.get, path, permission, handler)
    }

    func post(_ path: String, _ permission: Permission?, _ handler: @escaping Handler) {
        add(.post, path, permission, handler)
    }

    func add(_ method: HTTPRequest.Method, _ path: String, _ permission: Permission?, _ handler: @escaping Handler) {
        index.add(method, path)
        let backend = self.backend
        guard let permission else {
            router.on(RouterPath(path), method: method) { request, context in try await handler(request, context) }
            return
        }
        let acceptsCookie = method == .get || method == .head || Self.formRoutes.contains(path)
        router.on(RouterPath(path), method: method) { request, context in
            var context = context
            try await backend.authenticate(request, context: &context, acceptCookie: acceptsCookie)
            let identity = try context.caller
            guard identity.role.allows(permission) else {
                throw Problem.forbidden("the \(identity.role.rawValue) role may not do this; it needs \(permission.roles.map(\.rawValue).joined(separator: " or "))")
            }
            return try await handler(request, context)
        }
    }
}

extension ServerRequestContext {
    /// A path parameter, percent-decoded.
    func parameter(_ name: String) throws -> String {
        guard let raw = parameters.get(name), let value = raw.removingPercentEncoding, !value.isEmpty else {
            throw Problem.badRequest("missing path parameter \(name)")
        }
        return value
    }
}

extension Request {
    /// A query parameter, or nil when absent or empty.
    func query(_ name: String) -> String? {
        uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }
}
