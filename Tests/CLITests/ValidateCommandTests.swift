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

    /// The rubric attacks kept with the library's rubric fixtures.
    static let attacks = CLIRunner.packageRoot.appendingPathComponent("Tests/ScribeGradeTests/Fixtures/rubrics/attacks")

    @Test func aBillionLaughsRubricIsRefusedAtItsFirstAnchor() throws {
        let result = try CLIRunner.run(["validate", "billion-laughs.yaml", "alias-keys.yaml"], in: Self.attacks)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "billion-laughs.yaml:3:4: error: anchors and aliases are not allowed in rubrics; write each value out in full")
        #expect(lines.contains("alias-keys.yaml:3:4: error: anchors and aliases are not allowed in rubrics; write each value out in full"))
        #expect(lines.contains("billion-laughs.yaml:4:40: error: 72 more anchors and aliases"))
        #expect(lines.count == 22)
        #expect(result.stdout == "validated 2 rubrics (0 criteria): 22 errors, 0 warnings\n")
    }

    @Test func includesOutsideTheRubricRootAreRefusedAndNeverEchoed() throws {
        // project/ is the working directory; secret.yaml sits beside it.
        let base = try CLIRunner.temporaryDirectory().resolvingSymlinksInPath()
        let project = base.appendingPathComponent("project")
        let rubrics = project.appendingPathComponent("rubrics")
        try FileManager.default.createDirectory(at: rubrics, withIntermediateDirectories: true)
        let marker = "SECRET-MARKER-c41d"
        let secret = base.appendingPathComponent("secret.yaml")
        try "\(marker): 1\ncriteria: [\(marker)\n".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: rubrics.appendingPathComponent("link.yaml").path, withDestinationPath: secret.path)
        try "id: r\nencounter: e\ninclude: ['\(secret.path)', ../../secret.yaml, link.yaml, /etc/passwd]\ncriteria:\n  - {id: a, text: A., points: 1}\n"
            .write(to: rubrics.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["validate", "rubrics/r.yaml"], in: project)
        #expect(result.status == 2)
        let column = 15 + secret.path.count
        #expect(result.stderr == """
            rubrics/r.yaml:3:11: error: include '\(secret.path)' is outside the rubric root '\(project.path)'
            rubrics/r.yaml:3:\(column): error: include '../../secret.yaml' is outside the rubric root '\(project.path)'
            rubrics/r.yaml:3:\(column + 19): error: include 'link.yaml' is outside the rubric root '\(project.path)'
            rubrics/r.yaml:3:\(column + 30): error: include '/etc/passwd' is outside the rubric root '\(project.path)'

            """)
        #expect(!result.stderr.contains(marker) && !result.stdout.contains(marker))
        #expect(!result.stderr.contains("root:"))
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
