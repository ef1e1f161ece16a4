import ArgumentParser
import Foundation
import ScribeGrade
import ScribeGradeServer
import ScribeGradeStore

/// `scribegrade token`: the API tokens of the grading service.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the grading service's API tokens.",
        discussion: """
            A token is shown once, when created; the run database keeps only its SHA-256 hash. \
            Roles: admin (everything), grader (submit rubrics, transcripts and notes; start and \
            cancel runs), reviewer (answer the review queue, submit expert ratings), viewer \
            (read). Every role reads. Revoking takes effect at once, also in a running service.

            Examples:
              scribegrade token create --role grader --name vendor-a
              scribegrade token list
              scribegrade token revoke vendor-a
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it (once) on standard output.",
            discussion: """
                Example:
                  TOKEN=$(scribegrade token create --role reviewer --name dr-patel)
                """)

        @Option(help: "admin, grader, reviewer or viewer.")
        var role: Role

        @Option(help: "Who holds the token; a reviewer's answers are stored under this name (default: ROLE-ID).")
        var name: String?

        @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
        var storePath: String = SQLiteStore.defaultPath

        func run() async throws {
            try await Diagnostics.exitingOnInputError {
                let issued = try await TokenIssuer(store: SQLiteStore(path: storePath)).create(role: role, name: name)
                Terminal.write(issued.token + "\n")
                Terminal.error("created \(issued.record.role) token \(issued.record.id) named '\(issued.record.name)' in \(storePath); it is shown only now")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens: id, name, role, created, revoked (never the tokens).")

        @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
        var storePath: String = SQLiteStore.defaultPath

        func run() async throws {
            try await Diagnostics.exitingOnInputError {
                let tokens = try await TokenIssuer(store: StoredRun.openStore(storePath, access: .readOnly)).list()
                let formatter = ISO8601DateFormatter()
                var rows = [["ID", "Name", "Role", "Created", "Revoked"]]
                for token in tokens {
                    rows.append([token.id, token.name, token.role, formatter.string(from: token.createdAt), token.revokedAt.map { formatter.string(from: $0) } ?? "-"])
                }
                let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
                let lines = rows.map { row in
                    zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                        .trimmingCharacters(in: .whitespaces)
                }
                Terminal.write(lines.joined(separator: "\n") + "\n")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id or name.")

        @Argument(help: "The token's id (tok_…) or name.")
        var token: String

        @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
        var storePath: String = SQLiteStore.defaultPath

        func run() async throws {
            try await Diagnostics.exitingOnInputError {
                guard try await TokenIssuer(store: StoredRun.openStore(storePath)).revoke(token) else {
                    throw InputError("no active token with id or name '\(token)'; `scribegrade token list` shows them", at: SourceLocation(file: storePath))
                }
                Terminal.error("revoked \(token)")
            }
        }
    }
}

extension Role: ExpressibleByArgument {}
