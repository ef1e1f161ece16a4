import Foundation
import Testing

@Suite struct GradeCommandTests {
    static let grade = CLIRunner.fixtures.appendingPathComponent("grade")

    func path(_ relative: String) -> String { Self.grade.appendingPathComponent(relative).path }

    func gradeJSON(_ extra: [String] = [], store: URL) throws -> (CLIRunner.Result, [String: Any]) {
        let result = try CLIRunner.run([
            "grade", "--rubrics", path("rubrics"), "--notes", path("notes"),
            "--judge", "replay:\(path("verdicts.csv"))", "--format", "json", "--store", store.path,
        ] + extra)
        let object = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
        return (result, object)
    }

    @Test func jsonReportFollowsTheContractWithHandCheckedScores() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let (result, json) = try gradeJSON(store: directory.appendingPathComponent("runs.sqlite"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect((json["run"] as? String)?.hasPrefix("run-") == true)
        #expect((json["judge"] as? String) == "replay:\(path("verdicts.csv"))")

        let systems = try #require(json["systems"] as? [[String: Any]])
        #expect(systems.map { $0["system"] as? String } == ["alpha", "beta"])
        // alpha: enc1 5/5 = 1.0, enc2 3/4 = 0.75 → mean 0.875
        #expect(abs((systems[0]["score"] as? Double ?? -1) - 0.875) < 1e-12)
        // beta: enc1 (2 − 5)/5 = −0.6, enc2 −4/4 = −1.0 → mean −0.8, clipped to 0
        #expect((systems[1]["score"] as? Double) == 0)
        #expect((systems[1]["critical_missed"] as? Int) == 1)
        #expect((systems[0]["notes"] as? Int) == 2)
        for system in systems {
            let ci = try #require(system["ci95"] as? [Double])
            #expect(ci.count == 2 && ci[0] <= ci[1])
        }

        let notes = try #require(json["notes"] as? [[String: Any]])
        #expect(notes.count == 4)
        func note(_ system: String, _ encounter: String) throws -> [String: Any] {
            try #require(notes.first { $0["system"] as? String == system && $0["encounter"] as? String == encounter })
        }
        let betaEnc1 = try note("beta", "enc1")
        #expect(abs((betaEnc1["score"] as? Double ?? 0) + 0.6) < 1e-12)
        #expect((betaEnc1["score_clipped"] as? Double) == 0)
        #expect((betaEnc1["points_met"] as? Double) == -3)
        #expect((betaEnc1["points_possible"] as? Double) == 5)
        #expect((betaEnc1["rubric"] as? String) == "enc1")
        let sections = try #require(betaEnc1["sections"] as? [String: Double])
        #expect(abs(sections["subjective", default: -1] - 2.0 / 3.0) < 1e-12)
        #expect(sections["plan"] == 0)
        #expect(sections["objective"] == nil)  // only a penalty: no positive points
        let tags = try #require(betaEnc1["tags"] as? [String: Double])
        #expect(tags["fabrication"] == nil)
        #expect(abs(tags["history", default: -1] - 2.0 / 3.0) < 1e-12)
        let criteria = try #require(betaEnc1["criteria"] as? [[String: Any]])
        #expect(criteria.map { $0["id"] as? String } == ["pc", "duration", "plan-fluids", "invents-exam"])
        #expect(criteria.map { $0["verdict"] as? String } == ["met", "not_met", "not_met", "met"])
        #expect(criteria.map { $0["points"] as? Double } == [2, 1, 2, -5])

        let betaEnc2 = try note("beta", "enc2")
        #expect((betaEnc2["score"] as? Double) == -1)
        #expect((betaEnc2["critical_missed"] as? Int) == 1)
    }

    @Test func reRunningTheSameCommandResumesTheSameRun() throws {
        let store = try CLIRunner.temporaryDirectory().appendingPathComponent("runs.sqlite")
        let (first, a) = try gradeJSON(store: store)
        let (second, b) = try gradeJSON(store: store)
        #expect(first.status == 0 && second.status == 0)
        #expect(a["run"] as? String == b["run"] as? String)
        #expect(second.stderr.contains("14 judgments"))
        #expect(!second.stderr.contains("judging 1/"))
        let report = try CLIRunner.run(["report", "latest", "--format", "json", "--store", store.path])
        #expect(report.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        #expect(json["run"] as? String == a["run"] as? String)
        #expect((json["notes"] as? [Any])?.count == 4)
    }

    @Test func tableNamesTheJudgeKind() throws {
        let store = try CLIRunner.temporaryDirectory().appendingPathComponent("runs.sqlite")
        let result = try CLIRunner.run([
            "grade", "--rubrics", path("rubrics"), "--notes", path("notes"), "--judge", "baseline", "--store", store.path,
        ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("judge: baseline (lexical baseline, not an LLM)"))
        #expect(result.stdout.contains("alpha"))
    }

    @Test func csvAndHTMLReports() throws {
        let store = try CLIRunner.temporaryDirectory().appendingPathComponent("runs.sqlite")
        _ = try gradeJSON(store: store)
        let csv = try CLIRunner.run(["report", "--format", "csv", "--store", store.path])
        #expect(csv.stdout.hasPrefix("system,score,ci95_low,ci95_high,notes,critical_missed,failed,judge\nalpha,0.875,"))
        let criteria = try CLIRunner.run(["report", "--format", "csv", "--criteria", "--store", store.path])
        #expect(criteria.stdout.split(separator: "\n").count == 1 + 14)
        let htmlFile = store.deletingLastPathComponent().appendingPathComponent("report.html")
        let html = try CLIRunner.run(["report", "--format", "html", "--output", htmlFile.path, "--store", store.path])
        #expect(html.status == 0)
        let page = try String(contentsOf: htmlFile, encoding: .utf8)
        #expect(page.contains("<svg"))
        #expect(page.contains("Reports examination findings that were not part of the consultation."))
        #expect(!page.contains("http://") || !page.contains("<script src"))
    }

    // MARK: - Malformed input: clear error with file and line, exit 2, no run stored

    func expectRejected(_ arguments: [String], message: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("runs.sqlite")
        let result = try CLIRunner.run(["grade"] + arguments + ["--store", store.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: store.path), "a rejected input must not leave a run behind")
    }

    @Test func malformedRubricIsRejectedWithLocation() throws {
        try expectRejected(
            ["--rubrics", path("bad/rubrics"), "--notes", path("notes"), "--judge", "baseline"],
            message: "bad/rubrics/enc1.yaml:6:13: error: points must be a non-zero number in [-10, 10]")
    }

    @Test func malformedNotesAreRejectedWithLocation() throws {
        try expectRejected(
            ["--rubrics", path("rubrics"), "--notes", path("bad/notes.jsonl"), "--judge", "baseline"],
            message: "bad/notes.jsonl:2: error: missing or empty string field \"note\"")
        try expectRejected(
            ["--rubrics", path("rubrics"), "--notes", path("bad/notes.jsonl"), "--judge", "baseline"],
            message: "bad/notes.jsonl:3: error: not a JSON object")
    }

    @Test func malformedVerdictFileIsRejectedWithLocation() throws {
        try expectRejected(
            ["--rubrics", path("rubrics"), "--notes", path("notes"), "--judge", "replay:\(path("bad/verdicts.csv"))"],
            message: "bad/verdicts.csv:3: error: verdict must be 'met' or 'not_met', found 'perhaps'")
    }

    @Test func malformedTranscriptIsRejectedWithLocation() throws {
        try expectRejected(
            ["--rubrics", path("rubrics"), "--notes", path("notes"), "--transcripts", path("bad/transcripts"), "--judge", "baseline"],
            message: "bad/transcripts/enc1.json:3:")
    }

    @Test func missingInputsAndUnknownJudgesAreRejected() throws {
        try expectRejected(
            ["--rubrics", path("rubrics"), "--notes", path("no-such-dir"), "--judge", "baseline"],
            message: "no-such-dir: error: no such file or directory")
        try expectRejected(
            ["--rubrics", path("rubrics"), "--notes", path("notes"), "--judge", "gpt4"],
            message: "error:")
        try expectRejected(
            ["--rubrics", path("rubrics"), "--notes", path("notes"), "--judge", "replay:\(path("missing.csv"))"],
            message: "missing.csv: error: no such file")
    }

    @Test func reportOfAnUnknownRunFailsClearly() throws {
        let store = try CLIRunner.temporaryDirectory().appendingPathComponent("runs.sqlite")
        _ = try gradeJSON(store: store)
        let result = try CLIRunner.run(["report", "run-000000000000", "--store", store.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no run 'run-000000000000'"))
    }
}
