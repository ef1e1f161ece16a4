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

    @Option(name: .customLong("ratings"), help: ArgumentHelp("Clinicians' ratings (repeatable): the leaderboard adds, per system, the experts-only and the corrected (prediction-powered) score with 95% CIs. Criterion level (system,encounter,criterion,rater,verdict[,inclusion_probability]) or note level (system,encounter,rater,dimension,value, with --scale and --dimension).", valueName: "file"))
    var ratingFiles: [String] = []

    @Option(name: .customLong("scale"), help: ArgumentHelp("A note-level dimension's scale (repeatable), as for `ratings import`.", valueName: "dimension=interval:LO:HI|ordinal:L1,L2,…|binary"))
    var scales: [String] = []

    @Option(name: .customLong("dimension"), help: ArgumentHelp("The note-level dimension the corrected scores estimate (mapped to 0–1, flipped for omission, hallucination, edit time…).", valueName: "name"))
    var dimension: String?

    @Flag(name: .customLong("ratings-not-random"), help: "The rated items were not drawn at random: use only ratings that carry an inclusion_probability, and refuse the corrected scores if any does not.")
    var ratingsNotRandom = false

    var bootstrapOptions: BootstrapOptions { BootstrapOptions(resamples: bootstrap, seed: seed) }

    func validate() throws {
        if bootstrap < 1 { throw ValidationError("--bootstrap must be at least 1.") }
        if ratingFiles.isEmpty, dimension != nil || !scales.isEmpty || ratingsNotRandom {
            throw ValidationError("--dimension, --scale and --ratings-not-random need --ratings.")
        }
    }

    /// Reads the rating files, so that a bad file stops a run before it asks anything.
    func readRatings() throws -> RatingFiles? {
        guard !ratingFiles.isEmpty else { return nil }
        return try RatingFiles(paths: ratingFiles, scales: try NoteRatingsParser.scales(scales))
    }

    /// The report with its corrected leaderboard, when ratings were given.
    func corrected(_ report: GradeReport, ratings files: RatingFiles?) throws -> GradeReport {
        guard let files else { return report }
        var report = report
        report.correction = try CorrectedLeaderboardInput(files: files, dimension: dimension, notRandom: ratingsNotRandom, paths: ratingFiles)
            .leaderboard(report)
        return report
    }

    func print(_ report: GradeReport, rubrics: [Rubric]) throws {
        let report = try Diagnostics.exitingOnInputError { try corrected(report, ratings: try readRatings()) }
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
