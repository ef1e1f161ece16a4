import ArgumentParser
import Foundation
import ScribeGrade

/// Options shared by `grade` and `report`: format, destination and bootstrap settings.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "table, json, csv or html.")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "With --format csv: one row per note and criterion instead of the leaderboard.")
    var criteria = false

    @Option(help: "Bootstrap resamples for confidence intervals.")
    var bootstrap: Int = 1000

    @Option(help: "Seed of the bootstrap, for reproducible intervals.")
    var seed: UInt64 = 0

    @Option(help: "How verdicts of several judges or samples combine: majority, unanimity or mean.")
    var combine: VerdictCombiner.Method = .majority

    @Option(name: .customLong("max-failed-share"), help: ArgumentHelp("A system more than this share of whose judgments failed is not ranked: its score shows — with a footnote (JSON: \"ranked\": false). A percentage (5%) or a fraction (0.05).", valueName: "share"))
    var maxFailedShare = Share(GradeReport.defaultMaxFailedShare)

    var bootstrapOptions: BootstrapOptions { BootstrapOptions(resamples: bootstrap, seed: seed) }

    func validate() throws {
        if bootstrap < 1 { throw ValidationError("--bootstrap must be at least 1.") }
    }

    func print(_ report: GradeReport, rubrics: [Rubric]) throws {
        let text: String
        switch format {
        case .table: text = report.table(maxFailedShare: maxFailedShare.value)
        case .json: text = String(decoding: try report.jsonData(maxFailedShare: maxFailedShare.value), as: UTF8.self) + "\n"
        case .csv: text = criteria ? report.criteriaCSV() : report.leaderboardCSV()
        case .html: text = report.html(rubrics: rubrics, maxFailedShare: maxFailedShare.value)
        }
        try OutputFile.write(text, to: output)
    }
}
