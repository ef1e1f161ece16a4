import Foundation
import Testing

@Suite struct ValidateCommandTests {
    static let fixtures = CLIRunner.fixtures

    @Test func aValidRubricValidatesCleanWithStatusZero() throws {
        let result = try CLIRunner.run(["validate", "rubrics/valid"], in: Self.fixtures)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == "validated 1 rubric (5 criteria): 0 errors, 0 warnings\n")
    }

    @Test func errorsArePrintedLikeACompilerWithStatusTwo() throws {
        let result = try CLIRunner.run(["validate", "rubrics/invalid/bad.yaml"], in: Self.fixtures)
        #expect(result.status == 2)
        #expect(result.stderr == """
            rubrics/invalid/bad.yaml:6:13: error: points must be a non-zero number in [-10, 10]
            rubrics/invalid/bad.yaml:7:5: error: criterion 'a' is missing required key 'points'
            rubrics/invalid/bad.yaml:7:9: error: duplicate criterion id 'a'; first defined at line 4
            rubrics/invalid/bad.yaml:8:14: error: unknown section 'history'; expected one of subjective, objective, assessment, plan, any
            rubrics/invalid/bad.yaml:10:5: error: unknown key 'point'; did you mean 'points'?

            """)
        #expect(result.stdout == "validated 1 rubric (2 criteria): 5 errors, 0 warnings\n")
    }

    @Test func warningsAloneDoNotFailValidation() throws {
        let result = try CLIRunner.run(["validate", "rubrics/warn"], in: Self.fixtures)
        #expect(result.status == 0)
        #expect(result.stderr == "rubrics/warn/warned.yaml:5:11: warning: criterion text may join several facts with 'and'; split it so a judge decides one fact per criterion\n")
        #expect(result.stdout == "validated 1 rubric (1 criterion): 0 errors, 1 warning\n")
    }

    @Test func strictMakesWarningsErrors() throws {
        let result = try CLIRunner.run(["validate", "--strict", "rubrics/warn"], in: Self.fixtures)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("rubrics/warn/warned.yaml:5:11: error: criterion text may join several facts"))
        #expect(result.stdout == "validated 1 rubric (1 criterion): 1 error, 0 warnings\n")
    }

    @Test func everyFileIsReportedInOneRun() throws {
        let result = try CLIRunner.run(["validate", "rubrics", "missing-dir"], in: Self.fixtures)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "missing-dir: error: no such file or directory")
        #expect(lines.filter { $0.hasPrefix("rubrics/invalid/bad.yaml:") }.count == 5)
        #expect(lines.filter { $0.hasPrefix("rubrics/warn/warned.yaml:5:11: warning:") }.count == 1)
        #expect(result.stdout == "validated 3 rubrics (8 criteria): 6 errors, 1 warning\n")
    }

    @Test func helpShowsExamples() throws {
        let result = try CLIRunner.run(["validate", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("scribegrade validate Rubrics/"))
        #expect(result.stdout.contains("--strict"))
    }

    @Test func noPathIsAUsageError() throws {
        let result = try CLIRunner.run(["validate"])
        #expect(result.status != 0)
        #expect(result.status != 2)
        #expect(result.stderr.contains("Missing expected argument"))
    }

    @Test func theRootCommandListsValidate() throws {
        let result = try CLIRunner.run(["--help"])
        #expect(result.stdout.contains("validate"))
    }
}
