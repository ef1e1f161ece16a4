import Foundation
import Testing
import ScribeGrade
@testable import ScribeGradeSimulator

/// The simulator's scribe (notes assembled from the transcript at a model's omission and
/// hallucination rates, deterministic per seed) and its lexical verdicts.
@Suite struct SimulatedScribeTests {
    /// Forty sentences a patient says, one turn each.
    static let transcript = (1...40).map { "Patient: I have had a dry cough for \($0) days now." }.joined(separator: "\n")

    /// Asks the engine for a note in the scribe schema and returns the answer's sections.
    static func note(model: String, _ configuration: SimulatorConfiguration) throws -> [String: String] {
        let body: JSONValue = [
            "model": .string(model),
            "messages": [
                ["role": "system", "content": "Write the note."],
                ["role": "user", "content": .string("<transcript_T1>\n\(transcript)\n</transcript_T1>\n\nWrite the SOAP note of this encounter.")],
            ],
            "response_format": ["type": "json_schema", "json_schema": ["name": "soap_note", "strict": true, "schema": VerdictSchema.soapNote.json]],
        ]
        let engine = try SimulatorEngine(configuration: configuration)
        let reply = engine.handle(method: "POST", path: "/v1/chat/completions", headers: [], body: body.compactBytes)
        guard case let .respond(200, _, bytes) = reply.action else { Issue.record("no 200 answer"); return [:] }
        let content = try #require(try JSONValue(parsing: bytes)["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue)
        let answer = try JSONValue(parsing: content)
        var sections: [String: String] = [:]
        for section in SOAPNoteAnswer.sections { sections[section.key] = answer[section.key]?.stringValue }
        return sections
    }

    static func lines(_ sections: [String: String]) -> [String] {
        sections.values.flatMap { $0.split(separator: "\n").map(String.init) }.filter { $0.hasPrefix("- ") }
    }

    @Test func aScribeLeavesOutSentencesAtItsModelsOmissionRateTheSameWayForOneSeed() throws {
        var configuration = SimulatorConfiguration(seed: 7)
        configuration.scribes = ["careful": ScribeBehaviour(omission: 0, hallucination: 0), "sloppy": ScribeBehaviour(omission: 0.7, hallucination: 0)]
        let careful = try Self.note(model: "careful", configuration)
        let sloppy = try Self.note(model: "sloppy", configuration)
        #expect(Self.lines(careful).count == 40)
        #expect(Set(SOAPNoteAnswer.sections.map(\.key)) == Set(careful.keys))
        #expect((4...22).contains(Self.lines(sloppy).count), "\(Self.lines(sloppy).count) of 40 kept at omission 0.7")
        #expect(try Self.note(model: "sloppy", configuration) == sloppy)
        configuration.seed = 8
        #expect(try Self.note(model: "sloppy", configuration) != sloppy)
    }

    @Test func aHallucinatingScribeAddsFindingsTheTranscriptNeverSaid() throws {
        var configuration = SimulatorConfiguration()
        configuration.defaultScribe = ScribeBehaviour(omission: 0, hallucination: 1)
        let lines = Self.lines(try Self.note(model: "any-model", configuration))
        let invented = lines.filter { SimulatedScribe.inventions.contains(String($0.dropFirst(2))) }
        #expect(lines.count == 80)
        #expect(invented.count == 40)
        #expect(invented.allSatisfy { !Self.transcript.contains($0.dropFirst(2)) })
    }

    @Test func scribeOptionsParseAndRefuseRatesOutsideTheUnitInterval() throws {
        let (model, behaviour) = try ScribeBehaviour.parse("gpt-sim:omission=0.3,hallucination=0.1")
        #expect(model == "gpt-sim" && behaviour == ScribeBehaviour(omission: 0.3, hallucination: 0.1))
        #expect(try ScribeBehaviour.parse("m:omission=0.5").behaviour.hallucination == ScribeBehaviour.default.hallucination)
        #expect(throws: InputError.self) { try ScribeBehaviour.parse("m:omission=1.5") }
        #expect(throws: InputError.self) { try ScribeBehaviour.parse("m:recall=0.5") }
    }

    @Test func lexicalVerdictsGradeTheNoteBlockByTheBaselinesRule() throws {
        func verdict(_ criterion: String, id: String = "c1", penalty: Bool = false, _ verdicts: SimulatedVerdicts) throws -> String? {
            let user = """
                <note_T1>
                The diarrhoea started three days ago, no blood in the stool.
                </note_T1>

                Criterion id: \(id)
                Section: subjective
                \(penalty ? "This criterion is a penalty: it describes an error. Answer met if the note makes this error.\n" : "")Criterion: \(criterion)
                """
            let body: JSONValue = [
                "model": "judge", "messages": [["role": "user", "content": .string(user)]],
                "response_format": ["type": "json_schema", "json_schema": ["name": "criterion_verdict", "strict": true, "schema": VerdictSchema.single.json]],
            ]
            var configuration = SimulatorConfiguration()
            configuration.verdicts = verdicts
            let reply = try SimulatorEngine(configuration: configuration).handle(method: "POST", path: "/v1/chat/completions", headers: [], body: body.compactBytes)
            guard case let .respond(200, _, bytes) = reply.action else { return nil }
            let content = try JSONValue(parsing: bytes)["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
            return try JSONValue(parsing: content)["verdict"]?.stringValue
        }
        #expect(try verdict("States that the diarrhoea started three days ago.", .lexical) == "met")
        #expect(try verdict("Documents a fever of 39 degrees.", .lexical) == "not_met")
        #expect(try verdict("Documents blood in the stool.", penalty: true, .lexical) == "not_met")
        // The default stays the hash verdict, whatever the note says.
        let hashed = try (0..<8).map { try verdict("States that the diarrhoea started three days ago.", id: "c\($0)", .hash) }
        #expect(hashed.contains("met") && hashed.contains("not_met"))
    }
}
