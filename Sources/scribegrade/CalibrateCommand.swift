import ArgumentParser
import Foundation
import ScribeGrade
import ScribeGradeStore

struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure a run's judges against clinicians' ratings, next to how well clinicians agree.",
        discussion: """
            Compares each judge of the run (and the jury, when there are several) with the expert \
            ratings stored by `scribegrade ratings import` and those given with --ratings (which \
            are stored too): agreement with the experts' majority, with 95% CIs from a bootstrap \
            over encounters; each expert against the others (the ceiling) and the judge's \
            percentile among them; note-score correlation; system ranking agreement; the \
            criteria a rubric author should look at; and whether disagreement grows with note \
            length.

            Examples:
              scribegrade calibrate latest \\
                  --ratings Examples/primock57/statement-labels.csv
              scribegrade calibrate run-3f2a9c1d0b7e --ratings ratings.csv \\
                  --format html --output calibration.html
            """)

    @Argument(help: "A run id, or `latest`.")
    var run: String = "latest"

    @Option(name: .customLong("ratings"), help: ArgumentHelp("Expert ratings, CSV system,encounter,criterion,rater,verdict or JSONL (repeatable).", valueName: "file"))
    var ratingFiles: [String] = []

    @Option(help: "table, json or html.")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: "Bootstrap resamples for confidence intervals.")
    var bootstrap: Int = 1000

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 0

    @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
    var storePath: String = SQLiteStore.defaultPath

    func validate() throws {
        if format == .csv { throw ValidationError("calibrate prints table, json or html.") }
        if bootstrap < 1 { throw ValidationError("--bootstrap must be at least 1.") }
    }

    func run() async throws {
        let report = try await Diagnostics.exitingOnInputError { () -> CalibrationReport in
            let fileRatings = try ExpertRatingsParser.parse(files: ratingFiles)
            let store = try StoredRun.openStore(storePath)
            let record = try await StoredRun.find(run, in: store, storePath: storePath)
            try await store.saveRatings(fileRatings)
            let ratings = try await store.ratings()
            guard !ratings.isEmpty else {
                throw InputError("no expert ratings: pass --ratings FILE or run `scribegrade ratings import FILE` first", at: SourceLocation(file: storePath))
            }
            let judgments = try await store.judgments(forKeys: record.judgmentKeys)
            return Calibrator.calibrate(run: record, judgments: judgments, ratings: ratings, bootstrap: BootstrapOptions(resamples: bootstrap, seed: seed))
        }
        let text: String
        switch format {
        case .json: text = String(decoding: try report.jsonData(), as: UTF8.self) + "\n"
        case .html: text = report.html()
        default: text = report.table()
        }
        try OutputFile.write(text, to: output)
    }
}

struct RatingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratings",
        abstract: "Import and list clinicians' per-criterion verdicts (expert ratings).",
        subcommands: [Import.self, List.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store expert ratings from CSV (system,encounter,criterion,rater,verdict[,rubric]) or JSONL.",
            discussion: """
                A rater's new verdict on an item replaces their earlier one.

                Example:
                  scribegrade ratings import Examples/primock57/statement-labels.csv
                """)

        @Argument(help: "Rating files.")
        var files: [String]

        @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
        var storePath: String = SQLiteStore.defaultPath

        func run() async throws {
            try await Diagnostics.exitingOnInputError {
                let ratings = try ExpertRatingsParser.parse(files: files)
                try await SQLiteStore(path: storePath).saveRatings(ratings)
                Terminal.error("stored \(ratings.count) ratings by \(Set(ratings.map(\.rater)).count) rater(s) in \(storePath)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the stored expert ratings as CSV.")

        @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
        var storePath: String = SQLiteStore.defaultPath

        func run() async throws {
            try await Diagnostics.exitingOnInputError {
                Terminal.write(ExpertRatingsWriter.csv(try await StoredRun.openStore(storePath).ratings()))
            }
        }
    }
}
