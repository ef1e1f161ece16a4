/// Tokens one judge call billed, as the provider reported them.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// All input tokens, including cached and cache-creation tokens.
    public var input: Int
    /// Input tokens served from the provider's prompt cache (OpenAI `cached_tokens`,
    /// Anthropic `cache_read_input_tokens`).
    public var cachedInput: Int
    /// Input tokens written to the cache (Anthropic `cache_creation_input_tokens`).
    public var cacheCreation: Int
    public var output: Int

    public init(input: Int = 0, cachedInput: Int = 0, cacheCreation: Int = 0, output: Int = 0) {
        self.input = input
        self.cachedInput = cachedInput
        self.cacheCreation = cacheCreation
        self.output = output
    }

    public static let zero = TokenUsage()

    enum CodingKeys: String, CodingKey {
        case input
        case cachedInput = "cached_input"
        case cacheCreation = "cache_creation"
        case output
    }

    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            input: lhs.input + rhs.input, cachedInput: lhs.cachedInput + rhs.cachedInput,
            cacheCreation: lhs.cacheCreation + rhs.cacheCreation, output: lhs.output + rhs.output)
    }
}
