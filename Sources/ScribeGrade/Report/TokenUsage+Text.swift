extension TokenUsage {
    /// `input/output (N cached)`, with `, M cache writes` added where the provider wrote any
    /// (Anthropic): how reports and calibrate show what a judge billed. `input` includes the
    /// cached and written tokens, as the providers count them.
    public var inOutText: String {
        "\(input)/\(output) (\(cachedInput) cached\(cacheCreation > 0 ? ", \(cacheCreation) cache writes" : ""))"
    }
}
