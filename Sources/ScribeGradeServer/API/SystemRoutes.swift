import Foundation
import Hummingbird
import ScribeGrade

/// `/healthz` (the one route without a token), `/metrics` (Prometheus text) and
/// `/openapi.yaml` (the API's description).
struct SystemRoutes {
    let backend: Backend

    func register(_ routes: RouteTable) {
        routes.get("/healthz", nil, health)
        routes.get("/metrics", .read, metrics)
        routes.get("/openapi.yaml", .read, openAPI)
    }

    @Sendable func health(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable {
            let status: String
            let version: String
        }
        do {
            _ = try await backend.store.judgmentCount()
        } catch {
            context.logger.error("health check: the store cannot be read", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            throw Problem(.serviceUnavailable, "the run database cannot be read")
        }
        return try JSONResponse.make(Body(status: "ok", version: ScribeGradeVersion.string))
    }

    @Sendable func metrics(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: backend.metrics.exposition())))
    }

    @Sendable func openAPI(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = "application/yaml; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
    }
}
