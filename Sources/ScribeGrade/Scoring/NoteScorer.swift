/// Scores a note's verdicts with the HealthBench formula.
///
/// score = Σ points of criteria met (penalties included) / Σ positive points, reported raw and
/// clipped to [0, 1]. A breakdown by section, tag or criticality applies the same formula to
/// only the criteria carrying that label and is omitted when those criteria have no positive
/// points. Criteria whose judgment failed are left out of numerator and denominator alike.
public enum NoteScorer {
    public static func score(
        rubric: Rubric, system: String, verdicts: [String: Verdict], failures: [String: String] = [:]
    ) -> NoteScore {
        var outcomes: [CriterionOutcome] = []
        var judged: [(Criterion, Verdict)] = []
        var criticalMissed: [String] = []
        for criterion in rubric.criteria {
            let verdict = verdicts[criterion.id]
            outcomes.append(CriterionOutcome(
                id: criterion.id, verdict: verdict, points: criterion.points,
                failure: verdict == nil ? (failures[criterion.id] ?? "no judgment") : nil))
            if let verdict {
                judged.append((criterion, verdict))
                if criterion.isCriticalMiss(verdict) { criticalMissed.append(criterion.id) }
            }
        }
        let (met, possible) = totals(judged)
        let raw = possible > 0 ? met / possible : nil

        var sectionGroups: [String: [(Criterion, Verdict)]] = [:]
        var tagGroups: [String: [(Criterion, Verdict)]] = [:]
        var criticalityGroups: [String: [(Criterion, Verdict)]] = [:]
        for pair in judged {
            sectionGroups[pair.0.section.rawValue, default: []].append(pair)
            for tag in Set(pair.0.tags) { tagGroups[tag, default: []].append(pair) }
            criticalityGroups[pair.0.critical ? "critical" : "non_critical", default: []].append(pair)
        }
        return NoteScore(
            system: system, encounter: rubric.encounter, rubric: rubric.id,
            score: raw, scoreClipped: raw.map(clip),
            pointsMet: met, pointsPossible: possible, criticalMissed: criticalMissed,
            sections: breakdown(sectionGroups), tags: breakdown(tagGroups),
            criticality: breakdown(criticalityGroups),
            criteria: outcomes, failed: outcomes.count - judged.count)
    }

    /// Clips a score to [0, 1].
    public static func clip(_ value: Double) -> Double { min(max(value, 0), 1) }

    static func totals(_ judged: [(Criterion, Verdict)]) -> (met: Double, possible: Double) {
        var met = 0.0
        var possible = 0.0
        for (criterion, verdict) in judged {
            if criterion.points > 0 { possible += criterion.points }
            if verdict == .met { met += criterion.points }
        }
        return (met, possible)
    }

    static func breakdown(_ groups: [String: [(Criterion, Verdict)]]) -> [String: Double] {
        var result: [String: Double] = [:]
        for (label, judged) in groups {
            let (met, possible) = totals(judged)
            if possible > 0 { result[label] = met / possible }
        }
        return result
    }
}
