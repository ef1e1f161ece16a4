import Foundation

/// The simulator's model of providers' prompt caches, keyed by hashes of token prefixes.
///
/// - OpenAI (automatic prefix caching): a prompt of at least 1,024 tokens is cached in
///   prefixes of 1,024 tokens and then every 128 more; a request's `cached_tokens` is the
///   longest such prefix an earlier request (same model) left in the cache by completing.
/// - Anthropic (`cache_control` breakpoints): the prefix up to each breakpoint is cacheable
///   when it has at least the model's minimum (1,024 tokens; 2,048 for Haiku models). The
///   longest cached breakpoint prefix is read (`cache_read_input_tokens`); the tokens from it to
///   the last breakpoint are written (`cache_creation_input_tokens`); the rest is
///   `input_tokens`.
///
/// A prefix is cached once a request with it has completed (a real server caches what it has
/// processed), so requests sent together all miss. Entries live five minutes from their last
/// use, as both providers document.
struct PromptCache {
    var expiry: [UInt64: ContinuousClock.Instant] = [:]
    let lifetime: Duration = .seconds(300)
    var insertionsSincePurge = 0

    static let openAIMinimum = 1024
    static let openAIIncrement = 128

    static func anthropicMinimum(model: String) -> Int {
        model.lowercased().contains("haiku") ? 2048 : 1024
    }

    /// Hashes of the prefixes of `tokens` ending at each of `positions` (ascending).
    static func prefixHashes(_ tokens: [UInt64], at positions: [Int], namespace: String) -> [UInt64] {
        var h: UInt64 = TokenCounterSeed.seed(namespace)
        var result: [UInt64] = []
        result.reserveCapacity(positions.count)
        var next = 0
        for (index, token) in tokens.enumerated() {
            h = (h ^ token) &* 0x100_0000_01b3
            h = (h << 13 | h >> 51) &+ 0x9e37_79b9_7f4a_7c15
            while next < positions.count, positions[next] == index + 1 {
                result.append(h)
                next += 1
            }
        }
        return result
    }

    mutating func isLive(_ key: UInt64, now: ContinuousClock.Instant) -> Bool {
        guard let until = expiry[key] else { return false }
        return until > now
    }

    mutating func touch(_ key: UInt64, now: ContinuousClock.Instant) {
        expiry[key] = now + lifetime
        insertionsSincePurge += 1
        if insertionsSincePurge > 100_000 {
            expiry = expiry.filter { $0.value > now }
            insertionsSincePurge = 0
        }
    }

    /// The cacheable prefixes of a prompt: token counts and their hashes, ascending. Computed
    /// outside the simulator's lock.
    struct Prefixes: Sendable {
        var positions: [Int] = []
        var hashes: [UInt64] = []
    }

    /// OpenAI's cacheable prefixes: 1,024 tokens, then every 128 more.
    static func openAIPrefixes(_ tokens: [UInt64], model: String) -> Prefixes {
        guard tokens.count >= openAIMinimum else { return Prefixes() }
        let positions = Array(stride(from: openAIMinimum, through: tokens.count, by: openAIIncrement))
        return Prefixes(positions: positions, hashes: prefixHashes(tokens, at: positions, namespace: "openai:" + model))
    }

    /// Anthropic's cacheable prefixes: those ending at a breakpoint, of at least the model's minimum.
    static func anthropicPrefixes(_ tokens: [UInt64], breakpoints: [Int], model: String) -> Prefixes {
        let minimum = anthropicMinimum(model: model)
        let positions = Array(Set(breakpoints.filter { $0 >= minimum && $0 <= tokens.count })).sorted()
        return Prefixes(positions: positions, hashes: prefixHashes(tokens, at: positions, namespace: "anthropic:" + model))
    }

    /// OpenAI: the cached tokens of a prompt, the longest of its prefixes a completed request
    /// left in the cache. Reading records nothing: `record` does, once the request completes.
    mutating func openAI(_ prefixes: Prefixes, now: ContinuousClock.Instant = .now) -> Int {
        longestCached(prefixes, now: now)
    }

    /// The token count of the longest of the prefixes that is cached, or 0.
    mutating func longestCached(_ prefixes: Prefixes, now: ContinuousClock.Instant) -> Int {
        zip(prefixes.positions, prefixes.hashes).reduce(0) { cached, entry in isLive(entry.1, now: now) ? entry.0 : cached }
    }

    /// Anthropic: cache reads and writes of a prompt's breakpoint prefixes (what a completed
    /// request left in the cache is read; the rest up to the last breakpoint is written).
    mutating func anthropic(_ prefixes: Prefixes, now: ContinuousClock.Instant = .now) -> (read: Int, written: Int) {
        guard let last = prefixes.positions.last else { return (0, 0) }
        let read = longestCached(prefixes, now: now)
        return (read, last - read)
    }

    /// Caches the prefixes of a request that completed: a server caches what it has processed,
    /// so requests sent together, before any of them completed, all miss.
    mutating func record(_ prefixes: Prefixes, now: ContinuousClock.Instant = .now) {
        for hash in prefixes.hashes { touch(hash, now: now) }
    }
}

enum TokenCounterSeed {
    static func seed(_ namespace: String) -> UInt64 { TokenCounter.marker("prefix:" + namespace) }
}
