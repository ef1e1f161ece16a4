import Foundation

/// A judge that can also be asked through its provider's batch API (`--batch`): at half the
/// price, answered within hours instead of seconds.
public protocol BatchJudge: Judge {
    /// The provider's name as stored with its batches (`openai`, `anthropic`).
    var batchProvider: String { get }
    /// Whether the judge is asked in batches in every run, not only with `--batch`
    /// (`batch: true` in its configuration).
    var prefersBatch: Bool { get }
    /// Submits the requests, keyed by custom id, as one or more provider batches, calling
    /// `created` with each batch's id and custom ids the moment the provider created it.
    func submitBatches(_ requests: [(customID: String, request: JudgeRequest)], created: (_ id: String, _ customIDs: [String]) async throws -> Void) async throws
    /// Waits for a batch to end and returns the response of each of `requests` (by custom id)
    /// it answered with a verdict for every criterion; the others (expired, cancelled, errored,
    /// unusable answers) are absent and left to the synchronous path.
    func collectBatch(_ id: String, requests: [String: JudgeRequest]) async throws -> [String: JudgeResponse]
}
