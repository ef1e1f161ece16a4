import Foundation
import Crypto

/// SHA-256 over a sequence of length-prefixed fields, so that `("ab", "c")` and `("a", "bc")`
/// hash differently. Used for cache keys, run ids and prompt template hashes.
public struct ContentHasher {
    private var sha = SHA256()

    public init() {}

    public mutating func add(_ field: String) {
        let bytes = Array(field.utf8)
        var length = UInt64(bytes.count).littleEndian
        withUnsafeBytes(of: &length) { sha.update(bufferPointer: $0) }
        sha.update(data: bytes)
    }

    public func hexDigest() -> String {
        sha.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The SHA-256 hex digest of one string.
    public static func hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
