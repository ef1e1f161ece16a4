import Foundation

/// A batch submitted to a provider's batch API for a run, stored the moment the provider
/// created it, so a run killed while it waits polls it again instead of submitting its
/// requests twice.
public struct ProviderBatchRecord: Sendable, Hashable, Codable {
    /// The provider's batch id (`batch_…`, `msgbatch_…`).
    public var id: String
    /// `openai` or `anthropic`.
    public var provider: String
    /// The judge's name, as in its judgments.
    public var judge: String
    public var run: String
    /// Each item's custom id and the judgment keys its answer fills.
    public var items: [String: [String]]
    public var status: ProviderBatchStatus
    public var createdAt: Date

    public init(id: String, provider: String, judge: String, run: String, items: [String: [String]], status: ProviderBatchStatus = .submitted, createdAt: Date = Date()) {
        self.id = id
        self.provider = provider
        self.judge = judge
        self.run = run
        self.items = items
        self.status = status
        self.createdAt = createdAt
    }
}

/// Where a stored provider batch stands for ScribeGrade (not the provider's own status).
public enum ProviderBatchStatus: String, Sendable, Hashable, Codable {
    /// Created; its results are not committed yet: a run polls it.
    case submitted
    /// Ended and every answer it gave committed; nothing more to read from it.
    case collected
    /// Its results could not be read (the provider lost it, it failed validation); its items
    /// go to the synchronous path.
    case abandoned
}

/// Persistence of provider batches. Implemented over SQLite in `ScribeGradeStore`.
public protocol ProviderBatchStore: Sendable {
    /// Stores a newly created batch durably before returning.
    func saveBatch(_ batch: ProviderBatchRecord) async throws
    /// The run's batches, oldest first.
    func batches(ofRun run: String) async throws -> [ProviderBatchRecord]
    func setStatus(_ status: ProviderBatchStatus, ofBatch id: String) async throws
}
