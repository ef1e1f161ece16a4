import Foundation
import ScribeGrade

/// The PriMock57 rubrics, transcripts and notes the service tests upload.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func text(_ relative: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)) ?? ""
    }

    static func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)) ?? []).sorted()
    }

    static var rubricFiles: [String] { files("rubrics") }
    static var transcriptFiles: [String] { files("transcripts") }
    static let systems = ["doctor", "note1", "note2"]

    /// Every note of the fixtures.
    static var notes: [Note] {
        systems.flatMap { system in
            files("notes/\(system)").map { name in
                Note(system: system, encounter: String(name.dropLast(4)), text: text("notes/\(system)/\(name)"))
            }
        }
    }

    /// The fixture rubrics decoded as the CLI decodes them.
    static var rubrics: [Rubric] {
        (try? RubricLoader().load([directory.appendingPathComponent("rubrics").path]).validRubrics()) ?? []
    }

    /// The fixture transcripts.
    static var encounters: [Encounter] {
        (try? EncounterLoader().loadDirectory(directory.appendingPathComponent("transcripts").path)) ?? []
    }
}
