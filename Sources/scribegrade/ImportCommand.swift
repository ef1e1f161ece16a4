import ArgumentParser
import Foundation
import ScribeGrade

/// `scribegrade import <kind>`: converts public datasets and users' own files into the
/// rubrics, transcripts and notes `grade` reads.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert datasets and your own files into rubrics, transcripts and notes.",
        discussion: """
            Each kind reads its source files, checks them completely, and only then writes its \
            output, so a bad input leaves nothing half-written. Problems are printed as \
            file:line: error: message and the command exits with status 2.

            Output layouts (what grade reads):
              rubrics       DIR/<rubric>.yaml
              transcripts   DIR/<encounter>.json
              notes         DIR/<system>/<encounter>.txt

            Examples:
              scribegrade import primock57-checklists data/primock57/checklists.csv \\
                  --output Rubrics/primock57
              scribegrade import primock57-transcripts data/primock57/transcripts \\
                  --output Examples/primock57/transcripts
              scribegrade import aci-bench data/aci-bench/valid.csv \\
                  --system BART=data/aci-bench/BART.csv --output Examples/aci-bench
              scribegrade import transcript visit.txt --output transcripts
            """,
        subcommands: [
            PriMockTranscripts.self, PriMockNotes.self, PriMockChecklists.self, PriMockStatements.self,
            PriMockStatementLabels.self,
            ACIBench.self, MTSDialog.self, HealthBench.self, Transcript.self,
        ]
    )
}

/// Options every import kind shares.
struct ImportOutput: ParsableArguments {
    @Option(name: .shortAndLong, help: "Directory to write into (created if missing; files of the same name are replaced).")
    var output: String
}

/// `--only a,b --only c` as a set of ids, or `nil` when not given.
private func idSet(_ values: [String]) -> Set<String>? {
    let ids = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    return ids.isEmpty ? nil : Set(ids)
}

private func readCSV(_ path: String) throws -> CSVTable {
    try CSVTable(parsing: try LocalFileSource().read(path), path: path)
}

extension ImportCommand {
    struct PriMockTranscripts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "primock57-transcripts",
            abstract: "PriMock57 per-speaker TextGrids → one JSON dialogue per consultation.",
            discussion: """
                Reads <id>_doctor.TextGrid and <id>_patient.TextGrid pairs (and any other \
                transcript files) from DIR, merges both speakers by time into turns with start \
                and end times, and writes <id>.json. Markup: <UNSURE>words</UNSURE> keeps the \
                words, <UNIN/> and <INAUDIBLE_SPEECH/> are dropped, and an utterance that was \
                only markup is skipped; --keep-markup leaves the text as transcribed.

                Example:
                  scribegrade import primock57-transcripts primock57/transcripts \\
                      --output Examples/primock57/transcripts
                """)

        @Argument(help: "Directory of PriMock57 TextGrid files.")
        var directory: String

        @OptionGroup var output: ImportOutput

        @Flag(help: "Keep <UNSURE>, <UNIN/> and other transcriber markup in the text.")
        var keepMarkup = false

        @Option(help: "Only these consultations (comma-separated ids; repeatable).")
        var only: [String] = []

        func run() async throws {
            try Diagnostics.exitingOnInputError {
                let loader = EncounterLoader(markup: keepMarkup ? .keep : .clean)
                var encounters = try loader.loadDirectory(directory)
                if let only = idSet(only) {
                    let missing = only.subtracting(encounters.map(\.id))
                    guard missing.isEmpty else {
                        throw InputError("no transcript for \(missing.sorted().joined(separator: ", "))", at: SourceLocation(file: directory))
                    }
                    encounters = encounters.filter { only.contains($0.id) }
                }
                Terminal.error("read \(encounters.count) consultations, \(encounters.reduce(0) { $0 + $1.turns.count }) turns")
                try OutputDirectory(root: output.output).write(try encounters.map { try ImportLayout.file(for: $0) }, progressLabel: "transcripts")
                Terminal.error("wrote \(encounters.count) transcripts to \(output.output)")
            }
        }
    }

    struct PriMockNotes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "primock57-notes",
            abstract: "PriMock57 clinician notes (JSON) → the doctor system's notes.",
            discussion: """
                Reads DIR/<id>.json (the `note` field) and writes OUTPUT/doctor/<id>.txt.

                Example:
                  scribegrade import primock57-notes primock57/notes \\
                      --output Examples/primock57/notes \\
                      --only day1_consultation01,day1_consultation02
                """)

        @Argument(help: "Directory of PriMock57 note JSON files.")
        var directory: String

        @OptionGroup var output: ImportOutput

        @Option(help: "System name for these notes.")
        var system = PriMockNoteImporter.system

        @Option(help: "Only these consultations (comma-separated ids; repeatable).")
        var only: [String] = []

        func run() async throws {
            try Diagnostics.exitingOnInputError {
                var notes = try PriMockNoteImporter.notes(inDirectory: directory, only: idSet(only))
                notes = notes.map { Note(system: system, encounter: $0.encounter, text: $0.text, source: $0.source) }
                try OutputDirectory(root: output.output).write(try notes.map { try ImportLayout.file(for: $0) }, progressLabel: "notes")
                Terminal.error("wrote \(notes.count) notes of system \(system) to \(output.output)/\(system)")
            }
        }
    }

    struct PriMockChecklists: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "primock57-checklists",
            abstract: "PriMock57 clinician checklists (CSV) → one YAML rubric per consultation and author.",
            discussion: """
                Critical items are worth --critical-points (marked critical), non-critical items \
                --non-critical-points; irrelevant items and their refinements are left out. \
                Heading rows (PC/HPC, PMH, DH, SH, FH, o/e, …) set each item's SOAP section and \
                tag; refinements are prefixed with their parent's text ("Diarrhoea: 3 days"). \
                Rows converted by a rule rather than as written are reported as warnings.

                Example:
                  scribegrade import primock57-checklists primock57/checklists.csv \\
                      --output Rubrics/primock57
                """)

        @Argument(help: "checklists.csv")
        var csv: String

        @OptionGroup var output: ImportOutput

        @Option(help: "Points of a critical item.")
        var criticalPoints: Double = 2

        @Option(help: "Points of a non-critical item.")
        var nonCriticalPoints: Double = 1

        func validate() throws {
            for (name, value) in [("--critical-points", criticalPoints), ("--non-critical-points", nonCriticalPoints)] {
                guard value > 0, value <= 10 else { throw ValidationError("\(name) must be in (0, 10]") }
            }
        }

        func run() async throws {
            try Diagnostics.exitingOnInputError {
                let converted = try PriMockChecklistConverter(criticalPoints: criticalPoints, nonCriticalPoints: nonCriticalPoints)
                    .convert(try readCSV(csv))
                Diagnostics.print(converted.warnings)
                let name = (csv as NSString).lastPathComponent
                let files = try converted.rubrics.map { rubric -> GeneratedFile in
                    let lines = converted.lines[rubric.id]!
                    return try ImportLayout.file(for: rubric, header: [
                        "Converted from \(name) lines \(lines.lowerBound)-\(lines.upperBound) by scribegrade import primock57-checklists.",
                        "Critical items \(RubricNumber.text(criticalPoints)) points, non-critical \(RubricNumber.text(nonCriticalPoints)); irrelevant items left out.",
                    ])
                }
                try OutputDirectory(root: output.output).write(files)
                let criteria = converted.rubrics.reduce(0) { $0 + $1.criteria.count }
                Terminal.error("wrote \(files.count) rubrics (\(criteria) criteria) to \(output.output); \(converted.omittedRows) irrelevant rows left out, \(converted.warnings.count) warnings")
            }
        }
    }

    struct PriMockStatements: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "primock57-statements",
            abstract: "PriMock57 note_statements.csv → the generated notes as systems note1 and note2.",
            discussion: """
                Joins each note's statements back into text (continues_previous = 1 continues \
                the line above) and writes OUTPUT/<note>/<consultation>.txt.

                Example:
                  scribegrade import primock57-statements primock57/note_statements.csv \\
                      --output Examples/primock57/notes
                """)

        @Argument(help: "note_statements.csv")
        var csv: String

        @OptionGroup var output: ImportOutput

        @Option(help: "Only these consultations (comma-separated ids; repeatable).")
        var only: [String] = []

        func run() async throws {
            try Diagnostics.exitingOnInputError {
                var notes = try NoteStatementsImporter.notes(from: try readCSV(csv))
                if let only = idSet(only) { notes = notes.filter { only.contains($0.encounter) } }
                try OutputDirectory(root: output.output).write(try notes.map { try ImportLayout.file(for: $0) }, progressLabel: "notes")
                let systems = Set(notes.map(\.system)).sorted().joined(separator: ", ")
                Terminal.error("wrote \(notes.count) notes of systems \(systems) to \(output.output)")
            }
        }
    }

    struct PriMockStatementLabels: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "primock57-statement-labels",
            abstract: "PriMock57 note_statements.csv labels → expert ratings for the statement check.",
            discussion: """
                Writes the clinician's correct/incorrect labels as a ratings CSV \
                (system,encounter,rubric,criterion,rater,verdict): correct = met (supported), \
                incorrect = not_met; statement ids L001, … match `scribegrade statements \
                --primock57-statements`.

                Example:
                  scribegrade import primock57-statement-labels primock57/note_statements.csv \
                      --output Examples/primock57/statement-labels.csv
                """)

        @Argument(help: "note_statements.csv")
        var csv: String

        @Option(name: .shortAndLong, help: "The ratings CSV to write.")
        var output: String

        func run() async throws {
            try Diagnostics.exitingOnInputError {
                let ratings = try ScribeGrade.PriMockStatementLabels.ratings(from: try readCSV(csv))
                try OutputDirectory(root: (output as NSString).deletingLastPathComponent.isEmpty ? "." : (output as NSString).deletingLastPathComponent)
                    .write([GeneratedFile(path: (output as NSString).lastPathComponent, contents: ExpertRatingsWriter.csv(ratings))])
                Terminal.error("wrote \(ratings.count) ratings by \(Set(ratings.map(\.rater)).count) rater(s) to \(output)")
            }
        }
    }

    struct ACIBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "aci-bench",
            abstract: "ACI-Bench CSVs → transcripts, reference notes and systems' notes.",
            discussion: """
                Each CSV argument (dataset, encounter_id, dialogue, note) gives transcripts \
                (OUTPUT/transcripts/<encounter>.json) and reference notes \
                (OUTPUT/reference-notes/<encounter>.txt). Each --system NAME=CSV gives that \
                system's notes (OUTPUT/notes/NAME/<encounter>.txt).

                Example:
                  scribegrade import aci-bench aci-bench/clinicalnlp_taskB_test1.csv \\
                    --system BART=aci-bench/BART_large_clinicalnlp_taskB_test1_full.csv \\
                    --output Examples/aci-bench
                """)

        @Argument(help: "CSV files with dialogues and reference notes.")
        var csvs: [String] = []

        @Option(name: .customLong("system"), help: "A system's notes as NAME=CSV (repeatable).")
        var systems: [String] = []

        @OptionGroup var output: ImportOutput

        func validate() throws {
            guard !csvs.isEmpty || !systems.isEmpty else { throw ValidationError("give at least one CSV or --system NAME=CSV") }
            for system in systems {
                guard let eq = system.firstIndex(of: "="), eq != system.startIndex, system.index(after: eq) != system.endIndex else {
                    throw ValidationError("--system expects NAME=CSV, got '\(system)'")
                }
            }
        }

        func run() async throws {
            try Diagnostics.exitingOnInputError {
                var files: [GeneratedFile] = []
                var diagnostics: [Diagnostic] = []
                var encounters = 0, references = 0
                for csv in csvs {
                    do {
                        let table = try readCSV(csv)
                        let dialogues = try ACIBenchReader.encounters(from: table)
                        let notes = try ACIBenchReader.notes(from: table, system: "reference")
                        files += try dialogues.map { try ImportLayout.file(for: $0, source: SourceLocation(file: csv)) }.map(prefixed("transcripts"))
                        files += try notes.map { try ImportLayout.flatFile(for: $0) }.map(prefixed("reference-notes"))
                        encounters += dialogues.count
                        references += notes.count
                        Terminal.error("\(csv): \(dialogues.count) dialogues, \(notes.count) reference notes")
                    } catch let error as InputError {
                        diagnostics += error.diagnostics
                    }
                }
                var systemNotes = 0
                for system in systems {
                    let eq = system.firstIndex(of: "=")!
                    let name = String(system[..<eq]), csv = String(system[system.index(after: eq)...])
                    do {
                        let notes = try ACIBenchReader.notes(from: try readCSV(csv), system: name)
                        files += try notes.map { try ImportLayout.file(for: $0) }.map(prefixed("notes"))
                        systemNotes += notes.count
                        Terminal.error("\(csv): \(notes.count) notes of system \(name)")
                    } catch let error as InputError {
                        diagnostics += error.diagnostics
                    }
                }
                guard diagnostics.isEmpty else { throw InputError(diagnostics) }
                let duplicates = Dictionary(grouping: files, by: \.path).filter { $0.value.count > 1 }.keys.sorted()
                guard duplicates.isEmpty else {
                    throw InputError("several inputs would write \(duplicates.joined(separator: ", ")); an encounter may appear in one CSV only", at: SourceLocation(file: csvs.first ?? output.output))
                }
                try OutputDirectory(root: output.output).write(files, progressLabel: "aci-bench")
                Terminal.error("wrote \(encounters) transcripts, \(references) reference notes and \(systemNotes) system notes to \(output.output)")
            }
        }

        private func prefixed(_ folder: String) -> (GeneratedFile) -> GeneratedFile {
            { GeneratedFile(path: "\(folder)/\($0.path)", contents: $0.contents) }
        }
    }

    struct MTSDialog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mts-dialog",
            abstract: "MTS-Dialog's rated summaries → transcripts, reference notes, systems' notes and note-level ratings.",
            discussion: """
                Reads FROM/dialogues.csv (id, section_header, reference_summary, dialogue) and \
                FROM/summaries_rated.csv (id, system, summary and the six scores of the study's \
                manual evaluation; a score of -1, the study's "does not apply", is left out) and writes TO/transcripts/<id>.json, \
                TO/reference-notes/<id>.txt, TO/notes/<system>/<id>.txt, TO/ratings.csv (one \
                row per summary and score: system,encounter,rater,dimension,value, rater \
                mts-dialog-expert) and TO/scales.txt, the --scale options `ratings import` needs \
                (every score is interval:0:1).

                Example:
                  scribegrade import mts-dialog --from data/mts-dialog --to Examples/mts-dialog
                  scribegrade ratings import Examples/mts-dialog/ratings.csv \
                      $(cat Examples/mts-dialog/scales.txt)
                """)

        @Option(help: ArgumentHelp("The directory holding dialogues.csv and summaries_rated.csv.", valueName: "dir"))
        var from: String

        @Option(help: ArgumentHelp("Directory to write into (created if missing; files of the same name are replaced).", valueName: "dir"))
        var to: String

        func run() async throws {
            try Diagnostics.exitingOnInputError {
                let dialoguesPath = (from as NSString).appendingPathComponent("dialogues.csv")
                let summariesPath = (from as NSString).appendingPathComponent("summaries_rated.csv")
                var diagnostics: [Diagnostic] = []
                var dialogues: [MTSDialogReader.Dialogue] = []
                var summaries: (notes: [Note], ratings: [NoteRating], notApplicable: Int) = ([], [], 0)
                do { dialogues = try MTSDialogReader.dialogues(from: try readCSV(dialoguesPath)) } catch let error as InputError { diagnostics += error.diagnostics }
                do {
                    let text = try LocalFileSource().read(summariesPath)
                    summaries = try MTSDialogReader.summaries(
                        from: try CSVTable(parsing: text, path: summariesPath), text: text, source: RatingSource(path: summariesPath, text: text))
                } catch let error as InputError { diagnostics += error.diagnostics }
                let known = Set(dialogues.map(\.id))
                for note in summaries.notes where !known.contains(note.encounter) && !dialogues.isEmpty {
                    diagnostics.append(.error("summary of \(note.system) names dialogue \(note.encounter), which dialogues.csv does not hold", at: note.source ?? SourceLocation(file: summariesPath)))
                }
                guard diagnostics.isEmpty else { throw InputError(diagnostics) }
                var files: [GeneratedFile] = []
                files += try dialogues.map { try ImportLayout.file(for: $0.encounter, source: $0.reference.source) }.map(prefixed("transcripts"))
                files += try dialogues.map { try ImportLayout.flatFile(for: $0.reference) }.map(prefixed("reference-notes"))
                files += try summaries.notes.map { try ImportLayout.file(for: $0) }.map(prefixed("notes"))
                files.append(GeneratedFile(path: "ratings.csv", contents: MTSDialogReader.ratingsCSV(summaries.ratings)))
                files.append(GeneratedFile(path: "scales.txt", contents: MTSDialogReader.scaleArguments.joined(separator: "\n") + "\n"))
                try OutputDirectory(root: to).write(files, progressLabel: "mts-dialog")
                let systems = Set(summaries.notes.map(\.system)).count
                Terminal.error("wrote \(dialogues.count) transcripts and reference notes, \(summaries.notes.count) notes of \(systems) systems and \(summaries.ratings.count) ratings to \(to)")
                if summaries.notApplicable > 0 {
                    Terminal.error("\(summaries.notApplicable) score(s) of -1 (the study's 'does not apply') left out of the ratings")
                }
                Terminal.error("store the ratings with: scribegrade ratings import \((to as NSString).appendingPathComponent("ratings.csv")) \(MTSDialogReader.scaleArguments.joined(separator: " "))")
            }
        }

        private func prefixed(_ folder: String) -> (GeneratedFile) -> GeneratedFile {
            { GeneratedFile(path: "\(folder)/\($0.path)", contents: $0.contents) }
        }
    }

    struct HealthBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "healthbench",
            abstract: "HealthBench-style JSONL rubric items → YAML rubrics.",
            discussion: """
                Reads HealthBench's own lines ({"prompt_id", "rubrics": [{"criterion", "points", \
                "tags"}]}) or one item per line ({"encounter", "criterion", "points", "tags"}). \
                Tags are kept as written (axis:accuracy); an item's section comes from a \
                "section" member or a section:<name> tag, else from a section its text names, \
                else any.

                Examples:
                  scribegrade import healthbench my-rubric-items.jsonl --output Rubrics/mine
                  scribegrade import healthbench one-rubric.jsonl --encounter visit-042 \\
                      --output Rubrics/mine
                """)

        @Argument(help: "JSONL file of rubric items.")
        var jsonl: String

        @OptionGroup var output: ImportOutput

        @Option(help: "Encounter of the (single) rubric in the file, overriding prompt_id / encounter.")
        var encounter: String?

        func run() async throws {
            try Diagnostics.exitingOnInputError {
                let rubrics = try HealthBenchRubricImporter(encounter: encounter)
                    .rubrics(fromJSONL: try LocalFileSource().read(jsonl), path: jsonl)
                let name = (jsonl as NSString).lastPathComponent
                let files = try rubrics.map {
                    try ImportLayout.file(for: $0, header: ["Converted from \(name) by scribegrade import healthbench."])
                }
                try OutputDirectory(root: output.output).write(files, progressLabel: "rubrics")
                Terminal.error("wrote \(files.count) rubrics (\(rubrics.reduce(0) { $0 + $1.criteria.count }) criteria) to \(output.output)")
            }
        }
    }

    struct Transcript: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transcript",
            abstract: "Your transcripts (Speaker: text, [doctor] dialogue, JSON, TextGrid) → normalised JSON.",
            discussion: """
                Each FILE is named for its encounter (<encounter>.txt, .json or .TextGrid) and \
                becomes OUTPUT/<encounter>.json; <id>_doctor.TextGrid and <id>_patient.TextGrid \
                given together become one encounter. A .txt file holds `Speaker: text` lines (an \
                optional [mm:ss] before the speaker gives the start time; other lines continue \
                the turn above) or ACI-Bench style [doctor] / [patient] lines.

                Example:
                  scribegrade import transcript visits/visit-042.txt visits/visit-043.json \\
                      --output transcripts
                """)

        @Argument(help: "Transcript files.")
        var files: [String]

        @OptionGroup var output: ImportOutput

        @Flag(help: "Keep transcriber markup such as <UNSURE> in TextGrid text.")
        var keepMarkup = false

        func run() async throws {
            try Diagnostics.exitingOnInputError {
                let unknown = files.filter { EncounterLoader.format(of: $0) == nil }
                guard unknown.isEmpty else {
                    throw InputError(unknown.map { .error("not a transcript file: expected a .txt, .json or .TextGrid extension", at: SourceLocation(file: $0)) })
                }
                let encounters = try EncounterLoader(markup: keepMarkup ? .keep : .clean).loadFiles(files)
                try OutputDirectory(root: output.output).write(try encounters.map { try ImportLayout.file(for: $0) })
                Terminal.error("wrote \(encounters.count) transcripts (\(encounters.reduce(0) { $0 + $1.turns.count }) turns) to \(output.output)")
            }
        }
    }
}

/// Points as RubricWriter prints them (`2`, `1.5`).
enum RubricNumber {
    static func text(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
