import Foundation
import ScribeGrade

/// The PriMock57 example corpus committed under `Examples/` and `Rubrics/` (CC BY 4.0; see
/// `Examples/primock57/README.md`): 27 rubrics of 20 encounters, each graded for three systems.
enum Corpus {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

    static let rubrics: [Rubric] = try! RubricLoader().load([path("Rubrics/primock57")]).validRubrics()
    static let notes: [Note] = try! NotesLoader().load(path("Examples/primock57/notes"))
    static let encounters: [String: Encounter] = Dictionary(
        uniqueKeysWithValues: try! EncounterLoader().loadDirectory(path("Examples/primock57/transcripts")).map { ($0.id, $0) })

    /// The notes of some systems only.
    static func notes(of systems: Set<String>) -> [Note] { notes.filter { systems.contains($0.system) } }
}

/// One line of the simulator's request log, reduced to what the tests check.
struct LoggedRequest {
    var seq: Int
    var item: String
    var fault: String?
    var status: Int?
    var verdict: String?

    /// `system/encounter/rubric/criterion/sample`: the question a request asked.
    static func item(system: String, encounter: String, rubric: String, criterion: String, sample: Int) -> String {
        "\(system)/\(encounter)/\(rubric)/\(criterion)/\(sample)"
    }

    /// A well-formed answer with a verdict: status 200 and no injected fault.
    var isCleanAnswer: Bool { status == 200 && fault == nil }

    /// Reads a per-criterion request log.
    static func read(_ path: String) throws -> [LoggedRequest] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let json = try JSONValue(parsing: String(line))
            let criterion = json["criteria"]?.arrayValue?.first?.stringValue ?? "?"
            return LoggedRequest(
                seq: json["seq"]?.intValue ?? -1,
                item: item(
                    system: json["system"]?.stringValue ?? "?", encounter: json["encounter"]?.stringValue ?? "?",
                    rubric: json["rubric"]?.stringValue ?? "?", criterion: criterion, sample: json["sample"]?.intValue ?? -1),
                fault: json["fault"]?.stringValue, status: json["status"]?.intValue,
                verdict: json["verdicts"]?[criterion]?.stringValue)
        }
    }
}

extension Judgment {
    var item: String {
        LoggedRequest.item(system: system, encounter: encounter, rubric: rubric, criterion: criterion, sample: sample)
    }
}

func temporaryPath(_ name: String) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scribegrade-pipeline-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name).path
}
