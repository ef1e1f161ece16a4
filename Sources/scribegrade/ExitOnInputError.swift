import ArgumentParser
import Foundation
import ScribeGrade
import ScribeGradeStore

/// Prints diagnostics to standard error like a compiler and maps input errors to exit status 2,
/// and run database errors to one sentence and exit status 1.
enum Diagnostics {
    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            Terminal.error(diagnostic.description)
        }
    }

    /// Runs `body`; an `InputError` is printed and becomes exit status 2, a `StoreError` (a
    /// full disk, a read-only or damaged run database) exit status 1.
    static func exitingOnInputError<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as InputError {
            print(error.diagnostics)
            throw ExitCode(2)
        } catch let error as StoreError {
            print([error.diagnostic])
            throw ExitCode(ExitStatus.error)
        }
    }

    /// `exitingOnInputError` for synchronous work.
    static func exitingOnInputError<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as InputError {
            print(error.diagnostics)
            throw ExitCode(2)
        } catch let error as StoreError {
            print([error.diagnostic])
            throw ExitCode(ExitStatus.error)
        }
    }
}
