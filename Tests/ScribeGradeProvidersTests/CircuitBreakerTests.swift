import Testing
@testable import ScribeGrade
@testable import ScribeGradeProviders

@Suite struct CircuitBreakerTests {
    @Test func opensAfterTheThresholdOfConsecutiveFailuresAndStaysOpen() throws {
        let breaker = CircuitBreaker(threshold: 3, judge: "openai:gpt-x@http://127.0.0.1:9/v1", baseURL: "http://127.0.0.1:9/v1")
        #expect(breaker.recordFailure("connection failed") == nil)
        #expect(breaker.recordFailure("connection failed") == nil)
        breaker.recordSuccess()  // a live answer resets the count
        #expect(breaker.recordFailure("HTTP 500") == nil)
        #expect(breaker.recordFailure("HTTP 500") == nil)
        #expect(!breaker.isOpen)
        let open = try #require(breaker.recordFailure("HTTP 503"))
        #expect(open == JudgeUnreachable(judge: "openai:gpt-x", host: "127.0.0.1:9", failures: 3, lastFailure: "HTTP 503"))
        breaker.recordSuccess()  // an answer in flight does not close it again
        #expect(throws: JudgeUnreachable.self) { try breaker.check() }
        #expect(breaker.recordFailure("timeout") == open)
    }

    @Test func namesTheHostOnlyNeverTheUserThePathOrTheQuery() {
        #expect(CircuitBreaker.host(of: "https://user:sk-secret@api.example.com/v1?api-key=sk-secret") == "api.example.com")
        #expect(CircuitBreaker.host(of: "http://[::1]:8089/v1") == "[::1]:8089")
        #expect(CircuitBreaker.host(of: "not a url") == "the judge's base URL")
        let breaker = CircuitBreaker(threshold: 1, judge: "azure", baseURL: "https://me:pw@x.example.org/openai/deployments/d?api-version=1&key=sk-abc")
        let error = breaker.recordFailure("connection failed")
        #expect(error?.description == "judge 'azure' is unreachable at x.example.org: 1 consecutive connection failures or server errors (last: connection failed)")
    }
}
