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
            ratings given with --ratings (which are stored too, each file as its own source), or \
            else the stored sources named with --source, or else every stored source; the report \
            names the sources, raters and counts it used. Agreement with the experts' majority, with 95% CIs from a bootstrap \
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

    @Option(name: .customLong("scale"), help: ArgumentHelp("A note-level dimension's scale (repeatable), as for `ratings import`.", valueName: "dimension=interval:LO:HI|ordinal:L1,L2,…|binary"))
    var scales: [String] = []

    @Option(name: .customLong("source"), help: ArgumentHelp("Use the stored ratings of this source (repeatable; `scribegrade ratings list` names them) instead of every stored one.", valueName: "source"))
    var sources: [String] = []

    @OptionGroup var split: SplitOptions

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
            let files = try RatingFiles(paths: ratingFiles, scales: try NoteRatingsParser.scales(scales))
            let store = try StoredRun.openStore(storePath)
            var record = try await StoredRun.find(run, in: store, storePath: storePath)
            for file in files.noteLevel { try await store.saveNoteRatings(file) }
            for (source, ratings) in files.criterionLevel { try await store.saveCriterionRatings(ratings, source: source) }
            // The files given, else the stored sources named, else every stored source; never a
            // file pooled with what an earlier command stored.
            var ratings: [ExpertRating]
            var noteRatings: [NoteRating]
            let noteScales: [String: NoteRatingScale]
            if !ratingFiles.isEmpty {
                ratings = files.criterionLevel.flatMap(\.ratings)
                noteRatings = files.noteLevel.flatMap(\.ratings)
                noteScales = files.noteLevel.reduce(into: [:]) { scales, file in scales.merge(file.scales) { first, _ in first } }
            } else if !sources.isEmpty {
                let stored = try await store.ratingSources()
                let ids = try sources.map { try RatingsCommand.Delete.resolve($0, among: stored, storePath: storePath) }
                ratings = try await store.criterionRatings(sources: ids)
                noteRatings = try await store.noteRatings(sources: ids)
                noteScales = try await store.noteRatingScales(sources: ids)
            } else {
                ratings = try await store.ratings()
                noteRatings = try await store.noteRatings()
                noteScales = try await store.noteRatingScales()
            }
            guard !ratings.isEmpty || !noteRatings.isEmpty else {
                throw InputError("no expert ratings: pass --ratings FILE or run `scribegrade ratings import FILE` first", at: SourceLocation(file: storePath))
            }
            var judgments = try await store.judgments(forKeys: record.judgmentKeys)
            if let (encounters, selection) = try split.load() {
                // Tuning and calibrating on the dev part only: the test part stays unseen.
                record = record.restricted(to: encounters, split: selection)
                judgments = judgments.filter { encounters.contains($0.value.encounter) }
                ratings = ratings.filter { encounters.contains($0.encounter) }
                noteRatings = noteRatings.filter { encounters.contains($0.encounter) }
            }
            let options = BootstrapOptions(resamples: bootstrap, seed: seed)
            var report = Calibrator.calibrate(run: record, judgments: judgments, ratings: ratings, bootstrap: options)
            if !noteRatings.isEmpty {
                report.noteLevel = NoteLevelAgreement.compute(run: record, judgments: judgments, ratings: noteRatings, scales: noteScales, bootstrap: options)
                report.ratingsUsed = RatingsUsed(noteRatings: noteRatings, criterionRatings: ratings)
            }
            report.split = record.split
            return report
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
