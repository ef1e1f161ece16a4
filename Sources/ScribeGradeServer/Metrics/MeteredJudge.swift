import Foundation
import ScribeGrade

/// A judge that records every call it forwards in the service's metrics: judgments by
/// outcome, tokens, cost, latency, and provider errors. Everything else — who it is, its cache
/// keys, estimates and concurrency — is the wrapped judge's, so runs, caching and stored
/// judgments are exactly as without it.
struct MeteredJudge: Judge {
    let inner: any Judge
    let metrics: ServiceMetrics

    var descriptor: JudgeDescriptor { inner.descriptor }
    var batchesCriteria: Bool { inner.batchesCriteria }
    var preferredConcurrency: Int? { inner.preferredConcurrency }
    var maxCriteriaPerRequest: Int? { inner.maxCriteriaPerRequest }

    func cacheKey(for request: JudgeRequest) -> String { inner.cacheKey(for: request) }
    func estimate(_ request: JudgeRequest) -> CostEstimate? { inner.estimate(request) }

    func judge(_ request: JudgeRequest) async throws -> JudgeResponse {
        let started = Date()
        do {
            let response = try await inner.judge(request)
            metrics.judged(judge: descriptor.name, response: response, criteria: request.criteria.map(\.id))
            return response
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if !Task.isCancelled {
                metrics.providerError(judge: descriptor.name, criteria: request.criteria.count, seconds: Date().timeIntervalSince(started))
            }
            throw error
        }
    }
}
