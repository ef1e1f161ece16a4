/// How often one judge's repeated samples of the same question disagree: a judge that cannot
/// agree with itself on a criterion cannot be trusted on it.
public struct SelfConsistency: Sendable, Hashable, Codable {
    public var judge: String
    /// Questions (note × criterion) with two or more successful samples.
    public var questions: Int
    /// Share of those questions whose samples were not unanimous.
    public var disagreementRate: Double
    /// The same per criterion (`rubric/criterion`), for criteria whose samples ever disagreed.
    public var criteria: [String: Double]

    enum CodingKeys: String, CodingKey {
        case judge, questions, criteria
        case disagreementRate = "disagreement_rate"
    }

    /// Accumulates judgments question by question.
    struct Counter {
        private var byCriterion: [String: [String: (questions: Int, split: Int)]] = [:]

        mutating func add(_ judgments: [Judgment], criterion: String) {
            for (judge, list) in Dictionary(grouping: judgments, by: \.judge) {
                let verdicts = list.compactMap(\.verdict)
                guard verdicts.count >= 2 else { continue }
                let split = Set(verdicts).count > 1 ? 1 : 0
                let current = byCriterion[judge, default: [:]][criterion] ?? (0, 0)
                byCriterion[judge, default: [:]][criterion] = (current.questions + 1, current.split + split)
            }
        }

        func results(samples: Int) -> [SelfConsistency] {
            guard samples > 1 else { return [] }
            return byCriterion.keys.sorted().map { judge in
                let counts = byCriterion[judge]!
                let questions = counts.values.reduce(0) { $0 + $1.questions }
                let split = counts.values.reduce(0) { $0 + $1.split }
                let criteria = counts.filter { $0.value.split > 0 }.mapValues { Double($0.split) / Double($0.questions) }
                return SelfConsistency(
                    judge: judge, questions: questions, disagreementRate: Double(split) / Double(questions), criteria: criteria)
            }
        }
    }
}
