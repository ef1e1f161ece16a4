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
