import Foundation
import ScribeGrade

/// The items (one criterion of one note) a reviewer is asked about: a random sample drawn by
/// ``ReviewSampler`` with known probabilities, so that the answers feed the corrected
/// leaderboard without bias, in the sampler's order.
///
/// The design is fixed by the run: the units are the run's judged items (a criterion of a note
/// that some judge answered), the seed is a hash of the run id, and an item's uncertainty is what
/// the judges' verdicts say — the mean of the minority's share of its verdicts over every judge
/// and sample (0 when unanimous, 0.5 when evenly split) and the share of its criterion's notes
/// whose verdicts split, so 0 to 0.75, the range of the judge's disagreement in the coverage
/// simulation where the sampler's floor was checked. Both are known before any clinician answers, so the same items are drawn
/// with the same probabilities on every request and every instance. (Judge–expert disagreement
/// so far is deliberately not a signal: probabilities that moved with the answers would no
/// longer be the probabilities the answered items were drawn with.) The budget — the answers
/// wanted over all systems, split equally between them — is `serve --review-budget`, by default
/// 10% of the judged items and at least 50.
///
/// Every reviewer walks the same order. An item anyone has rated already (any reviewer, any
/// source) is skipped rather than shown for a second rating: each answer then adds a new unit to
/// the estimate, and the rated items of each system stay a prefix of its order — a simple random
/// subsample of its selected items, which is what keeps the recorded first-phase π valid (see
/// ``ReviewSampler``). Systems whose every paired difference already excludes 0 are not asked
/// about (`stoppedSystems`).
struct ReviewQueue: Sendable {
    struct Item: Sendable, Hashable {
        var item: RatedItem
        /// π: the probability the sampler drew the item with, recorded with the answer.
        var inclusionProbability: Double
    }

    /// What is left for the reviewer, first item first.
    var items: [Item]
    /// Items of the run that some judge answered: the population the sample is drawn from.
    var judgedItems: Int
    /// Items the sampler selected (their expected number is the budget).
    var selectedItems: Int
    /// The budget the sample was drawn with.
    var budget: Int
    /// Judged items the reviewer has rated.
    var answered: Int
    /// Selected items of systems that are still asked about and nobody has rated.
    var remainingBySystem: [String: Int]
    /// Systems not asked about because all their pairs are resolved.
    var stoppedSystems: Set<String>
    /// π of every selected item.
    private var probabilities: [RatedItem: Double]

    /// The budget when `serve` sets none: 10% of the judged items, at least 50.
    static func defaultBudget(judgedItems: Int) -> Int {
        max(50, (judgedItems + 9) / 10)
    }

    /// The queue of `reviewer` over the run's items; `stoppedSystems` are left out.
    init(
        run: RunRecord, judgments: [String: Judgment], ratings: [ExpertRating], reviewer: String,
        budget: Int? = nil, stoppedSystems: Set<String> = []
    ) {
        let uncertainty = Self.uncertainty(run: run, judgments: judgments)
        judgedItems = uncertainty.count
        self.budget = budget ?? Self.defaultBudget(judgedItems: uncertainty.count)
        let byID = Dictionary(uniqueKeysWithValues: uncertainty.keys.map { ($0.description, $0) })
        let sampler = ReviewSampler(budget: Double(self.budget), seed: Self.seed(run.id))
        let order = sampler.sample(uncertainty.map { ReviewSampler.Item(id: $0.key.description, system: $0.key.system, uncertainty: $0.value) }).order
        selectedItems = order.count
        var probabilities: [RatedItem: Double] = [:]
        for selected in order { probabilities[byID[selected.id]!] = selected.inclusionProbability }
        self.probabilities = probabilities

        var rated: Set<RatedItem> = []
        var mine: Set<RatedItem> = []
        for rating in ratings {
            // A rating without a rubric applies to the criterion under every rubric of the note.
            let matches = rating.rubric.map { [RatedItem(system: rating.system, encounter: rating.encounter, rubric: $0, criterion: rating.criterion)] }
                ?? run.rubrics.filter { $0.encounter == rating.encounter }.map {
                    RatedItem(system: rating.system, encounter: rating.encounter, rubric: $0.id, criterion: rating.criterion)
                }
            rated.formUnion(matches)
            if rating.rater == reviewer { mine.formUnion(matches) }
        }
        answered = mine.filter { uncertainty[$0] != nil }.count
        self.stoppedSystems = stoppedSystems
        items = order.compactMap { selected in
            let item = byID[selected.id]!
            guard !rated.contains(item), !stoppedSystems.contains(item.system) else { return nil }
            return Item(item: item, inclusionProbability: selected.inclusionProbability)
        }
        remainingBySystem = Dictionary(grouping: items, by: \.item.system).mapValues(\.count)
    }

    /// π of `item` when the sampler selected it; nil when it was not drawn for review.
    func inclusionProbability(of item: RatedItem) -> Double? {
        probabilities[item]
    }

    /// Each judged item's uncertainty: the mean of the minority's share of its verdicts and the
    /// share of its criterion's notes whose verdicts split. Items no judge answered are left out.
    static func uncertainty(run: RunRecord, judgments: [String: Judgment]) -> [RatedItem: Double] {
        var verdicts: [RatedItem: [Verdict]] = [:]
        for key in run.judgmentKeys {
            guard let judgment = judgments[key], let verdict = judgment.verdict else { continue }
            let item = RatedItem(system: judgment.system, encounter: judgment.encounter, rubric: judgment.rubric, criterion: judgment.criterion)
            verdicts[item, default: []].append(verdict)
        }
        var minority: [RatedItem: Double] = [:]
        var splitByCriterion: [String: (notes: Int, split: Int)] = [:]
        for (item, list) in verdicts {
            let met = list.filter { $0 == .met }.count
            let share = Double(min(met, list.count - met)) / Double(list.count)
            minority[item] = share
            let key = "\(item.rubric)/\(item.criterion)"
            let previous = splitByCriterion[key] ?? (0, 0)
            splitByCriterion[key] = (previous.notes + 1, previous.split + (share > 0 ? 1 : 0))
        }
        return minority.reduce(into: [:]) { result, entry in
            let criterion = splitByCriterion["\(entry.key.rubric)/\(entry.key.criterion)"]!
            result[entry.key] = (entry.value + Double(criterion.split) / Double(criterion.notes)) / 2
        }
    }

    /// The sampler's seed for a run: the first 64 bits of the SHA-256 of its id.
    static func seed(_ run: String) -> UInt64 {
        UInt64(ContentHasher.hex(run).prefix(16), radix: 16)!
    }
}
