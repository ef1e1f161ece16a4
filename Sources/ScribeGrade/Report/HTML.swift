/// Helpers for the self-contained HTML the reports and web pages emit.
public enum HTML {
    /// Escapes text for element content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// The shared stylesheet: readable on a laptop screen, no external fonts or scripts.
    public static let stylesheet = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:1.5rem;color:#1d2433;background:#fff}
        h1{font-size:1.5rem;margin:.2rem 0 .6rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #e2e6ee;padding-bottom:.25rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{padding:.3rem .5rem;border-bottom:1px solid #eceff4;text-align:left;vertical-align:top}
        th{background:#f5f7fa;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .met{color:#17663a;font-weight:600}.not_met{color:#a11d2c;font-weight:600}.failed{color:#8a6d00;font-weight:600}
        .badge{display:inline-block;padding:.05rem .45rem;border-radius:.6rem;font-size:.8rem;background:#eef1f6;color:#3b4658}
        .badge.warn{background:#fff4d6;color:#7a5a00}.muted{color:#667085}details{margin:.4rem 0}summary{cursor:pointer}
        svg text{font:12px system-ui,sans-serif;fill:#1d2433}code{background:#f3f5f8;padding:0 .25rem;border-radius:.2rem}
        """

    /// A complete HTML document.
    public static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>\(escape(title))</title><style>\(stylesheet)</style></head>
        <body>
        \(body)
        </body></html>

        """
    }
}
