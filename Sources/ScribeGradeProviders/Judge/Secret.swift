/// An API key. Prints as `[redacted]` in every description, so it cannot reach logs or errors
/// by accident; only the transport header reads its value.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    public init(_ value: String) { self.value = value }

    public var isEmpty: Bool { value.isEmpty }
    public var description: String { "[redacted]" }
    public var debugDescription: String { "[redacted]" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}

/// Removes things that look like API keys from text that came from elsewhere (error messages).
enum Redaction {
    static func redactKeys(in text: String) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for index in words.indices {
            let word = words[index]
            if let range = word.range(of: "sk-"), word.distance(from: range.lowerBound, to: word.endIndex) >= 8 {
                words[index] = String(word[..<range.lowerBound]) + "[redacted]"
            }
        }
        return words.joined(separator: " ")
    }
}
