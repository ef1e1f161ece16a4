/// What checking one rubric found: the rubric when it has no errors, and every diagnostic.
public struct RubricCheck: Sendable {
    /// `nil` when any error was found.
    public var rubric: Rubric?
    /// Errors and lint warnings, in source order, each once.
    public var diagnostics: [Diagnostic]
    /// The criteria declared, included ones counted, whether or not they are valid.
    public var criterionCount: Int

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
