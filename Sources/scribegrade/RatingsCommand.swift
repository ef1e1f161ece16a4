import ArgumentParser
import Foundation
import ScribeGrade
import ScribeGradeStore

/// `scribegrade ratings`: clinicians' ratings in the store, each file kept as its own source.
struct RatingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratings",
        abstract: "Import, list, export and delete clinicians' ratings (note level or per criterion).",
        subcommands: [Import.self, List.self, Export.self, Delete.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store expert ratings: note level (system,encounter,rater,dimension,value) or per criterion.",
            discussion: """
                Note-level files have the header system,encounter,rater,dimension,value (optional \
                inclusion_probability); every dimension's scale must be declared with --scale: \
                interval:LO:HI, ordinal:L1,L2,… (levels in increasing order) or binary. \
                Criterion-level files keep their format: system,encounter,criterion,rater,verdict \
                (optional rubric), or JSONL. Each file is stored as one source, named \
                FILE@HASH (the first 12 hex digits of its SHA-256); importing the same content \
                again replaces it, and `scribegrade ratings delete SOURCE` removes it.

                Examples:
                  scribegrade ratings import Examples/primock57/statement-labels.csv
                  scribegrade ratings import Examples/mts-dialog/ratings.csv \\
                      --scale factual_f1=interval:0:1 --scale omission_rate=interval:0:1
                """)

        @Argument(help: "Rating files.")
        var files: [String]

        @Option(name: .customLong("scale"), help: ArgumentHelp("A note-level dimension's scale (repeatable).", valueName: "dimension=interval:LO:HI|ordinal:L1,L2,…|binary"))
        var scales: [String] = []

        @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
        var storePath: String = SQLiteStore.defaultPath

        func run() async throws {
            try await Diagnostics.exitingOnInputError {
                let read = try RatingFiles(paths: files, scales: try NoteRatingsParser.scales(scales))
                let store = try SQLiteStore(path: storePath)
                for file in read.noteLevel {
                    try await store.saveNoteRatings(file)
                    let dimensions = file.scales.keys.sorted().map { "\($0) (\(file.scales[$0]!))" }
                    Terminal.error("stored \(file.ratings.count) note ratings by \(Set(file.ratings.map(\.rater)).count) rater(s) on \(dimensions.joined(separator: ", ")) as source \(file.source.id)")
                }
                for (source, ratings) in read.criterionLevel {
                    try await store.saveCriterionRatings(ratings, source: source)
                    Terminal.error("stored \(ratings.count) criterion ratings by \(Set(ratings.map(\.rater)).count) rater(s) as source \(source.id)")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the stored rating sources: level, raters, dimensions, counts.")

        @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
        var storePath: String = SQLiteStore.defaultPath

        func run() async throws {
            let sources = try await Diagnostics.exitingOnInputError {
                try await StoredRun.openStore(storePath, access: .readOnly).ratingSources()
            }
            guard !sources.isEmpty else {
                Terminal.error("no ratings stored; `scribegrade ratings import FILE` stores some")
                return
            }
            var rows = [["Source", "Level", "Raters", "Dimensions", "Notes", "Ratings"]]
            for s in sources {
                let dimensions = s.scales.isEmpty ? "-" : s.scales.keys.sorted().map { "\($0)=\(s.scales[$0]!)" }.joined(separator: " ")
                rows.append([s.id, s.level.rawValue, s.raters.joined(separator: ","), dimensions, String(s.notes), String(s.ratings)])
            }
            Terminal.write(RatingsTable.text(rows, rightAligned: [4, 5]))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the stored criterion-level ratings as CSV.")

        @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
        var storePath: String = SQLiteStore.defaultPath

        func run() async throws {
            try await Diagnostics.exitingOnInputError {
                Terminal.write(ExpertRatingsWriter.csv(try await StoredRun.openStore(storePath, access: .readOnly).ratings()))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove every rating of one source.",
            discussion: """
                SOURCE is an id as `scribegrade ratings list` prints it (FILE@HASH), or the file \
                name or path it was imported from when only one source has it.
                """)

        @Argument(help: "The source to remove.")
        var source: String

        @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
        var storePath: String = SQLiteStore.defaultPath

        func run() async throws {
            try await Diagnostics.exitingOnInputError {
                let store = try StoredRun.openStore(storePath)
                let sources = try await store.ratingSources()
                let id = try Self.resolve(source, among: sources, storePath: storePath)
                let removed = try await store.deleteRatings(source: id)
                Terminal.error("deleted \(removed) rating(s) of source \(id)")
            }
        }

        /// The id `name` stands for: an id, or the file (path or name) of exactly one source.
        static func resolve(_ name: String, among sources: [RatingSourceSummary], storePath: String) throws -> String {
            if sources.contains(where: { $0.id == name }) { return name }
            let matches = sources.filter { $0.file == name || ($0.file.map { ($0 as NSString).lastPathComponent } == name) }
            if matches.count == 1 { return matches[0].id }
            if matches.count > 1 {
                throw InputError(
                    "'\(name)' names \(matches.count) sources (\(matches.map(\.id).joined(separator: ", "))); give the id",
                    at: SourceLocation(file: storePath))
            }
            throw InputError("no rating source '\(name)'; `scribegrade ratings list` lists them", at: SourceLocation(file: storePath))
        }
    }
}
