import Foundation
import ScribeGrade

/// Paths and texts of the importer fixtures: small copies of the real PriMock57 and ACI-Bench
/// files (CC BY 4.0, see Fixtures/import/README.md) and hand-made malformed inputs.
enum ImportFixture {
    static let root: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/import")

    static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    static func text(_ relative: String) throws -> String {
        try LocalFileSource().read(path(relative))
    }

    static func csv(_ relative: String) throws -> CSVTable {
        try CSVTable(parsing: try text(relative), path: path(relative))
    }

    /// The diagnostics an `InputError` thrown by `body` carries, or an empty list.
    static func diagnostics(_ body: () throws -> Void) -> [Diagnostic] {
        do {
            try body()
            return []
        } catch let error as InputError {
            return error.diagnostics
        } catch {
            return [.error("unexpected \(type(of: error))", at: SourceLocation(file: "?"))]
        }
    }
}

/// Files held in memory, for loader tests that need a directory shaped a particular way.
struct InMemoryFileSource: FileSource {
    var contents: [String: String]

    func read(_ path: String) throws -> String {
        guard let text = contents[path] else { throw InputError("no such file", at: SourceLocation(file: path)) }
        return text
    }

    func files(in directory: String) throws -> [String] {
        contents.keys.filter { ($0 as NSString).deletingLastPathComponent == directory }.sorted()
    }

    func directories(in directory: String) throws -> [String] { [] }
    func isDirectory(_ path: String) -> Bool { !contents.keys.contains(path) }
    func exists(_ path: String) -> Bool { contents[path] != nil }
}
