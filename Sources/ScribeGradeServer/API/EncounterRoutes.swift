import Foundation
import Hummingbird
import ScribeGrade

/// `/api/encounters`: upload a transcript (JSON turns, `Speaker: text` lines or an ACI-Bench
/// `[doctor] …` dialogue), parsed by the same importers as `--transcripts` files, and read it back.
struct EncounterRoutes {
    let backend: Backend

    func register(_ routes: RouteTable) {
        routes.get("/api/encounters", .read, list)
        routes.post("/api/encounters", .submit, upload)
        routes.get("/api/encounters/:encounter", .read, show)
    }

    struct Summary: Encodable {
        let id: String
        let turns: Int
        let speakers: [String]
        let duration: Double?

        init(_ encounter: Encounter) {
            id = encounter.id
            turns = encounter.turns.count
            var seen: Set<String> = []
            speakers = encounter.turns.map(\.speaker).filter { seen.insert($0).inserted }
            duration = encounter.turns.compactMap(\.end).max()
        }
    }

    struct TurnBody: Encodable {
        let speaker: String
        let text: String
        let start: Double?
        let end: Double?
    }

    @Sendable func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable { let encounters: [Summary] }
        return try JSONResponse.make(Body(encounters: try await backend.store.storedEncounters().map(Summary.init)))
    }

    @Sendable func show(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable {
            let id: String
            let turns: [TurnBody]
        }
        let id = try context.parameter("encounter")
        guard let encounter = try await backend.store.storedEncounter(id) else { throw Problem.notFound("no transcript for encounter '\(id)'") }
        return try JSONResponse.make(Body(id: encounter.id, turns: encounter.turns.map { TurnBody(speaker: $0.speaker, text: $0.text, start: $0.start, end: $0.end) }))
    }

    @Sendable func upload(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable { let encounter: Summary }
        try request.requireMediaType(["application/json", "text/plain"])
        let isJSON = request.mediaType.map { $0 != "text/plain" } ?? true
        let text = try await request.bodyText(limit: backend.configuration.maxBodyBytes)
        guard let id = request.query("id") ?? (isJSON ? Self.declaredID(text) : nil) else {
            throw Problem.unprocessable(isJSON
                ? "name the encounter with ?id=ENCOUNTER or an \"encounter\" field"
                : "name the encounter with ?id=ENCOUNTER")
        }
        _ = try Identifier.require(id, field: "the encounter id")
        let path = id + (isJSON ? ".json" : ".txt")
        let encounter = try EncounterLoader(files: MemoryFileSource([path: text])).loadFile(path)
        try await backend.store.saveEncounters([encounter])
        context.logger.info("transcript stored", metadata: ["encounter": "\(encounter.id)", "turns": "\(encounter.turns.count)"])
        var headers: HTTPFields = [:]
        headers[.location] = "/api/encounters/\(encounter.id)"
        return try JSONResponse.make(Body(encounter: Summary(encounter)), status: .created, headers: headers)
    }

    /// The `encounter` (or `id`) string of a JSON transcript object, if it has one.
    static func declaredID(_ text: String) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return nil }
        return (object["encounter"] as? String) ?? (object["id"] as? String)
    }
}
