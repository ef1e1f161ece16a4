import Crypto
import Foundation

/// What kind of judge produced a verdict. Reports print it so that a lexical baseline or a
/// replay is never mistaken for an LLM.
public enum JudgeKind: String, Sendable, Hashable, Codable {
    /// A grader language model over HTTP (OpenAI-compatible or Anthropic).
    case llm
    /// The offline lexical baseline: token overlap, not a language model.
    case lexicalBaseline = "lexical-baseline"
    /// Verdicts read from a file someone else produced.
    case replay
    /// Several judges or samples combined.
    case jury

    /// How outputs describe this kind of judge. An LLM judge is named for the API it calls,
    /// since what answers at its URL (a provider, a local model, the simulator) is the URL's
    /// business.
    public var label: String {
        switch self {
        case .llm: return "LLM API judge"
        case .lexicalBaseline: return "lexical baseline, not an LLM"
        case .replay: return "replayed verdicts"
        case .jury: return "jury"
        }
    }
}

/// Who a judge is, as stored with every judgment and printed in every report.
public struct JudgeDescriptor: Sendable, Hashable, Codable {
    /// The spec the user gave (`baseline`, `replay:verdicts.csv`, `openai:gpt-4.1-mini`) or the
    /// judge's name in `scribegrade.yaml`.
    public var name: String
    public var kind: JudgeKind
    public var model: String?
    /// Whether the judge reads the transcript; only those judges need `--transcripts`.
    public var readsTranscript: Bool
    /// Everything besides the name that changes answers (template hash, temperature, ...),
    /// folded into cache keys.
    public var fingerprint: String

    public init(name: String, kind: JudgeKind, model: String? = nil, readsTranscript: Bool, fingerprint: String = "") {
        self.name = name
        self.kind = kind
        self.model = model
        self.readsTranscript = readsTranscript
        self.fingerprint = fingerprint
    }

    /// `baseline (lexical baseline, not an LLM)`, `openai:gpt-4.1 (LLM API judge)`.
    public var label: String { "\(name) (\(kind.label))" }
}

/// Anything that turns a request into verdicts: an LLM over HTTP, the offline baseline, a replay
/// of recorded verdicts, or a jury.
///
/// A judge reports per-criterion failures in its response; it throws only when the whole request
/// failed, with a `JudgeFailure` carrying the reason, and the run engine records every criterion
/// of the request as failed with that reason.
public protocol Judge: Sendable {
    var descriptor: JudgeDescriptor { get }
    /// Whether the judge answers several criteria in one request (batched mode).
    var batchesCriteria: Bool { get }
    func judge(_ request: JudgeRequest) async throws -> JudgeResponse
    /// The content hash identifying a request: equal keys mean an answer can be reused.
    func cacheKey(for request: JudgeRequest) -> String
    /// Requests this judge wants in flight at once (from its configuration); `nil` for no preference.
    var preferredConcurrency: Int? { get }
    /// For a judge that batches: the most criteria one request may ask so its answer fits the
    /// judge's token cap; a larger section is split into even parts. `nil`: no limit.
    var maxCriteriaPerRequest: Int? { get }
    /// What one call is expected to bill, for `--dry-run` and `--max-cost`; `nil` for judges
    /// that cost nothing.
    func estimate(_ request: JudgeRequest) -> CostEstimate?
}

/// The expected tokens and dollars of one call.
public struct CostEstimate: Sendable, Hashable {
    public var usage: TokenUsage
    public var cost: Double

    public init(usage: TokenUsage, cost: Double) {
        self.usage = usage
        self.cost = cost
    }
}

extension Judge {
    public var batchesCriteria: Bool { false }
    public var preferredConcurrency: Int? { nil }
    public var maxCriteriaPerRequest: Int? { nil }
    public func estimate(_ request: JudgeRequest) -> CostEstimate? { nil }

    /// Hashes the judge's name and fingerprint, the rubric version, the criteria, the note text,
    /// the transcript (for judges that read it) and the sample index.
    public func cacheKey(for request: JudgeRequest) -> String {
        var hasher = ContentHasher()
        hasher.add(descriptor.name)
        hasher.add(descriptor.fingerprint)
        hasher.add(request.task.rawValue)
        hasher.add(request.rubricID)
        hasher.add(String(request.rubricVersion))
        for criterion in request.criteria {
            hasher.add(criterion.id)
            hasher.add(criterion.text)
            hasher.add(String(criterion.points))
            hasher.add(criterion.section.rawValue)
        }
        hasher.add(request.note.system)
        hasher.add(request.note.encounter)
        hasher.add(request.note.text)
        if descriptor.readsTranscript || request.task == .statementSupport { hasher.add(request.encounter?.text ?? "") }
        hasher.add(String(request.sample))
        return hasher.hexDigest()
    }
}

/// A request failed as a whole (retries exhausted, budget spent, refused); the reason is
/// recorded with the failed judgments and never contains note or transcript text.
public struct JudgeFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public var attempts: Int
    /// What the answers received before the failure billed (a cut-off answer re-asked, then a
    /// dead connection): recorded with the failed judgments, so no paid attempt goes uncounted.
    public var usage: TokenUsage
    public var cost: Double

    public init(_ reason: String, attempts: Int = 1, usage: TokenUsage = .zero, cost: Double = 0) {
        self.reason = reason
        self.attempts = attempts
        self.usage = usage
        self.cost = cost
    }

    public var description: String { reason }
}
