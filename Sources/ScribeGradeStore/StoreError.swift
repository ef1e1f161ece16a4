import Foundation
import GRDB

/// A run database that cannot be used as asked, with the file it concerns.
///
/// Every failure of SQLite that an operator can act on — a full disk, a read-only file, a file
/// that is not a ScribeGrade store or is damaged, a lock held too long — reaches callers as this
/// type, never as SQL or a `DecodingError`; front ends word it. Other errors (a constraint the
/// caller checks for, say) pass through unchanged.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable {
        /// SQLITE_FULL: the disk (or the file size limit) is full. Committed work is intact.
        case full
        /// SQLITE_READONLY: the file, its directory or the filesystem does not allow writing.
        case readOnly
        /// SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH: the file cannot be opened at all.
        case cannotOpen
        /// SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_FORMAT, a stored row that does not decode, or a
        /// SQLite file of another schema.
        case damaged
        /// SQLITE_BUSY, SQLITE_LOCKED: another process held the database too long.
        case busy
        /// SQLITE_IOERR: reading or writing the file failed.
        case io
    }

    public var reason: Reason
    /// The database file.
    public var path: String
    /// SQLite's primary result code, when SQLite reported the failure.
    public var code: Int32?

    public init(_ reason: Reason, path: String, code: Int32? = nil) {
        self.reason = reason
        self.path = path
        self.code = code
    }

    public var description: String {
        "\(path): run database \(reason.rawValue)" + (code.map { " (SQLite result code \($0))" } ?? "")
    }

    /// `error` as a `StoreError` about `path` when it is one an operator can act on; otherwise
    /// `error` itself.
    public static func wrapping(_ error: any Error, path: String) -> any Error {
        switch error {
        case let error as StoreError:
            return error
        case is DecodingError:
            return StoreError(.damaged, path: path)
        case let error as DatabaseError:
            let code = error.resultCode.primaryResultCode
            switch code {
            case .SQLITE_FULL: return StoreError(.full, path: path, code: code.rawValue)
            case .SQLITE_READONLY: return StoreError(.readOnly, path: path, code: code.rawValue)
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH: return StoreError(.cannotOpen, path: path, code: code.rawValue)
            case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT, .SQLITE_SCHEMA: return StoreError(.damaged, path: path, code: code.rawValue)
            case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError(.busy, path: path, code: code.rawValue)
            case .SQLITE_IOERR: return StoreError(.io, path: path, code: code.rawValue)
            case .SQLITE_ERROR where Self.schemaMismatch(error.message):
                // A table or column this version needs is missing: a file of another schema.
                return StoreError(.damaged, path: path, code: code.rawValue)
            default: return error
            }
        default:
            return error
        }
    }

    static func schemaMismatch(_ message: String?) -> Bool {
        guard let message else { return false }
        return message.hasPrefix("no such table") || message.hasPrefix("no such column") || message.contains("has no column named")
    }
}
