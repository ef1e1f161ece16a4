import Foundation
import Testing

/// What the real binary prints for notes and rubrics written by an attacker: HTML where every
/// name and text stays text under the report's CSP, CSV whose formula cells are neutralised, and
/// a refusal naming the folder of a system whose name holds a newline.
@Suite struct HostileNamesCommandTests {
    static let script = "\u{0600}<script>alert(1)</script>"
    static let attribute = "\"\u{0338} onmouseover=x"
    static let refresh = ">\u{0338}<meta http-equiv=refresh content=0;url=//evil>"
    static let style = "\u{06DD}<style>\u{0301}body{display:none}</style>"
    static let formula = "=HYPERLINK(\"http://x\")"

    /// A rubric whose criterion texts are payloads, and JSONL notes from systems named by them.
    static func hostileInputs() throws -> (directory: URL, rubrics: String, notes: String) {
        let directory = try CLIRunner.temporaryDirectory()
        let rubrics = directory.appendingPathComponent("rubrics")
        try FileManager.default.createDirectory(at: rubrics, withIntermediateDirectories: true)
        func yaml(_ text: String) -> String {
            // A YAML double-quoted scalar: non-ASCII and quotes as escapes, so the file is plain ASCII.
            "\"" + text.unicodeScalars.map { scalar -> String in
                switch scalar {
                case "\"": return "\\\""
                case "\\": return "\\\\"
                case _ where scalar.isASCII: return String(scalar)
                default: return String(format: "\\U%08X", scalar.value)
                }
            }.joined() + "\""
        }
        try """
            id: enc1
            encounter: enc1
            version: 1
            criteria:
              - id: pc
                section: subjective
                text: \(yaml("Documents diarrhoea " + script))
                points: 2
              - id: fluids
                section: plan
                text: \(yaml("Advises oral fluids " + refresh))
                points: 1
              - id: exam
                section: objective
                text: \(yaml("Invents an examination " + style + attribute))
                points: -2

            """.write(to: rubrics.appendingPathComponent("enc1.yaml"), atomically: true, encoding: .utf8)
        var lines: [String] = []
        for system in [script, attribute, formula] {
            let object: [String: String] = ["system": system, "encounter": "enc1", "note": "Diarrhoea for three days. " + refresh + " Plan: oral fluids."]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        }
        let notes = directory.appendingPathComponent("notes.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: notes, atomically: true, encoding: .utf8)
        return (directory, rubrics.path, notes.path)
    }

    /// Markup found in `html`'s UTF-8 bytes (as a browser reads them), not in Swift graphemes.
    static func injected(in html: String) -> [String] {
        let bytes = Array(html.utf8).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        func count(_ needle: String) -> Int {
            let needle = Array(needle.utf8)
            guard bytes.count >= needle.count else { return 0 }
            return (0...(bytes.count - needle.count)).filter { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }.count
        }
        var found = ["<script", "<meta http-equiv=refresh", "\"\u{0338}", ">\u{0338}<"].filter { count($0) > 0 }
        if count("<style") != 1 { found.append("<style ×\(count("<style"))") }
        return found
    }

    @Test func htmlReportKeepsHostileNamesAndTextsAsTextUnderItsCSP() throws {
        let inputs = try Self.hostileInputs()
        let store = inputs.directory.appendingPathComponent("runs.sqlite").path
        let grade = try CLIRunner.run(["grade", "--rubrics", inputs.rubrics, "--notes", inputs.notes, "--judge", "baseline", "--store", store])
        #expect(grade.stdout.contains("Run run-"), "\(grade.stderr)")
        let output = inputs.directory.appendingPathComponent("report.html")
        let report = try CLIRunner.run(["report", "--format", "html", "--output", output.path, "--store", store])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: output, encoding: .utf8)
        #expect(Self.injected(in: html) == [])
        let head = try #require(html.range(of: "<head>")).upperBound
        #expect(html[head...].hasPrefix("<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"))
        // Every hostile name and text is shown, escaped.
        for shown in ["\u{0600}&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;\u{0338} onmouseover=x", "&gt;\u{0338}&lt;meta http-equiv=refresh", "\u{06DD}&lt;style&gt;"] {
            #expect(Array(html.utf8).firstRange(of: Array(shown.utf8)) != nil, "\(shown.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func csvReportNeutralisesAFormulaSystemName() throws {
        let inputs = try Self.hostileInputs()
        let store = inputs.directory.appendingPathComponent("runs.sqlite").path
        _ = try CLIRunner.run(["grade", "--rubrics", inputs.rubrics, "--notes", inputs.notes, "--judge", "baseline", "--store", store])
        let csv = try CLIRunner.run(["report", "--format", "csv", "--store", store])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.count == 4)
        #expect(rows.contains { $0.hasPrefix("\"'=HYPERLINK(\"\"http://x\"\")\",") })
        #expect(!rows.contains { $0.hasPrefix("=") || $0.hasPrefix("\"=") })
    }

    @Test func gradeRefusesASystemFolderWithANewlineNamingThePath() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let notes = directory.appendingPathComponent("notes")
        let system = notes.appendingPathComponent("scribe\nB")
        try FileManager.default.createDirectory(at: system, withIntermediateDirectories: true)
        try "Diarrhoea for three days, private detail.".write(to: system.appendingPathComponent("enc1.txt"), atomically: true, encoding: .utf8)
        let rubrics = CLIRunner.fixtures.appendingPathComponent("grade/rubrics").path
        let result = try CLIRunner.run([
            "grade", "--rubrics", rubrics, "--notes", notes.path, "--judge", "baseline",
            "--store", directory.appendingPathComponent("runs.sqlite").path,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(notes.path)/scribe{U+000A}B: error: system name has a control character (U+000A) at position 7"), "\(result.stderr)")
        #expect(!result.stderr.contains("private detail"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("runs.sqlite").path))
    }
}
