import ScribeGrade

/// A judge's prices in US dollars per million tokens.
public struct Prices: Sendable, Hashable, Codable {
    public var input: Double
    /// Input served from the prompt cache (OpenAI cached tokens, Anthropic cache reads).
    public var cachedInput: Double
    /// Input written to the cache (Anthropic); 1.25 × input when not configured, Anthropic's
    /// documented price of 5-minute cache writes.
    public var cacheWrite: Double
    public var output: Double

    public init(input: Double = 0, cachedInput: Double? = nil, cacheWrite: Double? = nil, output: Double = 0) {
        self.input = input
        self.cachedInput = cachedInput ?? input
        self.cacheWrite = cacheWrite ?? input * 1.25
        self.output = output
    }

    public static let free = Prices()

    /// What batch APIs charge relative to the synchronous price: both OpenAI Batch and
    /// Anthropic Message Batches bill 50% of every token price, cached input included.
    public static let batchDiscount = 0.5

    /// The cost of one call's usage. `usage.input` includes cached and cache-write tokens.
    /// A call answered through a provider batch (`batch`) costs `batchDiscount` of it; the
    /// cached-input and cache-write prices still apply to the tokens the provider reports as such.
    public func cost(of usage: TokenUsage, batch: Bool = false) -> Double {
        let uncached = max(0, usage.input - usage.cachedInput - usage.cacheCreation)
        let list = (Double(uncached) * input + Double(usage.cachedInput) * cachedInput
            + Double(usage.cacheCreation) * cacheWrite + Double(usage.output) * output) / 1_000_000
        return batch ? list * Self.batchDiscount : list
    }
}
