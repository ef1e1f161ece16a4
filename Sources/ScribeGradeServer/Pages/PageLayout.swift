import Foundation
import Hummingbird
import ScribeGrade

/// The frame of every web page: the shared stylesheet, a navigation bar with who is signed in,
/// and headers that keep pages of patient data out of caches and other sites' frames. Pages
/// carry no script: the content security policy forbids it.
enum PageLayout {
    /// What the web pages add to the reports' stylesheet.
    static let stylesheet = HTML.stylesheet + """
        body{max-width:1400px}
        nav.top{display:flex;gap:1.1rem;align-items:center;border-bottom:1px solid #e2e6ee;padding:.2rem 0 .6rem;margin-bottom:.8rem;flex-wrap:wrap}
        nav.top a{color:#1d4f9a;text-decoration:none;font-weight:500}nav.top a.here{color:#1d2433;border-bottom:2px solid #4a7bd0}
        nav.top .brand{font-weight:700;color:#1d2433;margin-right:.6rem}nav.top .who{margin-left:auto;color:#667085;font-size:.9rem}
        nav.top form{display:inline;margin:0}button.link{background:none;border:0;color:#1d4f9a;cursor:pointer;font:inherit;padding:0}
        .columns{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin:.6rem 0}
        .pane{border:1px solid #dfe3ea;border-radius:6px;padding:.55rem .8rem;max-height:68vh;overflow:auto;white-space:pre-wrap;font-size:.93rem;background:#fcfcfd}
        .pane h3{margin:0 0 .4rem;font-size:.95rem;white-space:normal}
        .spk{font-weight:600;color:#3b4658}
        mark.ev{background:#fff1a8;border-radius:2px;padding:0 1px}mark.ev.met{background:#d4f3de}mark.ev.not_met{background:#ffdcdc}
        .criterion-box{border:1px solid #c9d6ee;background:#f4f8ff;border-radius:8px;padding:.8rem 1rem;margin:.6rem 0}
        .criterion-box .text{font-size:1.15rem;font-weight:600}
        .answers{display:flex;gap:1rem;margin:.8rem 0}.answers button{font-size:1.05rem;padding:.55rem 1.6rem;border-radius:6px;border:1px solid #9aa7bb;background:#fff;cursor:pointer}
        .answers button.met{border-color:#17663a;color:#17663a}.answers button.not_met{border-color:#a11d2c;color:#a11d2c}
        .notice{background:#eef7ee;border:1px solid #b9dfbf;border-radius:6px;padding:.4rem .7rem}
        .error{background:#fdecec;border:1px solid #f3b5b5;border-radius:6px;padding:.4rem .7rem}
        form.login{max-width:32rem}form.login input[type=password]{width:100%;padding:.45rem;font:inherit;margin:.3rem 0 .7rem}
        td.heat{text-align:right;font-variant-numeric:tabular-nums}
        .progress{background:#eef1f6;border-radius:4px;height:10px;max-width:420px}.progress div{background:#4a7bd0;height:10px;border-radius:4px}
        ul.quotes{margin:.2rem 0 .2rem 1rem;padding:0}ul.quotes li{margin:.1rem 0}.unsupported{color:#8a6d00}
        """

    /// A complete page: navigation for `identity`, then `body`. `extraStyle` holds rules the
    /// page generates (its highlight selectors).
    static func page(title: String, identity: Identity?, csrf: String?, current: String, body: String, extraStyle: String = "", refresh: Int? = nil) -> String {
        var nav = "<nav class=top><span class=brand>ScribeGrade</span>"
        if identity != nil {
            for (path, label) in [("/", "Leaderboard"), ("/calibration", "Calibration"), ("/review", "Review queue")] {
                if path == "/review", identity?.role.allows(.review) != true { continue }
                nav += "<a href=\"\(path)\"\(current == path ? " class=here" : "")>\(label)</a>"
            }
            nav += "<a href=\"/openapi.yaml\">API</a>"
        }
        if let identity {
            nav += "<span class=who>Signed in as <strong>\(HTML.escape(identity.name))</strong> (\(identity.role.rawValue))</span>"
            if let csrf {
                nav += "<form method=post action=\"/logout\"><input type=hidden name=csrf value=\"\(HTML.escape(csrf))\"><button class=link type=submit>Sign out</button></form>"
            }
        }
        nav += "</nav>"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
            \(refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? "")<title>\(HTML.escape(title)) · ScribeGrade</title><style>\(stylesheet)\(extraStyle)</style></head>
            <body>
            \(nav)
            \(body)
            </body></html>

            """
    }

    /// The headers of a page: HTML, never cached, no scripts, no framing, no referrer.
    static func headers() -> HTTPFields {
        var headers: HTTPFields = [:]
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = HTML.contentSecurityPolicy + "; frame-ancestors 'none'"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("Referrer-Policy")!] = "no-referrer"
        return headers
    }

    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: headers(), body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// Rubric points as written: `2`, `-5`, `0.5`.
    static func points(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// `0.812`, or `n/a`.
    static func number(_ value: Double?, digits: Int = 3) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "n/a"
    }
}
