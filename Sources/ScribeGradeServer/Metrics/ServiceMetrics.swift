import CoreMetrics
import Foundation
import Metrics
import Prometheus
import ScribeGrade

/// The service's metrics, recorded through swift-metrics into a Prometheus registry of its own
/// (not the process-wide `MetricsSystem`, so several services in one process, as in tests,
/// never mix their numbers) and served as Prometheus text at `/metrics`.
///
/// Names: `scribegrade_runs_started_total`, `scribegrade_runs_finished_total{status}`,
/// `scribegrade_runs_active`, `scribegrade_judgments_total{judge,outcome}`,
/// `scribegrade_provider_errors_total{judge}`, `scribegrade_tokens_total{judge,kind}`,
/// `scribegrade_cost_usd_total{judge}`, `scribegrade_judge_latency_seconds{judge}` (histogram),
/// `scribegrade_http_requests_total{method,route,status}` and
/// `scribegrade_http_request_duration_seconds{method,route}` (histogram).
public struct ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // LLM calls take seconds, with retries up to minutes.
        factory.durationHistogramBuckets["scribegrade_judge_latency_seconds"] = [
            .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
        ]
        self.factory = factory
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String {
        registry.emitToString()
    }

    func runStarted() {
        Counter(label: "scribegrade_runs_started_total", dimensions: [], factory: factory).increment()
    }

    func runFinished(status: RunStatus) {
        Counter(label: "scribegrade_runs_finished_total", dimensions: [("status", status.rawValue)], factory: factory).increment()
    }

    func activeRuns(_ count: Int) {
        Gauge(label: "scribegrade_runs_active", dimensions: [], factory: factory).record(count)
    }

    /// One judge call answered: its judgments by outcome, tokens, cost and latency.
    func judged(judge: String, response: JudgeResponse, criteria: [String]) {
        for id in criteria {
            let outcome = response.results[id]?.verdict?.rawValue ?? "failed"
            Counter(label: "scribegrade_judgments_total", dimensions: [("judge", judge), ("outcome", outcome)], factory: factory).increment()
        }
        let usage = response.usage
        for (kind, count) in [("input", usage.input), ("cached_input", usage.cachedInput), ("cache_creation", usage.cacheCreation), ("output", usage.output)] {
            Counter(label: "scribegrade_tokens_total", dimensions: [("judge", judge), ("kind", kind)], factory: factory).increment(by: count)
        }
        FloatingPointCounter(label: "scribegrade_cost_usd_total", dimensions: [("judge", judge)], factory: factory).increment(by: response.cost)
        latency(judge: judge, seconds: response.latency)
    }

    /// One judge call failed as a whole (retries exhausted, refused, unreachable).
    func providerError(judge: String, criteria: Int, seconds: Double) {
        Counter(label: "scribegrade_provider_errors_total", dimensions: [("judge", judge)], factory: factory).increment()
        Counter(label: "scribegrade_judgments_total", dimensions: [("judge", judge), ("outcome", "failed")], factory: factory).increment(by: criteria)
        latency(judge: judge, seconds: seconds)
    }

    func latency(judge: String, seconds: Double) {
        Metrics.Timer(label: "scribegrade_judge_latency_seconds", dimensions: [("judge", judge)], factory: factory)
            .recordNanoseconds(Int64(max(seconds, 0) * 1e9))
    }

    func request(method: String, route: String, status: Int, seconds: Double) {
        Counter(label: "scribegrade_http_requests_total", dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory).increment()
        Metrics.Timer(label: "scribegrade_http_request_duration_seconds", dimensions: [("method", method), ("route", route)], factory: factory)
            .recordNanoseconds(Int64(max(seconds, 0) * 1e9))
    }
}
