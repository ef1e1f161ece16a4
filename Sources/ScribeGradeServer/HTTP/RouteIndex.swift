import HTTPTypes
import Synchronization

/// The method and path pattern of every route, so that a request no route answers can be told
/// apart: a path that exists under other methods is a 405 naming them in `Allow`, any other a
/// 404.
final class RouteIndex: Sendable {
    private let routes = Mutex<[(method: HTTPRequest.Method, segments: [Substring])]>([])

    func add(_ method: HTTPRequest.Method, _ path: String) {
        routes.withLock { $0.append((method, path.split(separator: "/"))) }
    }

    /// The methods of the routes whose pattern matches `path` (`:name` matches any one segment).
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        let matching = routes.withLock { routes in
            routes.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { pattern, segment in pattern.hasPrefix(":") || pattern == segment }
            }.map(\.method)
        }
        var seen: Set<String> = []
        return matching.filter { seen.insert($0.rawValue).inserted }
    }
}
