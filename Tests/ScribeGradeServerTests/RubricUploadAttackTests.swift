import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import ScribeGrade
@testable import ScribeGradeServer

/// Hostile rubric uploads with a grader token: the alias bomb is refused from libyaml's events
/// with a diagnostic, and includes never reach the server's disk.
@Suite struct RubricUploadAttackTests {
    /// The rubric attacks kept with the library's rubric fixtures.
    static let attacks = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ScribeGradeTests/Fixtures/rubrics/attacks")
    static let refusal = "anchors and aliases are not allowed in rubrics; write each value out in full"

    static func attack(_ name: String) throws -> String {
        try String(contentsOf: attacks.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func aBillionLaughsUploadGetsTheAliasDiagnosticAndTheServiceStaysUp() async throws {
        let test = try await TestService.make()
        let laughs = try Self.attack("billion-laughs.yaml")
        let keys = try Self.attack("alias-keys.yaml")
        #expect(laughs.utf8.count < 512 && keys.utf8.count < 512)
        try await test.run { http in
            let reply = try await http.send(.post, "/api/rubrics", token: test.token(.grader), contentType: "application/yaml", body: laughs)
            #expect(reply.status == .unprocessableContent)
            let diagnostics = try #require(reply.json["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.first?["text"] as? String == "billion-laughs.yaml:3:4: error: \(Self.refusal)")
            #expect(diagnostics.last?["text"] as? String == "billion-laughs.yaml:4:40: error: 72 more anchors and aliases")
            let asKeys = try await http.send(.post, "/api/rubrics", token: test.token(.grader), contentType: "application/yaml", body: keys)
            #expect(asKeys.status == .unprocessableContent)
            #expect((asKeys.json["diagnostics"] as? [[String: Any]])?.first?["text"] as? String == "alias-keys.yaml:3:4: error: \(Self.refusal)")
            #expect(try await http.get("/healthz", token: nil).status == .ok)
        }
    }

    @Test func includesOfTheServersFilesAreOutsideTheUploadsAndNeverRead() async throws {
        let test = try await TestService.make()
        let marker = "SECRET-MARKER-9e21"
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString).yaml")
        try "\(marker): 1\ncriteria:\n  - {id: \(marker), text: \(marker), points: 11}\n".write(to: secret, atomically: true, encoding: .utf8)
        let rubric = "id: escaping\nencounter: e\ninclude: [/etc/passwd, '\(secret.path)', ../../../etc/passwd]\ncriteria:\n  - {id: a, text: A., points: 1}\n"
        try await test.run { http in
            let reply = try await http.send(.post, "/api/rubrics", token: test.token(.grader), contentType: "application/yaml", body: rubric)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.contentType == "application/problem+json")
            let texts = (reply.json["diagnostics"] as? [[String: Any]])?.compactMap { $0["text"] as? String }
            let column = 28 + secret.path.count
            #expect(texts == [
                "escaping.yaml:3:11: error: include '/etc/passwd' is outside the rubric root '.'",
                "escaping.yaml:3:24: error: include '\(secret.path)' is outside the rubric root '.'",
                "escaping.yaml:3:\(column): error: include '../../../etc/passwd' is outside the rubric root '.'",
            ])
            #expect(!reply.body.contains(marker))
            #expect(!reply.body.contains("root:x:"))
        }
    }

    @Test func aRubricThatIsNotUTF8IsReportedAtItsFirstInvalidByte() async throws {
        let test = try await TestService.make()
        let bytes = Array("id: latin1\nencounter: e\ntitle: caf".utf8) + [0xE9] + Array("\ncriteria:\n  - {id: a, text: A., points: 1}\n".utf8)
        try await test.run { http in
            var headers: HTTPFields = [.authorization: "Bearer \(test.token(.grader))", .contentType: "application/yaml"]
            headers[.contentLength] = "\(bytes.count)"
            let response = try await http.client.executeRequest(
                uri: "/api/rubrics?file=latin1.yaml", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
            #expect(response.status == .unprocessableContent)
            let reply = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
            #expect((reply?["diagnostics"] as? [[String: Any]])?.compactMap { $0["text"] as? String } == [
                "latin1.yaml:3:11: error: file is not valid UTF-8 text: byte 0xE9 does not form a character here; save it as UTF-8",
            ])
        }
    }
}
