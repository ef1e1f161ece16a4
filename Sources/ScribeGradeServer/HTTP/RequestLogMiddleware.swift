import Hummingbird
import Logging

/// Logs each request by method and path, never the query string: a query may carry what no
/// log should hold (a token pasted into a URL), and paths hold only ids. Headers (tokens,
/// cookies) are not logged either.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    let level: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.logger.log(level: level, "Request", metadata: [
            "hb.request.path": .string(request.uri.path),
            "hb.request.method": .string(request.method.rawValue),
        ])
        return try await next(request, context)
    }
}
