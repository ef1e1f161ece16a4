import Foundation
import Hummingbird
import Testing
import ScribeGrade
@testable import ScribeGradeServer

/// Bad input gets a problem object naming what is wrong — the same diagnostics the CLI prints —
/// and nothing is stored.
@Suite struct ValidationTests {
    static let problemKeys: Set<String> = ["type", "title", "status", "detail", "instance", "diagnostics"]

    @Test func aBrokenRubricGetsEveryDiagnosticOfValidate() async throws {
        let test = try await TestService.make()
        let expected = RubricLoader().load([Fixtures.directory.appendingPathComponent("broken-rubric.yaml").path]).diagnostics
            .map { $0.description.replacingOccurrences(of: Fixtures.directory.path + "/", with: "") }
        #expect(expected.filter { $0.contains(": error: ") }.count >= 4)
        try await test.run { http in
            let reply = try await http.send(
                .post, "/api/rubrics?file=broken-rubric.yaml", token: test.token(.grader), contentType: "application/yaml",
                body: Fixtures.text("broken-rubric.yaml"))
            #expect(reply.status == .unprocessableContent)
            #expect(reply.contentType == "application/problem+json")
            #expect(Set(reply.json.keys).isSubset(of: Self.problemKeys))
            let diagnostics = try #require(reply.json["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.compactMap { $0["text"] as? String } == expected)
            #expect(diagnostics.allSatisfy { $0["file"] as? String == "broken-rubric.yaml" && $0["line"] is Int })
            let list = try await http.get("/api/rubrics", token: test.token(.viewer)).json
            #expect((list["rubrics"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aValidRubricIsStoredUnderItsIdAndReadBack() async throws {
        let test = try await TestService.make()
        let name = Fixtures.rubricFiles[0]
        let rubric = try #require(Fixtures.rubrics.first { $0.id + ".yaml" == name })
        try await test.run { http in
            let reply = try await http.send(.post, "/api/rubrics", token: test.token(.grader), contentType: "text/yaml", body: Fixtures.text("rubrics/\(name)"))
            #expect(reply.status == .created, "\(reply.body)")
            #expect(reply.headers[.location] == "/api/rubrics/\(rubric.id)")
            #expect((reply.json["rubric"] as? [String: Any])?["criteria"] as? Int == rubric.criteria.count)
            let detail = try await http.get("/api/rubrics/\(rubric.id)", token: test.token(.viewer)).json
            #expect(detail["yaml"] as? String == Fixtures.text("rubrics/\(name)"))
            #expect((detail["criteria"] as? [[String: Any]])?.map { $0["id"] as? String } == rubric.criteria.map(\.id))
            #expect(detail["positive_points"] as? Double == rubric.positivePoints)
        }
    }

    @Test func includesResolveAgainstUploadedFragmentsOnly() async throws {
        let test = try await TestService.make()
        let fragment = """
            title: Shared criteria
            criteria:
              - id: no-invented-exam
                section: objective
                text: Reports examination findings that were not part of the consultation.
                points: -3
            """
        let rubric = """
            id: with_include
            encounter: day1_consultation01
            include: [common/quality.yaml]
            criteria:
              - id: pc
                section: subjective
                text: Documents diarrhoea as the presenting complaint.
                points: 2
            """
        let escaping = rubric.replacingOccurrences(of: "with_include", with: "escaping").replacingOccurrences(of: "common/quality.yaml", with: "../../../etc/passwd")
        try await test.run { http in
            let missing = try await http.send(.post, "/api/rubrics?file=with_include.yaml", token: test.token(.grader), contentType: "application/yaml", body: rubric)
            #expect(missing.status == .unprocessableContent)
            #expect((missing.json["diagnostics"] as? [[String: Any]])?.first?["text"] as? String == "with_include.yaml:3:11: error: included file 'common/quality.yaml' not found (looked for common/quality.yaml)")
            let stored = try await http.send(.post, "/api/rubrics?file=common/quality.yaml", token: test.token(.grader), contentType: "application/yaml", body: fragment)
            #expect(stored.status == .created)
            #expect(stored.json["kind"] as? String == "fragment")
            let merged = try await http.send(.post, "/api/rubrics?file=with_include.yaml", token: test.token(.grader), contentType: "application/yaml", body: rubric)
            #expect(merged.status == .created, "\(merged.body)")
            #expect((merged.json["rubric"] as? [String: Any])?["criteria"] as? Int == 2)
            let outside = try await http.send(.post, "/api/rubrics?file=escaping.yaml", token: test.token(.grader), contentType: "application/yaml", body: escaping)
            #expect(outside.status == .unprocessableContent)
            let badName = try await http.send(.post, "/api/rubrics?file=../x.yaml", token: test.token(.grader), contentType: "application/yaml", body: rubric)
            #expect(badName.status == .unprocessableContent)
        }
    }

    @Test func bodiesOverTheLimitGet413() async throws {
        let test = try await TestService.make(ServerConfiguration(maxBodyBytes: 4096))
        try await test.run { http in
            let note = String(repeating: "Patient reports abdominal pain. ", count: 400)
            let reply = try await http.postJSON("/api/notes", token: test.token(.grader), ["system": "big", "encounter": "e1", "note": note])
            #expect(reply.status == .contentTooLarge)
            #expect(reply.contentType == "application/problem+json")
            #expect(!reply.body.contains("abdominal"))
            let notes = try await http.get("/api/notes", token: test.token(.viewer)).json
            #expect((notes["notes"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aMethodAPathDoesNotAnswerGets405NamingTheMethodsItDoes() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            for (method, path, allow) in [
                (HTTPRequest.Method.delete, "/api/runs", "GET, POST"), (.put, "/api/runs/run-0123/cancel", "POST"),
                (.patch, "/healthz", "GET"), (.delete, "/api/notes/note1/day1_consultation01", "GET"),
            ] {
                let reply = try await http.send(method, path, token: test.token(.admin))
                #expect(reply.status == .methodNotAllowed, "\(method) \(path)")
                #expect(reply.headers[.allow] == allow)
                #expect(reply.contentType == "application/problem+json")
            }
            // No route at all, and a route's own "not found", stay 404.
            #expect(try await http.send(.delete, "/api/nothing/here", token: test.token(.admin)).status == .notFound)
            #expect(try await http.get("/api/runs/run-000000000000", token: test.token(.admin)).status == .notFound)
        }
    }

    @Test func malformedAndMistypedBodiesGetProblemsThatQuoteNothing() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let broken = try await http.send(.post, "/api/notes", token: test.token(.grader), contentType: "application/json", body: "{\"system\": \"a\", \"note\": \"chest pain since Tuesday")
            #expect(broken.status == .badRequest)
            #expect(broken.json["detail"] as? String == "the body is not valid JSON")
            #expect(!broken.body.contains("chest"))
            let wrongType = try await http.postJSON("/api/notes", token: test.token(.grader), ["system": 7, "note": "chest pain"])
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.json["detail"] as? String == "field `system` must be a string")
            let media = try await http.send(.post, "/api/notes", token: test.token(.grader), contentType: "text/csv", body: "a,b")
            #expect(media.status == .unsupportedMediaType)
            let unknown = try await http.get("/api/nothing-here", token: test.token(.admin))
            #expect(unknown.status == .notFound)
            #expect(unknown.contentType == "application/problem+json")
            for reply in [broken, wrongType, media, unknown] {
                #expect(Set(reply.json.keys).isSubset(of: Self.problemKeys))
                #expect(reply.json["type"] as? String == "about:blank")
            }
        }
    }

    @Test func aBatchOfNotesReportsEveryProblemAndStoresNothing() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let reply = try await http.postJSON("/api/notes", token: test.token(.grader), [
                "system": "vendor a",
                "notes": [
                    ["encounter": "e1", "note": "Fine."],
                    ["encounter": "e1", "note": "Again."],
                    ["encounter": "e2", "note": "   "],
                    ["note": "No encounter."],
                ],
            ])
            #expect(reply.status == .unprocessableContent)
            let texts = try #require(reply.json["diagnostics"] as? [[String: Any]]).compactMap { $0["text"] as? String }
            #expect(texts == [
                "system: error: must be 1 to 128 characters: letters, digits, '.', '_' or '-'",
                "notes[1].encounter: error: a second note for encounter 'e1' (first at notes[0])",
                "notes[2].note: error: is required and must not be empty",
                "notes[3].encounter: error: is required",
            ])
            let notes = try await http.get("/api/notes", token: test.token(.viewer)).json
            #expect((notes["notes"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func transcriptsAreParsedByTheCLIImporters() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let text = try await http.send(.post, "/api/encounters?id=e7", token: test.token(.grader), contentType: "text/plain", body: "Doctor: How are you?\nPatient: Dizzy since Monday.\n")
            #expect(text.status == .created)
            #expect((text.json["encounter"] as? [String: Any])?["speakers"] as? [String] == ["doctor", "patient"])
            let unnamed = try await http.send(.post, "/api/encounters", token: test.token(.grader), contentType: "text/plain", body: "Doctor: Hi")
            #expect(unnamed.status == .unprocessableContent)
            let badTurns = try await http.send(.post, "/api/encounters", token: test.token(.grader), contentType: "application/json", body: "{\"encounter\": \"e8\",\n \"turns\": 5}")
            #expect(badTurns.status == .unprocessableContent)
            #expect((badTurns.json["diagnostics"] as? [[String: Any]])?.first?["text"] as? String == "e8.json:2:11: error: \"turns\" must be an array, found a number")
            let turns = try await http.get("/api/encounters/e7", token: test.token(.viewer)).json
            #expect((turns["turns"] as? [[String: Any]])?.last?["text"] as? String == "Dizzy since Monday.")
        }
    }

    @Test func runsRefuseJudgesTheServiceCannotOrMayNotUse() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let empty = try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["baseline"]])
            #expect(empty.status == .unprocessableContent)
            try await http.uploadFixtures(token: test.token(.grader))
            let replay = try await http.postJSON("/api/runs", token: test.token(.admin), ["judges": ["replay:/etc/passwd"]])
            #expect(replay.status == .unprocessableContent)
            #expect((replay.json["diagnostics"] as? [[String: Any]])?.first?["file"] as? String == "judges[0]")
            let inline = try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["openai:gpt-4.1@http://10.1.2.3/v1"]])
            #expect(inline.status == .forbidden)
            let unknown = try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["gpt-mini"]])
            #expect(unknown.status == .unprocessableContent)
            let keyless = try await http.postJSON("/api/runs", token: test.token(.admin), ["judges": ["openai:gpt-4.1"]])
            #expect(keyless.status == .unprocessableContent)
            let samples = try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["baseline"], "samples": 0, "concurrency": 1000])
            #expect((samples.json["diagnostics"] as? [[String: Any]])?.compactMap { $0["file"] as? String } == ["samples", "concurrency"])
            let system = try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["baseline"], "systems": ["nobody"]])
            #expect(system.status == .unprocessableContent)
        }
    }
}
