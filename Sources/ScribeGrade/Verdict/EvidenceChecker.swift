import Foundation

/// Checks that a judge's evidence quotes occur in the texts they claim to come from.
///
/// Matching ignores case, runs of whitespace, curly versus straight quotes and dashes, and
/// punctuation at a quote's ends; a quote elided with `...` or `…` matches when its pieces
/// occur in order. Works on UTF-8 bytes, normalising the text once per checker.
public struct EvidenceChecker: Sendable {
    let normalisedText: [UInt8]

    public init(text: String) {
        normalisedText = Self.normalisedBytes(text)
    }

    /// Lower-cased, with typographic quotes and dashes made plain and whitespace runs made one space.
    public static func normalise(_ text: String) -> String {
        String(decoding: normalisedBytes(text), as: UTF8.self)
    }

    static func normalisedBytes(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { normalised($0) }
    }

    /// Normalises UTF-8 bytes: ASCII handled inline; other scalars decoded, with typographic
    /// quotes, dashes and Unicode spaces mapped, and anything else lower-cased.
    static func normalised(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { pendingSpace = true; continue }
                if pendingSpace, !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : (byte == 0x60 ? 0x27 : byte))
                continue
            }
            // A multi-byte scalar (the input is valid UTF-8: it came from a String).
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            let end = min(index + length, bytes.count)
            var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for next in (index + 1)..<end { value = value << 6 | (UInt32(bytes[next]) & 0x3F) }
            let sequence = UnsafeBufferPointer(rebasing: bytes[index..<end])
            index = end
            guard let scalar = Unicode.Scalar(value) else { continue }
            if scalar.properties.isWhitespace { pendingSpace = true; continue }
            if pendingSpace, !out.isEmpty { out.append(0x20) }
            pendingSpace = false
            switch value {
            case 0x2018, 0x2019, 0x201B, 0x00B4: out.append(0x27)
            case 0x201C, 0x201D, 0x201F: out.append(0x22)
            case 0x2010...0x2014, 0x2212: out.append(0x2D)
            default:
                if scalar.properties.changesWhenLowercased {
                    out.append(contentsOf: String(scalar).lowercased().utf8)
                } else {
                    out.append(contentsOf: sequence)
                }
            }
        }
        return out
    }

    static let edgePunctuation: Set<UInt8> = Set("\"'.,;:!?()[]- ".utf8)

    /// The pieces of a quote to look for: split at ellipses, normalised, edges trimmed.
    static func pieces(_ quote: String) -> [[UInt8]] {
        let unified = quote.replacingOccurrences(of: "\u{2026}", with: "...")
        return unified.components(separatedBy: "...").compactMap { piece in
            var bytes = normalisedBytes(piece)[...]
            while let first = bytes.first, edgePunctuation.contains(first) { bytes = bytes.dropFirst() }
            while let last = bytes.last, edgePunctuation.contains(last) { bytes = bytes.dropLast() }
            return bytes.isEmpty ? nil : Array(bytes)
        }
    }

    /// Whether the quote occurs in the text (an empty quote does not).
    public func contains(_ quote: String) -> Bool {
        let pieces = Self.pieces(quote)
        guard !pieces.isEmpty else { return false }
        var start = 0
        for piece in pieces {
            guard let found = ByteSearch.firstIndex(of: piece, in: normalisedText, from: start) else { return false }
            start = found + piece.count
        }
        return true
    }
}

/// Substring search on UTF-8 bytes.
public enum ByteSearch {
    /// The first index at or after `start` where `needle` occurs in `haystack`.
    public static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard let first = needle.first, haystack.count - start >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                var i = start
                let last = hay.count - pin.count
                while i <= last {
                    if hay[i] == first {
                        var j = 1
                        while j < pin.count && hay[i + j] == pin[j] { j += 1 }
                        if j == pin.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    /// Whether `needle` (lower-case ASCII) occurs in `text`, ignoring ASCII case.
    public static func containsIgnoringASCIICase(_ text: String, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        var text = text
        return text.withUTF8 { hay in
            needle.withUnsafeBufferPointer { pin in
                guard hay.count >= pin.count else { return false }
                @inline(__always) func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
                var i = 0
                let last = hay.count - pin.count
                while i <= last {
                    if lower(hay[i]) == first {
                        var j = 1
                        while j < pin.count && lower(hay[i + j]) == pin[j] { j += 1 }
                        if j == pin.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
