import Foundation
import Hummingbird

/// Counts requests and times them by method, route pattern (not the path, which holds ids)
/// and status.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = Date()
        let response = try await next(request, context)
        metrics.request(
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
            status: response.status.code, seconds: Date().timeIntervalSince(started))
        return response
    }
}
