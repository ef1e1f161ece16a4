import ArgumentParser
import ScribeGrade

@main
struct ScribeGradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scribegrade",
        abstract: "Grade AI scribe notes against clinician rubrics, rank scribe products, calibrate judges.",
        discussion: """
            Quick start (offline, lexical baseline judge — not an LLM):
              scribegrade grade --rubrics Rubrics/primock57 \\
                  --notes Examples/primock57/notes --judge baseline
            """,
        version: ScribeGradeVersion.string,
        subcommands: [
            GradeCommand.self, ReportCommand.self, RunsCommand.self, ValidateCommand.self,
            ImportCommand.self, RubricCommand.self, StatementsCommand.self, AgreementCommand.self,
            CalibrateCommand.self, RatingsCommand.self, SplitCommand.self, SimulateCommand.self, ServeCommand.self, TokenCommand.self,
            GenerateCommand.self, BenchCommand.self,
        ]
    )
}
