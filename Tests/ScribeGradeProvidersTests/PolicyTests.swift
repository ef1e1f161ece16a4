import Foundation
import Testing
import ScribeGrade
@testable import ScribeGradeProviders

@Suite struct PolicyTests {
    @Test func backoffDoublesWithinJitterBoundsAndIsCapped() {
        let policy = RetryPolicy(baseDelay: 0.5, maxDelay: 4)
        #expect(policy.delay(retry: 1, retryAfter: nil, random: 0) == 0.25)
        #expect(policy.delay(retry: 1, retryAfter: nil, random: 1) == 0.5)
        #expect(policy.delay(retry: 3, retryAfter: nil, random: 1) == 2)
        #expect(policy.delay(retry: 3, retryAfter: nil, random: 0) == 1)
        #expect(policy.delay(retry: 10, retryAfter: nil, random: 1) == 4)
        #expect(policy.delay(retry: 60, retryAfter: nil, random: 0.5) == 3)
    }

    @Test func retryAfterWinsOverBackoffAndIsCapped() {
        let policy = RetryPolicy(baseDelay: 0.5, maxDelay: 4, maxRetryAfter: 20)
        #expect(policy.delay(retry: 1, retryAfter: 7, random: 0) == 7)
        #expect(policy.delay(retry: 1, retryAfter: 120, random: 0) == 20)
    }

    @Test func theRequestBucketLetsTenSecondsOfAllowanceThroughThenSpacesRequests() async {
        let limiter = RateLimiter(rpm: 60, tpm: nil)
        for _ in 0..<10 { #expect(await limiter.reserve(tokens: 0) == .zero) }
        let eleventh = await limiter.reserve(tokens: 0)
        let twelfth = await limiter.reserve(tokens: 0)
        #expect(eleventh > .milliseconds(900) && eleventh <= .milliseconds(1000))
        #expect(twelfth > .milliseconds(1900) && twelfth <= .milliseconds(2000))
    }

    @Test func theTokenBucketLimitsByEstimatedTokens() async {
        let limiter = RateLimiter(rpm: nil, tpm: 6000)  // 100 tokens a second, 1,000 in the bucket
        #expect(await limiter.reserve(tokens: 1000) == .zero)
        let wait = await limiter.reserve(tokens: 500)
        #expect(wait > .milliseconds(4900) && wait <= .milliseconds(5000))
    }

    @Test func aPauseHoldsBackEveryCaller() async {
        let limiter = RateLimiter(rpm: nil, tpm: nil)
        #expect(await limiter.reserve(tokens: 10) == .zero)
        await limiter.pause(for: 2)
        let wait = await limiter.reserve(tokens: 10)
        #expect(wait > .milliseconds(1900) && wait <= .milliseconds(2000))
    }

    @Test func costUsesEachPriceForItsTokens() {
        let prices = Prices(input: 3, cachedInput: 0.3, output: 15)
        #expect(prices.cacheWrite == 3.75, "Anthropic's 5-minute cache writes cost 1.25 times input")
        let usage = TokenUsage(input: 10_000, cachedInput: 6_000, cacheCreation: 3_000, output: 200)
        let parts: [Double] = [1_000 * 3, 6_000 * 0.3, 3_000 * 3.75, 200 * 15]
        let expected = parts.reduce(0, +) / 1_000_000
        #expect(abs(prices.cost(of: usage) - expected) < 1e-12)
        #expect(Prices.free.cost(of: usage) == 0)
    }

    @Test(arguments: [
        ([("retry-after-ms", "250"), ("retry-after", "3")], 0.25),
        ([("retry-after", "3")], 3.0),
        ([("Retry-After", "0.5")], 0.5),
    ])
    func retryAfterHeadersAreRead(headers: [(String, String)], seconds: Double) {
        let response = HTTPResponse(status: 429, headers: headers.map { (name: $0.0, value: $0.1) }, body: [])
        #expect(ErrorReading.retryAfter(response) == seconds)
    }

    @Test func anHTTPDateRetryAfterIsReadAsSecondsFromNow() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let header = formatter.string(from: Date().addingTimeInterval(30))
        let seconds = ErrorReading.retryAfter(HTTPResponse(status: 503, headers: [(name: "retry-after", value: header)], body: []))
        #expect(seconds.map { $0 > 28 && $0 <= 30 } == true)
    }

    @Test func xShouldRetryOverridesTheStatus() {
        #expect(!ErrorReading.retryable(HTTPResponse(status: 500, headers: [(name: "x-should-retry", value: "false")], body: [])))
        #expect(ErrorReading.retryable(HTTPResponse(status: 400, headers: [(name: "x-should-retry", value: "true")], body: [])))
        #expect(ErrorReading.retryable(HTTPResponse(status: 529, headers: [], body: [])))
        #expect(!ErrorReading.retryable(HTTPResponse(status: 401, headers: [], body: [])))
    }

    @Test func keysAreRedactedFromProviderMessages() {
        let message = ErrorReading.safeMessage("Incorrect API key provided: sk-abcdefghijkl. Or sk-proj-zzzzzzzzzz!", secret: "sk-abcdefghijkl")
        #expect(message == "Incorrect API key provided: [redacted]. Or [redacted]")
    }
}
