import ArgumentParser
import Foundation
import ScribeGrade

/// `scribegrade rubric …`: tools for writing rubrics.
struct RubricCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubric",
        abstract: "Work with rubrics: draft one from a reference note.",
        subcommands: [Draft.self]
    )

    struct Draft: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "draft",
            abstract: "Draft a rubric offline from a reference note, for a clinician to review.",
            discussion: """
                Splits the reference note into fact-bearing statements and writes one criterion \
                per statement: the section comes from the note's heading (HISTORY OF PRESENT \
                ILLNESS → subjective, PHYSICAL EXAM → objective, ASSESSMENT AND PLAN → \
                assessment or plan), points are 1, or 2 for assessment and plan. Boilerplate and \
                repeated statements are skipped. The rubric's source says it is a draft that a \
                clinician must review: no model is involved, and the draft rewards notes that \
                state what the reference states, in whatever words.

                Examples:
                  scribegrade rubric draft --reference reference-notes/D2N088.txt \\
                      --encounter D2N088
                  scribegrade rubric draft --reference ref.txt --encounter visit-042 \\
                      --output Rubrics/mine/visit-042.yaml
                """)

        @Option(help: "The reference note (a text file).")
        var reference: String

        @Option(help: "The encounter the rubric grades notes of.")
        var encounter: String

        @Option(help: "Rubric id (default: the encounter id).")
        var id: String?

        @Option(help: "Where the note came from, said in the rubric's source (e.g. a dataset and its licence).")
        var attribution: String?

        @Option(name: .shortAndLong, help: "Write the rubric to this file instead of standard output.")
        var output: String?

        func run() async throws {
            try Diagnostics.exitingOnInputError {
                let text = try LocalFileSource().read(reference)
                let rubric = try ReferenceNoteDrafter(attribution: attribution)
                    .draft(reference: text, encounter: encounter, id: id, path: reference)
                let name = (reference as NSString).lastPathComponent
                let file = try ImportLayout.file(for: rubric, header: [
                    "DRAFT: drafted offline by scribegrade rubric draft from \(name).",
                    "Review and edit every criterion with a clinician before relying on scores.",
                ])
                if let output {
                    let url = URL(fileURLWithPath: output)
                    try OutputDirectory(root: url.deletingLastPathComponent().path)
                        .write([GeneratedFile(path: url.lastPathComponent, contents: file.contents)])
                    Terminal.error("drafted \(rubric.criteria.count) criteria for \(encounter) into \(output)")
                } else {
                    print(file.contents, terminator: "")
                }
            }
        }
    }
}
