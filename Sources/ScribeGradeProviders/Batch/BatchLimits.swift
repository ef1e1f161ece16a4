/// How much one provider batch may hold. Both limits are parameters so tests can split small
/// inputs into several batches.
public struct BatchLimits: Sendable, Hashable {
    /// Requests (OpenAI: input file lines) in one batch.
    public var maxRequests: Int
    /// Bytes of one batch's input (OpenAI: the JSONL file; Anthropic: the create request body).
    public var maxBytes: Int

    public init(maxRequests: Int, maxBytes: Int) {
        self.maxRequests = max(1, maxRequests)
        self.maxBytes = max(1, maxBytes)
    }

    /// OpenAI Batch: 50,000 requests and 200 MB per input file.
    public static let openAI = BatchLimits(maxRequests: 50_000, maxBytes: 200 * 1024 * 1024)
    /// Anthropic Message Batches: 100,000 requests and 256 MB per batch.
    public static let anthropic = BatchLimits(maxRequests: 100_000, maxBytes: 256 * 1024 * 1024)

    /// Consecutive index ranges of `sizes` (each item's encoded bytes, separator included), each
    /// within both limits; `overhead` is the bytes every batch carries besides its items. An item
    /// larger than the byte limit on its own gets a range of its own (the provider refuses it,
    /// and its items fall back to the synchronous path).
    public func chunks(sizes: [Int], overhead: Int = 0) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var bytes = overhead
        for (index, size) in sizes.enumerated() {
            if index > start, index - start >= maxRequests || bytes + size > maxBytes {
                ranges.append(start..<index)
                start = index
                bytes = overhead
            }
            bytes += size
        }
        if start < sizes.count { ranges.append(start..<sizes.count) }
        return ranges
    }
}
