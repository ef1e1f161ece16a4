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
        Self.hex(sha.finalize())
    }

    /// The SHA-256 hex digest of one string.
    public static func hex(_ text: String) -> String {
        hex(SHA256.hash(data: Array(text.utf8)))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
