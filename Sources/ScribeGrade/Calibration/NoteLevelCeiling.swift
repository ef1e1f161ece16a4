/// How well clinicians agree with each other on one note-level dimension, where two or more
/// rated the same notes: each rater's values against the mean of the other raters' on those
/// notes (Pearson's r), next to the judge's note score against the mean of all raters on the
/// same notes. A judge near the raters' values is as good as a second clinician.
public struct NoteLevelCeiling: Sendable, Codable, Hashable {
    public struct Rater: Sendable, Codable, Hashable {
        public var rater: String
        /// `nil` when either side is constant or fewer than two notes are shared.
        public var pearson: Double?
        /// Notes this rater rated together with at least one other rater.
        public var n: Int
    }

    public var raters: [Rater]
    /// The judge's note score against the mean of all raters, on the notes rated by two or more.
    public var judgeVsMean: Double?
    /// Notes rated by two or more raters (and scored by the judge).
    public var notes: Int

    enum CodingKeys: String, CodingKey {
        case raters, notes
        case judgeVsMean = "judge_vs_mean"
    }

    /// The ceiling over the notes in `ratings` (note → rater → value) that the judge scored
    /// (`judge`, note → score) and two or more raters rated; `nil` when there is no such note.
    static func compute(ratings: [String: [String: Double]], judge: [String: Double]) -> NoteLevelCeiling? {
        let shared = ratings.filter { $0.value.count >= 2 && judge[$0.key] != nil }
        guard !shared.isEmpty else { return nil }
        let notes = shared.keys.sorted()
        let raters = Set(shared.values.flatMap(\.keys)).sorted()
        let perRater = raters.map { rater in
            let rows = notes.compactMap { note -> (unit: String, cluster: String?, a: Double, b: Double)? in
                guard let values = shared[note], let own = values[rater] else { return nil }
                let others = values.filter { $0.key != rater }.sorted { $0.key < $1.key }.map(\.value)
                return (note, nil, own, others.reduce(0, +) / Double(others.count))
            }
            return Rater(rater: rater, pearson: pearson(rows), n: rows.count)
        }
        let judgeRows = notes.map { note in
            let values = shared[note]!.sorted { $0.key < $1.key }.map(\.value)
            return (unit: note, cluster: String?.none, a: judge[note]!, b: values.reduce(0, +) / Double(values.count))
        }
        return NoteLevelCeiling(raters: perRater, judgeVsMean: pearson(judgeRows), notes: notes.count)
    }

    private static func pearson(_ rows: [(unit: String, cluster: String?, a: Double, b: Double)]) -> Double? {
        guard rows.count >= 2, let table = NoteLevelAgreement.twoRaterTable(rows) else { return nil }
        return PearsonCorrelation.of(table.pair(0, 1))
    }
}
