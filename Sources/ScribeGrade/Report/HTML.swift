/// Helpers for the self-contained HTML the reports and web pages emit.
public enum HTML {
    /// Escapes text for element content and quoted attribute values: `&`, `<`, `>`, `"` and `'`
    /// become entities.
    ///
    /// It works on UTF-8 bytes, not `Character`s: a browser tokenises code points, so a `<` that
    /// Swift folds into one grapheme with a prepended mark before it (U+0600) or a combining mark
    /// after it (U+0338) must be escaped all the same. The five are ASCII, and an ASCII byte never
    /// occurs inside a multi-byte UTF-8 sequence, so replacing bytes replaces exactly those
    /// scalars. Text with nothing to escape is returned as it is, without a copy.
    public static func escape(_ text: String) -> String {
        var extra = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): extra += 4  // &amp;
            case UInt8(ascii: "<"), UInt8(ascii: ">"): extra += 3  // &lt; &gt;
            case UInt8(ascii: "\""): extra += 5  // &quot;
            case UInt8(ascii: "'"): extra += 4  // &#39;
            default: continue
            }
        }
        if extra == 0 { return text }
        return String(unsafeUninitializedCapacity: text.utf8.count + extra) { buffer in
            var count = 0
            func put(_ entity: StaticString) {
                entity.withUTF8Buffer { bytes in
                    for byte in bytes { buffer[count] = byte; count += 1 }
                }
            }
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "&"): put("&amp;")
                case UInt8(ascii: "<"): put("&lt;")
                case UInt8(ascii: ">"): put("&gt;")
                case UInt8(ascii: "\""): put("&quot;")
                case UInt8(ascii: "'"): put("&#39;")
                default: buffer[count] = byte; count += 1
                }
            }
            return count
        }
    }

    /// The content security policy of everything ScribeGrade renders as HTML: no scripts, no
    /// external resources, styles only inline, forms only to the same origin. The web pages send
    /// it as a header (adding `frame-ancestors`, which only a header can carry); the
    /// self-contained reports carry it in a `<meta>`.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'"

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

    /// A complete, self-contained HTML document, its content security policy first in `<head>`
    /// after the charset, so nothing before it can load or run.
    public static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>\(escape(title))</title><style>\(stylesheet)</style></head>
        <body>
        \(body)
        </body></html>

        """
    }
}
