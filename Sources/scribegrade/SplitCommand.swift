import ArgumentParser
import Foundation
import ScribeGrade

extension EncounterSplit.Part: ExpressibleByArgument {}

/// `scribegrade split`: divides encounters into a dev part (tune rubrics and prompts, calibrate)
/// and a held-out test part (rank products).
struct SplitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Divide encounters into dev (tuning, calibration) and test (ranking) parts.",
        discussion: """
            Tuning rubrics and judge prompts on the encounters that rank the products overfits \
            them. The split is by encounter, seeded and reproducible; with --strata (CSV \
            encounter,stratum) each stratum is divided in the same proportion. Then \
            `calibrate --split dev` tunes on one part and `grade`/`report --split test` rank on \
            the other; runs record the part they graded.

            Examples:
              scribegrade split --encounters Examples/primock57/transcripts --dev 0.5 --seed 7
              scribegrade split --rubrics Rubrics/mts-dialog --dev 0.3 --seed 1 \\
                  --strata specialty.csv --output splits/mts.json
              scribegrade grade --rubrics Rubrics/primock57 --notes Examples/primock57/notes \\
                  --judge baseline --split test
            """)

    @Option(name: .customLong("encounters"), help: ArgumentHelp("A directory of transcripts; their encounter ids are split.", valueName: "dir"))
    var encounters: String?

    @Option(name: .customLong("rubrics"), help: ArgumentHelp("Rubric files or directories (repeatable); their encounters are split.", valueName: "path"))
    var rubrics: [String] = []

    @Option(help: ArgumentHelp("The share of encounters in the dev part, in (0, 1).", valueName: "share"))
    var dev: Double = 0.5

    @Option(help: "Seed of the shuffle.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("CSV encounter,stratum: divide each stratum in the same proportion.", valueName: "file"))
    var strata: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("The split file to write.", valueName: "file"))
    var output: String = SplitOptions.defaultFile

    @Flag(help: "Replace an existing split file (a split should stay fixed once used).")
    var force = false

    func validate() throws {
        if encounters == nil, rubrics.isEmpty { throw ValidationError("Give --encounters DIR or --rubrics PATH.") }
        if !(dev > 0 && dev < 1) { throw ValidationError("--dev must be a share between 0 and 1, exclusive.") }
    }

    func run() async throws {
        let split = try Diagnostics.exitingOnInputError { () -> EncounterSplit in
            if !force, FileManager.default.fileExists(atPath: output) {
                throw InputError("the split file exists; a split should stay fixed once runs use it (--force replaces it)", at: SourceLocation(file: output))
            }
            var ids: Set<String> = []
            if let encounters { ids.formUnion(try EncounterLoader().loadDirectory(encounters).map(\.id)) }
            if !rubrics.isEmpty { ids.formUnion(try RubricLoader().load(rubrics).validRubrics().map(\.encounter)) }
            guard !ids.isEmpty else { throw InputError("no encounters to split", at: SourceLocation(file: encounters ?? rubrics[0])) }
            let strataTable = try strata.map { path in
                try Self.strata(CSVTable(parsing: LocalFileSource().read(path), path: path), path: path)
            }
            return EncounterSplit.make(encounters: Array(ids), devShare: dev, seed: seed, strata: strataTable, stratifiedBy: strata)
        }
        try OutputFile.write(try SplitFile.json(split), to: output)
        let devCount = split.encounters(in: .dev).count
        Terminal.error("\(output): \(devCount) dev and \(split.parts.count - devCount) test encounters (seed \(seed)\(strata.map { ", stratified by \($0)" } ?? ""))")
    }

    /// `encounter,stratum` rows.
    static func strata(_ table: CSVTable, path: String) throws -> [String: String] {
        guard table.header.contains("encounter"), table.header.contains("stratum") else {
            throw InputError("the strata file needs columns encounter and stratum", at: SourceLocation(file: path, line: 1))
        }
        var result: [String: String] = [:]
        for row in table.rows {
            if let encounter = row["encounter"], let stratum = row["stratum"] { result[encounter] = stratum }
        }
        return result
    }
}

/// `--split dev|test` and `--split-file`, shared by `grade`, `report` and `calibrate`.
struct SplitOptions: ParsableArguments {
    static let defaultFile = "split.json"

    @Option(name: .customLong("split"), help: ArgumentHelp("Only the encounters of this part of the split file: dev (tuning, calibration) or test (held out, ranking).", valueName: "dev|test"))
    var part: EncounterSplit.Part?

    @Option(name: .customLong("split-file"), help: ArgumentHelp("The split file `scribegrade split` wrote.", valueName: "file"))
    var file: String = SplitOptions.defaultFile

    /// The chosen part's encounters and how outputs name it; nil without `--split`.
    func load() throws -> (encounters: Set<String>, selection: SplitSelection)? {
        guard let part else { return nil }
        guard FileManager.default.fileExists(atPath: file) else {
            throw InputError("no split file; write one with `scribegrade split --encounters DIR --dev 0.5 --seed N`", at: SourceLocation(file: file))
        }
        let text = try LocalFileSource().read(file)
        let split = try SplitFile.parse(text, path: file)
        let encounters = split.encounters(in: part)
        return (encounters, SplitSelection(file: SplitFile.id(path: file, text: text), part: part, encounters: encounters.count, of: split.parts.count))
    }
}
