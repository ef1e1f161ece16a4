import Foundation
import ScribeGrade

/// Bearer tokens of the grading service: 256 random bits, shown once, stored as SHA-256.
public enum APIToken {
    /// Every token starts with this, so a leaked one is recognisable (secret scanners).
    public static let prefix = "sgt_"

    /// A new random token: `sgt_` and 43 base64url characters.
    public static func generate() -> String {
        prefix + randomString(bytes: 32)
    }

    /// A public identifier for a token record: `tok_` and 12 hex digits.
    static func generateID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "tok_" + (0..<6).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// `bytes` random bytes from the system's generator, base64url without padding.
    static func randomString(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The lower-case hex SHA-256 of a token: what the store keeps.
    public static func hash(_ token: String) -> String {
        ContentHasher.hex(token)
    }

    /// Compares two byte strings in time that depends only on their lengths.
    static func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
