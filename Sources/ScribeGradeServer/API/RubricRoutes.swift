import Foundation
import Hummingbird
import ScribeGrade
import ScribeGradeStore

/// `/api/rubrics`: upload rubric YAML (validated exactly as `scribegrade validate` does, with
/// the same `path:line:col` diagnostics), list and read rubrics.
///
/// Uploaded files form a folder of their own: a rubric's `include` entries resolve against
/// the other uploaded files (fragments uploaded with `?file=common/x.yaml`), never against
/// the server's disk.
struct RubricRoutes {
    let backend: Backend

    static let mediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"]

    func register(_ routes: RouteTable) {
        routes.get("/api/rubrics", .read, list)
        routes.post("/api/rubrics", .submit, upload)
        routes.get("/api/rubrics/:rubric", .read, show)
    }

    struct Summary: Encodable {
        let id: String
        let encounter: String
        let version: Int
        let title: String?
        let source: String?
        let path: String
        let criteria: Int
        let positive_points: Double
        let updated_at: Date

        init(_ document: RubricDocument, _ rubric: Rubric) {
            id = rubric.id
            encounter = rubric.encounter
            version = rubric.version
            title = rubric.title
            source = rubric.source
            path = document.path
            criteria = rubric.criteria.count
            positive_points = rubric.positivePoints
            updated_at = document.updatedAt
        }
    }

    struct Fragment: Encodable {
        let path: String
        let updated_at: Date
    }

    struct CriterionBody: Encodable {
        let id: String
        let section: String
        let text: String
        let points: Double
        let critical: Bool
        let tags: [String]
        let parent: String?
    }

    struct Detail: Encodable {
        let id: String
        let encounter: String
        let version: Int
        let title: String?
        let source: String?
        let path: String
        let includes: [String]
        let positive_points: Double
        let updated_at: Date
        let yaml: String
        let criteria: [CriterionBody]
    }

    struct Uploaded: Encodable {
        let path: String
        let kind: String
        let rubric: Summary?
        let warnings: [DiagnosticBody]
    }

    @Sendable func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable {
            let rubrics: [Summary]
            let fragments: [Fragment]
        }
        let documents = try await backend.store.rubricDocuments()
        return try JSONResponse.make(Body(
            rubrics: documents.compactMap { document in document.rubric.map { Summary(document, $0) } }.sorted { $0.id < $1.id },
            fragments: documents.filter { $0.rubric == nil }.map { Fragment(path: $0.path, updated_at: $0.updatedAt) }))
    }

    @Sendable func show(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let id = try context.parameter("rubric")
        guard let document = try await backend.store.rubricDocument(id: id), let rubric = document.rubric else {
            throw Problem.notFound("no rubric '\(id)'")
        }
        return try JSONResponse.make(Detail(
            id: rubric.id, encounter: rubric.encounter, version: rubric.version, title: rubric.title, source: rubric.source,
            path: document.path, includes: rubric.includes, positive_points: rubric.positivePoints, updated_at: document.updatedAt,
            yaml: document.yaml,
            criteria: rubric.criteria.map {
                CriterionBody(id: $0.id, section: $0.section.rawValue, text: $0.text, points: $0.points, critical: $0.critical, tags: $0.tags, parent: $0.parent)
            }))
    }

    @Sendable func upload(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try request.requireMediaType(Self.mediaTypes)
        let data = try await request.bodyData(limit: backend.configuration.maxBodyBytes)
        let file = try request.query("file").map(Self.validatedPath)
        // Not UTF-8: a diagnostic at the first invalid byte, as `validate` gives for a file.
        let text = try UTF8Text.decode(data, path: file ?? "rubric.yaml")
        let path = file ?? Self.defaultPath(text)
        let stored = try await backend.store.rubricDocuments()
        var files = Dictionary(stored.map { ($0.path, $0.yaml) }, uniquingKeysWith: { first, _ in first })
        files[path] = text
        let load = RubricLoader(files: MemoryFileSource(files)).load([path])
        guard load.errors.isEmpty else {
            throw Problem.unprocessable("the rubric did not validate (\(load.errors.count) error\(load.errors.count == 1 ? "" : "s"))", diagnostics: load.diagnostics)
        }
        let rubric = load.rubrics.first
        if rubric == nil, request.query("file") == nil {
            throw Problem.unprocessable("this file has neither id nor encounter, so it is an include fragment; upload it with ?file=PATH so rubrics can include it")
        }
        if let rubric, let other = stored.first(where: { $0.rubric?.id == rubric.id && $0.path != path }) {
            throw Problem.conflict("rubric id '\(rubric.id)' is already stored as \(other.path); upload it under that file name to replace it")
        }
        if rubric == nil, let existing = stored.first(where: { $0.path == path }), existing.rubric != nil {
            throw Problem.conflict("\(path) holds a rubric; a fragment cannot replace it")
        }
        let document = RubricDocument(path: path, yaml: text, rubric: rubric)
        try await backend.store.saveRubricDocument(document)
        context.logger.info("rubric stored", metadata: ["path": "\(path)", "rubric": "\(rubric?.id ?? "-")"])
        var headers: HTTPFields = [:]
        if let rubric { headers[.location] = "/api/rubrics/\(rubric.id)" }
        return try JSONResponse.make(
            Uploaded(path: path, kind: rubric == nil ? "fragment" : "rubric", rubric: rubric.map { Summary(document, $0) }, warnings: load.warnings.map(DiagnosticBody.init)),
            status: .created, headers: headers)
    }

    /// A relative path of ids separated by `/`, ending in `.yaml` or `.yml`.
    static func validatedPath(_ file: String) throws -> String {
        let segments = file.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard file.hasSuffix(".yaml") || file.hasSuffix(".yml"), segments.count <= 8, segments.allSatisfy(Identifier.isValid) else {
            throw Problem.unprocessable("file must be a relative path like day1_consultation01.yaml or common/soap-quality.yaml: parts of letters, digits, '.', '_' or '-', ending in .yaml or .yml")
        }
        return file
    }

    /// `<id>.yaml` for the top-level `id:` of the text, so the file-name check passes as it
    /// does for a file saved under its id; `rubric.yaml` when there is no usable id.
    static func defaultPath(_ text: String) -> String {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where line.hasPrefix("id:") {
            var value = line.dropFirst(3)
            if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
            let id = value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if Identifier.isValid(id) { return id + ".yaml" }
        }
        return "rubric.yaml"
    }
}
