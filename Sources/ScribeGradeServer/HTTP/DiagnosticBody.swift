import ScribeGrade

/// A diagnostic as JSON: its parts, and the compiler-style line `path:line:col: error: message`.
struct DiagnosticBody: Encodable, Sendable {
    let severity: String
    let file: String
    let line: Int?
    let column: Int?
    let message: String
    let text: String

    init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity.rawValue
        file = diagnostic.location.file
        line = diagnostic.location.line
        column = diagnostic.location.column
        message = diagnostic.message
        text = diagnostic.description
    }
}
