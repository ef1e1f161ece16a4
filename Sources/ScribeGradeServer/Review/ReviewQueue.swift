import Foundation
import ScribeGrade

/// The items (one criterion of one note) a reviewer is asked about, most informative first.
///
/// Order: items whose judgments disagree most (the minority's share of the verdicts of every
/// judge and sample, so a 2–1 split ranks above unanimity), then items of criteria the judges
/// are least consistent on across notes (the share of the criterion's notes with split
/// verdicts), then items other experts rated already (a second rating measures the expert
/// ceiling), then a stable hash of the item, which spreads the rest over systems and
/// encounters. Items the reviewer rated, and items no judge answered, are left out.
struct ReviewQueue {
    struct Item: Sendable, Hashable {
        var item: RatedItem
        /// The minority's share of the item's verdicts: 0 when unanimous, 0.5 when evenly split.
        var disagreement: Double
        /// The share of the criterion's notes whose verdicts split.
        var criterionInconsistency: Double
        /// Experts other than the reviewer who rated the item.
        var otherRatings: Int
        /// Spreads items with equal priority over systems and encounters, the same way each time.
        var tieBreak: String
    }

    /// What is left for the reviewer, first item first.
    var items: [Item]
    /// Items of the run that some judge answered: the queue before the reviewer's answers.
    var judgedItems: Int

    /// Items the reviewer has answered.
    var answered: Int { judgedItems - items.count }

    /// The queue of `reviewer` over the run's items.
    init(run: RunRecord, judgments: [String: Judgment], ratings: [ExpertRating], reviewer: String) {
        var verdicts: [RatedItem: [Verdict]] = [:]
        for key in run.judgmentKeys {
            guard let judgment = judgments[key] else { continue }
            let item = RatedItem(system: judgment.system, encounter: judgment.encounter, rubric: judgment.rubric, criterion: judgment.criterion)
            if let verdict = judgment.verdict { verdicts[item, default: []].append(verdict) }
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
        var mine: Set<RatedItem> = []
        var others: [RatedItem: Int] = [:]
        for rating in ratings {
            // A rating without a rubric applies to the criterion under every rubric of the note.
            let matches = rating.rubric.map { [RatedItem(system: rating.system, encounter: rating.encounter, rubric: $0, criterion: rating.criterion)] }
                ?? run.rubrics.filter { $0.encounter == rating.encounter }.map {
                    RatedItem(system: rating.system, encounter: rating.encounter, rubric: $0.id, criterion: rating.criterion)
                }
            for item in matches {
                if rating.rater == reviewer { mine.insert(item) } else { others[item, default: 0] += 1 }
            }
        }
        let queue = minority.keys.filter { !mine.contains($0) }.map { item in
            let criterion = splitByCriterion["\(item.rubric)/\(item.criterion)"] ?? (1, 0)
            return Item(
                item: item, disagreement: minority[item] ?? 0,
                criterionInconsistency: Double(criterion.split) / Double(max(criterion.notes, 1)),
                otherRatings: others[item] ?? 0, tieBreak: ContentHasher.hex(item.description))
        }
        judgedItems = minority.count
        items = queue.sorted { a, b in
            if a.disagreement != b.disagreement { return a.disagreement > b.disagreement }
            if a.criterionInconsistency != b.criterionInconsistency { return a.criterionInconsistency > b.criterionInconsistency }
            if (a.otherRatings > 0) != (b.otherRatings > 0) { return a.otherRatings > 0 }
            return (a.tieBreak, a.item) < (b.tieBreak, b.item)
        }
    }
}
