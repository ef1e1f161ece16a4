import Foundation
import Testing

/// Runs `scribegrade import …` and `scribegrade rubric draft` on the real-data samples kept as
/// fixtures of the core tests (Tests/ScribeGradeTests/Fixtures/import, CC BY 4.0).
@Suite struct ImportCommandTests {
    static let fixtures = CLIRunner.packageRoot.appendingPathComponent("Tests/ScribeGradeTests/Fixtures/import")

    static func fixture(_ relative: String) -> String {
        fixtures.appendingPathComponent(relative).path
    }

    func files(_ directory: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var out: [String] = []
        while let next = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory.appendingPathComponent(next).path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { out.append(next) }
        }
        return out.sorted()
    }

    func read(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    @Test func checklistsBecomeRubricsWithWarningsOnStandardError() throws {
        let out = try CLIRunner.temporaryDirectory()
        let csv = Self.fixture("primock57/checklists.csv")
        let result = try CLIRunner.run(["import", "primock57-checklists", csv, "--output", out.path])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(files(out).count == 27)
        #expect(result.stderr.contains("\(csv):1045: warning: parent_no 30 disagrees with the outline"))
        #expect(result.stderr.contains("wrote 27 rubrics (1353 criteria)"))
        let yaml = try read(out.appendingPathComponent("day1_consultation01_clinician_1.yaml"))
        #expect(yaml.hasPrefix("# Converted from checklists.csv lines 2-60 by scribegrade import primock57-checklists.\n"))
        #expect(yaml.contains("  - id: c003-diarrhoea-3-days\n    parent: c002-diarrhoea\n    section: subjective\n    text: \"Diarrhoea: 3 days\"\n    points: 2\n    critical: true\n    tags: [presenting-complaint]\n"))
    }

    @Test func malformedChecklistExitsTwoAndWritesNothing() throws {
        let out = try CLIRunner.temporaryDirectory().appendingPathComponent("rubrics")
        let csv = Self.fixture("malformed/checklist.csv")
        let result = try CLIRunner.run(["import", "primock57-checklists", csv, "--output", out.path])
        #expect(result.status == 2)
        #expect(result.stderr == """
            \(csv):4: error: depth must be a whole number ≥ 0
            \(csv):5: error: criticality must be critical, non-critical, irrelevant or empty
            \(csv):6: error: text is empty

            """)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func priMockTranscriptsBecomeJSONDialogues() throws {
        let out = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run(["import", "primock57-transcripts", Self.fixture("primock57/transcripts"), "--output", out.path])
        #expect(result.status == 0)
        #expect(files(out) == ["day1_consultation01.json", "day1_consultation02.json"])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("day1_consultation01.json"))) as? [String: Any]
        let turns = try #require(json?["turns"] as? [[String: Any]])
        #expect(json?["encounter"] as? String == "day1_consultation01")
        #expect(turns.count == 85)
        #expect(turns[0]["speaker"] as? String == "doctor")
        #expect(turns[0]["start"] as? Double == 2.533)
        #expect(turns[0]["end"] as? Double == 12.5)
        #expect(!(turns.contains { ($0["text"] as? String ?? "").contains("<UNIN/>") }))

        let kept = try CLIRunner.temporaryDirectory()
        let keep = try CLIRunner.run(["import", "primock57-transcripts", Self.fixture("primock57/transcripts"), "--only", "day1_consultation02", "--keep-markup", "--output", kept.path])
        #expect(keep.status == 0)
        #expect(files(kept) == ["day1_consultation02.json"])
        #expect(try read(kept.appendingPathComponent("day1_consultation02.json")).contains("<UNIN/>"))
    }

    @Test func brokenTranscriptsAreAllReportedWithFileAndLine() throws {
        let out = try CLIRunner.temporaryDirectory().appendingPathComponent("t")
        let dir = Self.fixture("malformed")
        let result = try CLIRunner.run(["import", "primock57-transcripts", dir, "--output", out.path])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(dir)/bad-number.TextGrid:22:20: error: expected xmax of interval 2 of tier 1 as a number, found a string"))
        #expect(lines.contains("\(dir)/missing-comma.json:4:5: error: invalid JSON: expected ',' or ']' in an array"))
        #expect(lines.contains("\(dir)/no-speaker.txt:1:1: error: expected a `Speaker: text` line before any other text"))
        #expect(lines.contains("\(dir)/turn-without-text.json:5:5: error: turn 2: missing \"text\""))
        #expect(lines.count == 9)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func notesLandInSystemFolders() throws {
        let out = try CLIRunner.temporaryDirectory()
        let doctor = try CLIRunner.run(["import", "primock57-notes", Self.fixture("primock57/notes"), "--only", "day1_consultation01", "--output", out.path])
        #expect(doctor.status == 0)
        let statements = try CLIRunner.run(["import", "primock57-statements", Self.fixture("primock57/note_statements.csv"), "--output", out.path])
        #expect(statements.status == 0)
        #expect(files(out) == ["doctor/day1_consultation01.txt", "note1/day1_consultation01.txt", "note2/day1_consultation01.txt"])
        #expect(try read(out.appendingPathComponent("note1/day1_consultation01.txt")).hasPrefix("Of diarrhoea for the last 3 days, needs to stay close to the toilet, affecting his day to day activities.\n"))
        #expect(try read(out.appendingPathComponent("doctor/day1_consultation01.txt")).hasSuffix("if feeling more unwell.\n"))
        let bad = try CLIRunner.run(["import", "primock57-statements", Self.fixture("malformed/note_statements.csv"), "--output", out.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix(Self.fixture("malformed/note_statements.csv") + ":3: error: line_no must be a whole number\n"))
    }

    @Test func aciBenchGivesTranscriptsReferenceNotesAndSystemNotesThenADraftRubric() throws {
        let out = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run([
            "import", "aci-bench", Self.fixture("aci-bench/clinicalnlp_taskB_test1-sample.csv"),
            "--system", "BART=" + Self.fixture("aci-bench/BART-sample.csv"), "--output", out.path,
        ])
        #expect(result.status == 0)
        #expect(files(out) == [
            "notes/BART/D2N088.txt", "notes/BART/D2N095.txt", "reference-notes/D2N088.txt", "reference-notes/D2N095.txt",
            "transcripts/D2N088.json", "transcripts/D2N095.json",
        ])
        #expect(try read(out.appendingPathComponent("reference-notes/D2N095.txt")).hasPrefix("CHIEF COMPLAINT\n\nBack pain.\n"))

        let reference = out.appendingPathComponent("reference-notes/D2N095.txt").path
        let draft = try CLIRunner.run(["rubric", "draft", "--reference", reference, "--encounter", "D2N095"])
        #expect(draft.status == 0)
        #expect(draft.stdout.hasPrefix("# DRAFT: drafted offline by scribegrade rubric draft from D2N095.txt.\n"))
        #expect(draft.stdout.contains("\nid: D2N095\nencounter: D2N095\nversion: 1\ntitle: Back pain (drafted)\n"))
        #expect(draft.stdout.components(separatedBy: "\n  - id: ").count - 1 == 38)

        let file = out.appendingPathComponent("rubrics/D2N095.yaml")
        let written = try CLIRunner.run(["rubric", "draft", "--reference", reference, "--encounter", "D2N095", "--output", file.path])
        #expect(written.status == 0)
        #expect(try read(file) == draft.stdout)
    }

    @Test func healthBenchItemsBecomeRubricsAndBadItemsExitTwo() throws {
        let out = try CLIRunner.temporaryDirectory()
        let good = try CLIRunner.run(["import", "healthbench", Self.fixture("healthbench/scribe-items.jsonl"), "--output", out.path])
        #expect(good.status == 0)
        #expect(files(out) == ["D2N088.yaml", "day1_consultation01.yaml"])
        #expect(try read(out.appendingPathComponent("D2N088.yaml")).contains("    section: plan\n    text: Includes the COVID-19 test in the plan.\n    points: 2\n"))
        let path = Self.fixture("malformed/healthbench.jsonl")
        let bad = try CLIRunner.run(["import", "healthbench", path, "--output", out.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.split(separator: "\n").first.map(String.init) == "\(path):5:56: error: invalid JSON: expected ',' or '}' in an object")
    }

    @Test func usersTranscriptsAreNormalisedAndBadOnesNamed() throws {
        let out = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run(["import", "transcript", Self.fixture("transcripts/visit-plain.txt"), Self.fixture("transcripts/visit-turns.json"), "--output", out.path])
        #expect(result.status == 0)
        #expect(files(out) == ["visit-plain.json", "visit-turns.json"])
        #expect(try read(out.appendingPathComponent("visit-plain.json")).contains("{\"speaker\": \"doctor\", \"start\": 25, \"text\": \"And how many times a day are you going?\"}"))
        let pair = try CLIRunner.run([
            "import", "transcript", Self.fixture("primock57/transcripts/day1_consultation01_patient.TextGrid"),
            Self.fixture("primock57/transcripts/day1_consultation01_doctor.TextGrid"), "--output", out.path,
        ])
        #expect(pair.status == 0)
        #expect(files(out) == ["day1_consultation01.json", "visit-plain.json", "visit-turns.json"])
        #expect(pair.stderr == "wrote 1 transcripts (85 turns) to \(out.path)\n")
        let lone = try CLIRunner.run(["import", "transcript", Self.fixture("primock57/transcripts/day1_consultation02_doctor.TextGrid"), "--output", out.path])
        #expect(lone.status == 2)
        #expect(lone.stderr == Self.fixture("primock57/transcripts/day1_consultation02_doctor.TextGrid") + ": error: per-speaker TextGrid without its pair: day1_consultation02_patient.TextGrid is missing\n")
        let bad = try CLIRunner.run(["import", "transcript", Self.fixture("malformed/no-speaker.txt"), "--output", out.path])
        #expect(bad.status == 2)
        #expect(bad.stderr == Self.fixture("malformed/no-speaker.txt") + ":1:1: error: expected a `Speaker: text` line before any other text\n")
    }

    @Test func missingReferenceNoteExitsTwo() throws {
        let result = try CLIRunner.run(["rubric", "draft", "--reference", "/nonexistent/ref.txt", "--encounter", "e"])
        #expect(result.status == 2)
        #expect(result.stderr == "/nonexistent/ref.txt: error: no such file\n")
    }

    @Test func helpShowsEveryKindWithExamples() throws {
        let help = try CLIRunner.run(["import", "--help"])
        #expect(help.status == 0)
        for kind in ["primock57-transcripts", "primock57-notes", "primock57-checklists", "primock57-statements", "aci-bench", "healthbench", "transcript"] {
            #expect(help.stdout.contains(kind))
        }
        #expect(help.stdout.contains("Examples:"))
        let draft = try CLIRunner.run(["rubric", "draft", "--help"])
        #expect(draft.stdout.contains("scribegrade rubric draft --reference"))
    }
}
