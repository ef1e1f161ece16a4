import Foundation
import Hummingbird

/// Refuses credentials in the query string (`?access_token=…`): URLs end up in logs, browser
/// history, proxies and `Referer` headers. A request with a query parameter named like a
/// credential, or with any value shaped like a ScribeGrade token, is a 401 telling the caller
/// to send the token in the `Authorization` header, before any route runs. The value is never
/// echoed.
struct QueryCredentialMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    /// Query parameter names that carry credentials, lower-cased.
    static let names: Set<String> = [
        "access_token", "token", "api_key", "apikey", "api-key", "key", "password", "passwd", "secret",
        "client_secret", "session", "sessionid", "session_id", "auth", "authorization", "bearer", "id_token", "refresh_token",
        "jwt",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let name = Self.credentialParameter(request) {
            throw Problem.unauthorized(
                "credentials are not accepted in the query string (\(name)): URLs are logged and cached. Send the token in the Authorization: Bearer TOKEN header",
                invalidToken: true)
        }
        return try await next(request, context)
    }

    /// How the first credential-carrying query parameter of `request` is named in the
    /// problem, or nil.
    static func credentialParameter(_ request: Request) -> String? {
        guard let query = request.uri.query, !query.isEmpty else { return nil }
        for (rawName, rawValue) in request.uri.queryParameters {
            let name = (String(rawName).removingPercentEncoding ?? String(rawName)).lowercased()
            let value = String(rawValue).removingPercentEncoding ?? String(rawValue)
            if names.contains(name) { return "parameter '\(name)'" }
            if value.contains(APIToken.prefix) { return "a parameter's value is a token" }
        }
        return nil
    }
}
