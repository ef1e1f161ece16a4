import ArgumentParser
import ScribeGrade

/// `scribegrade validate PATH...`: checks rubric files like a compiler checks sources.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check rubric YAML files and report every problem at once.",
        discussion: """
            Each problem is printed to standard error as PATH:LINE:COL: error: MESSAGE (or \
            warning:), and a summary to standard output. The exit status is 2 when any rubric \
            has an error, 0 otherwise. Warnings (very long criteria, criteria that join several \
            facts with "and", duplicate texts, a parent in another section) do not fail \
            validation unless --strict is given.

            Directories are searched recursively for *.yaml and *.yml files. Files with neither \
            'id' nor 'encounter' are include fragments: checked, but not counted as rubrics.

            Examples:
              scribegrade validate Rubrics/
              scribegrade validate Rubrics/primock57/day1_consultation01.yaml
              scribegrade validate --strict Rubrics/primock57 Rubrics/aci-bench
            """
    )

    @Argument(help: ArgumentHelp("Rubric files or directories.", valueName: "path"))
    var paths: [String]

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func run() throws {
        let load = RubricLoader().load(paths)
        let diagnostics = load.diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            if strict, diagnostic.severity == .warning { diagnostic.severity = .error }
            return diagnostic
        }
        Diagnostics.print(diagnostics)
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        print("validated \(Self.count(load.rubricFileCount, "rubric")) (\(Self.count(load.criterionCount, "criterion", "criteria"))): "
              + "\(Self.count(errors, "error")), \(Self.count(warnings, "warning"))")
        if errors > 0 { throw ExitCode(2) }
    }

    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
    }
}
