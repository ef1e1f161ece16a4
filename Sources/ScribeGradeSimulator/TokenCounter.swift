/// The simulator's token counter: an approximation of a BPE tokenizer, not a real one.
///
/// Rules, on UTF-8 bytes: a run of letters (ASCII letters, and any non-ASCII byte) is one token
/// per started 8 bytes (`the` 1, `consultation` 2); a run of digits is one token per started
/// 3 digits (as cl100k splits numbers); every other non-space character is a token; spaces and
/// tabs are free (BPE folds a leading space into the next word); a run of line breaks is one
/// token. English prose comes out near 4.5 characters per token, close to OpenAI's and
/// Anthropic's tokenizers, and counting is linear and fast.
public enum TokenCounter {
    /// Token hashes of a text, in order; equal texts give equal sequences.
    public static func tokens(_ text: String, into out: inout [UInt64]) {
        var utf8 = Array(text.utf8)
        utf8.append(0x20)
        var index = 0
        let count = utf8.count - 1
        while index < count {
            let byte = utf8[index]
            if byte == 0x20 || byte == 0x09 { index += 1; continue }
            let start = index
            if byte == 0x0A || byte == 0x0D {
                while index < count, utf8[index] == 0x0A || utf8[index] == 0x0D { index += 1 }
                out.append(hash(utf8, start, index))
            } else if isLetter(byte) {
                while index < count, isLetter(utf8[index]) { index += 1 }
                var pieceStart = start
                while pieceStart < index {
                    let end = min(index, pieceStart + 8)
                    out.append(hash(utf8, pieceStart, end))
                    pieceStart = end
                }
            } else if byte >= 0x30 && byte <= 0x39 {
                while index < count, utf8[index] >= 0x30 && utf8[index] <= 0x39 { index += 1 }
                var pieceStart = start
                while pieceStart < index {
                    let end = min(index, pieceStart + 3)
                    out.append(hash(utf8, pieceStart, end))
                    pieceStart = end
                }
            } else {
                index += 1
                out.append(hash(utf8, start, index))
            }
        }
    }

    /// The number of tokens of a text.
    public static func count(_ text: String) -> Int {
        var out: [UInt64] = []
        tokens(text, into: &out)
        return out.count
    }

    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
    }

    /// FNV-1a over the bytes of one token.
    @inline(__always) static func hash(_ bytes: [UInt8], _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in start..<end { h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01b3 }
        return h
    }

    /// A marker token (message boundaries, roles), counted like one token.
    public static func marker(_ name: String) -> UInt64 {
        var h: UInt64 = 0x9e37_79b9_7f4a_7c15
        for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }
}
