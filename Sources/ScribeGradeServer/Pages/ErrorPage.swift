import Hummingbird
import ScribeGrade

/// The page a browser gets for an error: the problem's title and detail, and for 401 the
/// sign-in form, returning to the page asked for.
enum ErrorPage {
    static func response(_ problem: Problem, path: String, identity: Identity?) -> Response {
        if problem.status == .unauthorized {
            return LoginPage.formResponse(next: path, message: problem.detail, status: problem.status, headers: problem.headers)
        }
        var headers = PageLayout.headers()
        for field in problem.headers { headers[field.name] = field.value }
        let body = "<h1>\(problem.status.code) \(HTML.escape(problem.title))</h1><p class=error>\(HTML.escape(problem.detail ?? problem.title))</p><p><a href=\"/\">Back to the leaderboard</a></p>"
        let html = PageLayout.page(title: problem.title, identity: identity, csrf: nil, current: "", body: body)
        return Response(status: problem.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
