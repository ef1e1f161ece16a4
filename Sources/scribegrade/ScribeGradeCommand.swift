import ArgumentParser
import ScribeGrade

@main
struct ScribeGradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scribegrade", abstract: "Grade AI scribe notes against clinician rubrics.", version: ScribeGradeVersion.string)
}
