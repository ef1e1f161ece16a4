import Synchronization

/// The offline lexical baseline: decides a criterion is met when one sentence of the note (or two
/// adjacent ones) contains most of the criterion's content words with the same polarity.
///
/// It is not a language model and does not understand text: it matches normalised tokens
/// (light stemming, a small clinical synonym list, number words and duration shorthand such as
/// `3/7`), requires every number in the criterion to appear, and treats a word preceded by a
/// negation cue (`no`, `denies`, `nil`, …) as different from the bare word: a word the criterion
/// denies must be denied in the note, and a word the criterion asserts must appear un-negated.
/// Penalty criteria
/// are matched the same way, so it rarely finds an error a note made. Every output that uses it
/// labels it "lexical baseline, not an LLM". It does not read the transcript to grade criteria.
///
/// For the statement check it looks for the statement in the transcript instead: in each turn
/// and each run of two or three consecutive turns (a question and its answer), with the same
/// token, number and negation rules.
public struct BaselineJudge: Judge {
    /// Fraction of the criterion's content terms one passage must hold for "met".
    public var threshold: Double
    /// Tokenised passages of recently judged notes: a note is asked about every criterion of
    /// its rubric in turn, so its passages are computed once.
    private let passageCache = PassageCache()
    private let transcriptCache = PassageCache(build: BaselineJudge.transcriptPassages)

    public init(threshold: Double = 0.7) {
        self.threshold = threshold
    }

    public var descriptor: JudgeDescriptor {
        JudgeDescriptor(
            name: "baseline", kind: .lexicalBaseline, model: nil, readsTranscript: false,
            fingerprint: "lexical-v1 threshold=\(threshold)")
    }

    public func judge(_ request: JudgeRequest) async throws -> JudgeResponse {
        if request.task == .statementSupport {
            guard let encounter = request.encounter else {
                throw JudgeFailure("the statement check needs the encounter's transcript")
            }
            let passages = transcriptCache.passages(of: encounter.text)
            var results: [String: CriterionResult] = [:]
            for statement in request.criteria {
                results[statement.id] = decide(statement, passages: passages, in: .transcript)
            }
            return JudgeResponse(results: results, model: "lexical-baseline")
        }
        let passages = passageCache.passages(of: request.note.text)
        var results: [String: CriterionResult] = [:]
        for criterion in request.criteria {
            results[criterion.id] = decide(criterion, passages: passages)
        }
        return JudgeResponse(results: results, model: "lexical-baseline")
    }

    /// A note's sentences, and each pair of adjacent sentences, with their tokens.
    static func passages(of text: String) -> [(text: String, tokens: [LexicalMatcher.Token])] {
        let sentences = LexicalMatcher.sentences(text)
        var passages = sentences.map { ($0, LexicalMatcher.clauseTokens($0)) }
        for index in sentences.indices.dropLast() {
            let pair = sentences[index] + " " + sentences[index + 1]
            passages.append((pair, passages[index].1 + passages[index + 1].1))
        }
        return passages
    }

    /// A transcript's turns (one `Speaker: text` line each), alone and in runs of two and three.
    static func transcriptPassages(of text: String) -> [(text: String, tokens: [LexicalMatcher.Token])] {
        let turns = text.split(separator: "\n").map { line -> (String, [LexicalMatcher.Token]) in
            let content = line.firstIndex(of: ":").map { String(line[line.index(after: $0)...]) } ?? String(line)
            return (String(line), LexicalMatcher.clauseTokens(content))
        }
        var passages = turns
        for width in 2...3 where turns.count >= width {
            for start in 0...(turns.count - width) {
                let window = turns[start..<(start + width)]
                passages.append((window.map(\.0).joined(separator: "\n"), window.flatMap(\.1)))
            }
        }
        return passages
    }

    /// Where a judge's passages come from: the note (rubric criteria) or the transcript
    /// (the statement check), which names the terms and the evidence.
    enum Source {
        case note, transcript

        var found: String {
            self == .note ? "criterion terms found in one passage" : "statement terms found in the transcript (1–3 consecutive turns)"
        }

        func evidence(_ passage: String) -> Evidence {
            self == .note ? Evidence(note: [passage]) : Evidence(transcript: [passage])
        }
    }

    func decide(_ criterion: Criterion, passages: [(text: String, tokens: [LexicalMatcher.Token])], in source: Source = .note) -> CriterionResult {
        var required: [LexicalMatcher.Token] = []
        for token in LexicalMatcher.clauseTokens(criterion.text) where !required.contains(where: { $0.term == token.term }) {
            required.append(token)
        }
        guard !required.isEmpty else {
            return CriterionResult(
                verdict: .notMet,
                explanation: "Lexical baseline (not an LLM): the criterion has no content words to look for.")
        }
        var best: (coverage: Double, matched: Int, passage: Int)? = nil
        for (index, passage) in passages.enumerated() {
            let terms = Set(passage.tokens.map(\.term))
            let negatedTerms = Set(passage.tokens.filter(\.negated).map(\.term))
            let assertedTerms = Set(passage.tokens.filter { !$0.negated }.map(\.term))
            var matched = 0
            var numbersMissing = false
            for token in required {
                let found = token.negationHead ? negatedTerms.contains(token.term)
                    : token.negated ? terms.contains(token.term)
                    : assertedTerms.contains(token.term)
                if found {
                    matched += 1
                } else if token.term.first?.isNumber == true {
                    numbersMissing = true
                }
            }
            if numbersMissing { continue }
            let coverage = Double(matched) / Double(required.count)
            if coverage > (best?.coverage ?? -1) { best = (coverage, matched, index) }
        }
        let met = (best?.coverage ?? 0) >= threshold
        let found = best.map { "\($0.matched) of \(required.count) \(source.found)" }
            ?? "the criterion's numbers were not found"
        let explanation = "Lexical baseline (not an LLM): \(found) (needs \(Int((threshold * 100).rounded()))%)."
        let evidence = met ? best.map { source.evidence(passages[$0.passage].text) } : nil
        return CriterionResult(verdict: met ? .met : .notMet, explanation: explanation, evidence: evidence)
    }
}

/// A small bounded cache of tokenised note passages, shared by the concurrent calls of one judge.
final class PassageCache: Sendable {
    typealias Passages = [(text: String, tokens: [LexicalMatcher.Token])]
    private let entries = Mutex<[String: Passages]>([:])
    private let capacity = 64
    private let build: @Sendable (String) -> Passages

    init(build: @escaping @Sendable (String) -> Passages = BaselineJudge.passages) {
        self.build = build
    }

    func passages(of text: String) -> Passages {
        if let hit = entries.withLock({ $0[text] }) { return hit }
        let computed = build(text)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[text] = computed
        }
        return computed
    }
}
