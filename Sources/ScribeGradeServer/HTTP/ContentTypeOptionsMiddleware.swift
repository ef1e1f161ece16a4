import Hummingbird

/// Adds `X-Content-Type-Options: nosniff` to every response — JSON, problems, pages, the
/// OpenAPI document, metrics — so a browser never guesses HTML from a body that quotes
/// uploaded text. It sits outside `ProblemMiddleware`, so errors turned into problems get it too.
struct ContentTypeOptionsMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        return response
    }
}
