import Testing
import ScribeGrade

/// `batch: true` on a judge of scribegrade.yaml: asked through its provider's batch API in
/// every run, as with `--batch`.
@Suite struct JudgeBatchConfigTests {
    @Test func batchIsReadPerJudgeAndAbsentByDefault() throws {
        let config = try ScribeGradeConfig(parsing: """
            judges:
              cheap:
                provider: openai
                model: gpt-4.1-mini
                batch: true
              quick:
                provider: anthropic
                model: claude-sonnet-4-5
            """, path: "scribegrade.yaml")
        #expect(config.judges["cheap"]?.batch == true)
        #expect(config.judges["quick"]?.batch == nil)
    }

    @Test func batchThatIsNotABooleanIsAnErrorAtItsLine() throws {
        let error = try #require(throws: InputError.self) {
            try ScribeGradeConfig(parsing: "judges:\n  a:\n    provider: openai\n    model: x\n    batch: sometimes\n", path: "s.yaml")
        }
        #expect("\(error)".contains("'batch' must be true or false"))
        #expect("\(error)".contains("s.yaml:5"))
    }
}
