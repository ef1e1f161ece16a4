import Foundation
import ScribeGrade

/// Verdicts the simulator treats as true: CSV `system,encounter,criterion,verdict`.
public struct TruthTable: Sendable, Hashable {
    struct Key: Hashable { var system, encounter, criterion: String }
    var verdicts: [Key: Verdict]

    public init() { verdicts = [:] }

    /// - Throws: `InputError` at the line of a malformed row.
    public init(parsing text: String, path: String) throws {
        let table = try CSVTable(parsing: text, path: path)
        try table.require(columns: ["system", "encounter", "criterion", "verdict"])
        var verdicts: [Key: Verdict] = [:]
        var problems: [Diagnostic] = []
        for row in table.rows {
            guard let system = row["system"], let encounter = row["encounter"], let criterion = row["criterion"], let raw = row["verdict"] else { continue }
            guard let verdict = Verdict(parsing: raw) else {
                problems.append(.error("verdict must be met or not_met", at: SourceLocation(file: path, line: row.line)))
                continue
            }
            verdicts[Key(system: system, encounter: encounter, criterion: criterion)] = verdict
        }
        if !problems.isEmpty { throw InputError(problems) }
        self.verdicts = verdicts
    }

    public static func load(_ path: String, files: any FileSource = LocalFileSource()) throws -> TruthTable {
        try TruthTable(parsing: try files.read(path), path: path)
    }

    public subscript(system: String, encounter: String, criterion: String) -> Verdict? {
        verdicts[Key(system: system, encounter: encounter, criterion: criterion)]
    }

    public var count: Int { verdicts.count }
}
