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
        if let ascii = text.utf8.withContiguousStorageIfAvailable({ asciiNormalised($0) }), let ascii { return ascii }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            var mapped: UInt8 = 0
            if value < 0x80 {
                mapped = UInt8(truncatingIfNeeded: value)
                if mapped == 0x20 || (mapped >= 0x09 && mapped <= 0x0D) { pendingSpace = true; continue }
                if mapped >= 0x41 && mapped <= 0x5A { mapped += 0x20 }
                if mapped == 0x60 { mapped = 0x27 }  // ` -> '
            } else if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            } else {
                switch value {
                case 0x2018, 0x2019, 0x201B, 0x00B4: mapped = 0x27
                case 0x201C, 0x201D, 0x201F: mapped = 0x22
                case 0x2010...0x2014, 0x2212: mapped = 0x2D
                default: break
                }
            }
            if pendingSpace, !out.isEmpty { out.append(0x20) }
            pendingSpace = false
            if mapped != 0 {
                out.append(mapped)
            } else {
                out.append(contentsOf: String(scalar).lowercased().utf8)
            }
        }
        return out
    }

    /// The fast path for ASCII text; nil when the text has any non-ASCII byte.
    static func asciiNormalised(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: bytes.count)
        var count = 0
        var pendingSpace = false
        let ok = out.withUnsafeMutableBufferPointer { buffer -> Bool in
            for byte in bytes {
                if byte >= 0x80 { return false }
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { pendingSpace = true; continue }
                if pendingSpace, count > 0 { buffer[count] = 0x20; count += 1 }
                pendingSpace = false
                buffer[count] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : (byte == 0x60 ? 0x27 : byte)
                count += 1
            }
            return true
        }
        guard ok else { return nil }
        out.removeSubrange(count...)
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
