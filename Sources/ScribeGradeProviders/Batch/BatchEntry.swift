import ScribeGrade

/// One request of a provider batch: the call the synchronous client would send, under an id
/// unique within the batch (`custom_id`; Anthropic allows 1-64 of `[A-Za-z0-9_-]`).
public struct BatchEntry: Sendable {
    public var customID: String
    public var call: ProviderCall

    public init(customID: String, call: ProviderCall) {
        self.customID = customID
        self.call = call
    }
}

/// Where a provider batch stands, in the provider's words and reduced to what matters.
public struct BatchState: Sendable, Hashable {
    public var id: String
    /// The provider's status word (`in_progress`, `completed`, `expired`, `ended`, ...).
    public var status: String
    /// No item will change any more: its results (or none) can be read.
    public var ended: Bool
    /// OpenAI: the output and error files, once written.
    public var outputFileID: String?
    public var errorFileID: String?

    public init(id: String, status: String, ended: Bool, outputFileID: String? = nil, errorFileID: String? = nil) {
        self.id = id
        self.status = status
        self.ended = ended
        self.outputFileID = outputFileID
        self.errorFileID = errorFileID
    }
}

/// What became of one request of an ended batch.
public enum BatchItemOutcome: Sendable {
    /// The provider answered it: the synchronous client's reading of the embedded response
    /// (a reply, or the provider's error for it).
    case answered(ProviderOutcome)
    /// The batch expired before the request ran.
    case expired
    /// The batch was cancelled before the request ran.
    case cancelled
}

/// A batch or file endpoint that did not do what was asked. Names the operation and ids,
/// never request content.
public struct BatchAPIError: Error, Sendable, CustomStringConvertible {
    /// What was being done: `upload`, `create`, `poll`, `results`, `cancel`.
    public var operation: String
    public var batchID: String?
    /// The provider's error, or nil when the response could not be read.
    public var error: ProviderError?
    public var detail: String?

    public init(operation: String, batchID: String? = nil, error: ProviderError? = nil, detail: String? = nil) {
        self.operation = operation
        self.batchID = batchID
        self.error = error
        self.detail = detail
    }

    /// Whether asking again may succeed.
    public var retryable: Bool { error?.retryable ?? true }

    public var description: String {
        var text = "batch \(operation)"
        if let batchID { text += " of \(batchID)" }
        text += " failed"
        if let error { text += ": \(error)" }
        if let detail { text += ": \(detail)" }
        return text
    }
}
