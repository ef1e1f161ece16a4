/// What loading rubric files and directories found: the valid rubrics and every diagnostic.
public struct RubricLoad: Sendable {
    /// The rubrics without errors, in the order their files were found.
    public var rubrics: [Rubric]
    /// Errors and warnings from every file, in source order, each once.
    public var diagnostics: [Diagnostic]
    /// How many rubric files were checked, valid or not (include fragments not counted).
    public var rubricFileCount: Int
    /// How many criteria those rubrics declare, included ones counted.
    public var criterionCount: Int
    /// The include fragments found among the paths, checked on their own.
    public var fragmentPaths: [String]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// The rubrics when no file had an error; otherwise an `InputError` with every error.
    public func validRubrics() throws -> [Rubric] {
        let found = errors
        guard found.isEmpty else { throw InputError(found) }
        return rubrics
    }
}
