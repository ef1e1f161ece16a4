import Foundation
import Testing
@testable import ScribeGrade

/// Text a browser would read as markup must never leave `HTML.escape` raw — whatever Swift makes
/// of the graphemes around it. Browsers tokenise code points, so every check here looks at
/// Unicode scalars or UTF-8 bytes, never at `Character`s (which is how the old escape was fooled).
@Suite struct HTMLEscapeTests {
    /// The attacks of issue 12: a prepended mark before `<`, a combining mark after `"` or `>`.
    static let payloads = [
        "\u{0600}<script>alert(1)</script>",
        "\"\u{0338} onmouseover=x",
        ">\u{0338}<meta http-equiv=refresh content=0;url=//evil>",
        "<style>\u{0301}\u{20D2}body{display:none}</style>\u{0338}",
        "\u{06DD}<style>body{display:none}</style>",
        "'\u{0338} autofocus onfocus=x",
        "&\u{0338}lt;",
    ]

    /// The entities `HTML.escape` writes.
    static let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]

    /// Where the escaped text could still be markup: a raw `<`, `>`, `"`, `'`, or an `&` that does
    /// not start one of our entities. `nil` when it is safe.
    static func unsafeScalar(in escaped: String) -> String? {
        let scalars = Array(escaped.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "<", ">", "\"", "'":
                return "raw U+\(String(scalar.value, radix: 16, uppercase: true)) at scalar \(index)"
            case "&":
                let rest = String(String.UnicodeScalarView(scalars[index...].prefix(6)))
                if !entities.contains(where: { rest.unicodeScalars.starts(with: $0.unicodeScalars) }) {
                    return "'&' not starting an entity at scalar \(index)"
                }
            default:
                continue
            }
        }
        return nil
    }

    /// Undoes `HTML.escape` (scalar by scalar), to prove nothing was lost.
    static func unescape(_ escaped: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(escaped.unicodeScalars)
        var index = 0
        outer: while index < scalars.count {
            if scalars[index] == "&" {
                for (entity, raw) in zip(entities, ["&", "<", ">", "\"", "'"] as [Unicode.Scalar]) {
                    let entityScalars = Array(entity.unicodeScalars)
                    if scalars[index...].starts(with: entityScalars) {
                        out.append(raw)
                        index += entityScalars.count
                        continue outer
                    }
                }
            }
            out.append(scalars[index])
            index += 1
        }
        return String(out)
    }

    @Test func escapesMarkupFusedIntoOneGraphemeWithMarks() {
        for payload in Self.payloads {
            let escaped = HTML.escape(payload)
            #expect(Self.unsafeScalar(in: escaped) == nil, "payload \(Self.payloads.firstIndex(of: payload)!)")
            #expect(Self.unescape(escaped).unicodeScalars.elementsEqual(payload.unicodeScalars))
        }
        #expect(HTML.escape("\u{0600}<script>").unicodeScalars.elementsEqual("\u{0600}&lt;script&gt;".unicodeScalars))
        #expect(HTML.escape("\"\u{0338}x").unicodeScalars.elementsEqual("&quot;\u{0338}x".unicodeScalars))
    }

    @Test func randomStringsOfMarkupAndMarksNeverEscapeRaw() {
        let markup: [Unicode.Scalar] = ["<", ">", "&", "\"", "'"]
        var pool: [Unicode.Scalar] = markup + markup + ["a", "Z", " ", "=", ";", "/", "é", "€", "😀"]
        pool += (0x0300...0x036F).compactMap(Unicode.Scalar.init)  // combining diacritics
        pool += ["\u{0338}", "\u{20D2}"]  // combining long solidus overlay, long vertical line overlay
        pool += ["\u{0600}", "\u{0601}", "\u{0602}", "\u{0603}", "\u{0604}", "\u{0605}", "\u{06DD}", "\u{070F}", "\u{0890}", "\u{08E2}", "\u{110BD}"]  // prepended concatenation marks
        pool += ["\u{200D}", "\u{FE0E}", "\u{FE0F}", "\u{E0100}"]  // ZWJ, variation selectors
        pool += ["\r", "\n", "\u{1F1FA}", "\u{1F1F8}", "\u{1100}", "\u{1161}", "\u{AC00}"]  // CR LF, regional indicators, Hangul jamo
        var generator = SeededGenerator(seed: 12)
        for round in 0..<20_000 {
            let length = Int.random(in: 0...24, using: &generator)
            var text = String.UnicodeScalarView()
            for _ in 0..<length { text.append(pool.randomElement(using: &generator)!) }
            let input = String(text)
            let escaped = HTML.escape(input)
            if let problem = Self.unsafeScalar(in: escaped) {
                Issue.record("round \(round): \(problem) in the escape of scalars \(input.unicodeScalars.map { String($0.value, radix: 16) })")
                return
            }
            guard Self.unescape(escaped).unicodeScalars.elementsEqual(input.unicodeScalars) else {
                Issue.record("round \(round): escaping lost or changed scalars \(input.unicodeScalars.map { String($0.value, radix: 16) })")
                return
            }
        }
    }

    @Test func textWithoutMarkupComesBackUnchanged() {
        for text in ["", "plain words", "Documents diarrhoea — 3/7, £5, é\u{0301}, 😀", "\u{0600}\u{0338}"] {
            #expect(HTML.escape(text).utf8.elementsEqual(text.utf8))
        }
        #expect(HTML.escape("a & b < c > d \" e ' f") == "a &amp; b &lt; c &gt; d &quot; e &#39; f")
    }

    @Test func documentCarriesTheContentSecurityPolicyFirstAfterTheCharset() throws {
        let html = HTML.document(title: "t", body: "<p>x</p>")
        let head = try #require(html.range(of: "<head>")).upperBound
        #expect(html[head...].hasPrefix("<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "))
        let policy = try #require(html.firstMatch(of: /http-equiv="Content-Security-Policy" content="([^"]*)"/)).1
        #expect(!policy.contains("script-src"))
    }
}
