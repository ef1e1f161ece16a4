import Hummingbird
import Logging

/// Turns every error a route throws into a problem response: `application/problem+json`, or
/// for a browser asking for a web page, the same status as an HTML page (a sign-in form for
/// 401). Unknown errors are logged by type only, since their text may quote input. A request
/// no route answers is a 405 with `Allow` when its path exists under other methods.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    let maxBodyBytes: Int
    let routes: RouteIndex

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var problem = Problem(error, maxBodyBytes: maxBodyBytes)
            if !(error is Problem), problem.status == .notFound {
                let allowed = routes.methods(matching: request.uri.path)
                if !allowed.isEmpty { problem = .methodNotAllowed(request.method, allowed: allowed) }
            }
            if problem.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            }
            if Self.wantsPage(request) {
                return ErrorPage.response(problem, path: request.uri.path, identity: context.identity)
            }
            return problem.response(instance: request.uri.path)
        }
    }

    /// A browser asking for one of the web pages (not the API, metrics or documents).
    static func wantsPage(_ request: Request) -> Bool {
        let path = request.uri.path
        let machine = path.hasPrefix("/api/") || path == "/api" || path == "/metrics" || path == "/openapi.yaml" || path == "/healthz"
        return !machine && (request.headers[.accept]?.contains("text/html") ?? false)
    }
}
