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
        score(rubric: rubric, system: system, credits: verdicts.mapValues { $0 == .met ? 1 : 0 }, failures: failures)
    }

    /// Scores with fractional credit: a criterion with credit c in [0, 1] counts c × its points
    /// as met (the mean of several samples or judges). A critical criterion is missed when its
    /// credit is below ½ (for a penalty: above ½).
    public static func score(
        rubric: Rubric, system: String, credits: [String: Double], failures: [String: String] = [:]
    ) -> NoteScore {
        var outcomes: [CriterionOutcome] = []
        var judged: [(Criterion, Double)] = []
        var criticalMissed: [String] = []
        for criterion in rubric.criteria {
            let credit = credits[criterion.id]
            let verdict = credit.map(Verdict.init(credit:))
            outcomes.append(CriterionOutcome(
                id: criterion.id, verdict: verdict, points: criterion.points,
                failure: credit == nil ? (failures[criterion.id] ?? "no judgment") : nil,
                credit: credit.flatMap { $0 == 0 || $0 == 1 ? nil : $0 }))
            if let credit {
                judged.append((criterion, credit))
                if criterion.isCriticalMiss(credit: credit) { criticalMissed.append(criterion.id) }
            }
        }
        let (met, possible) = totals(judged)
        let raw = possible > 0 ? met / possible : nil

        var sectionGroups: [String: [(Criterion, Double)]] = [:]
        var tagGroups: [String: [(Criterion, Double)]] = [:]
        var criticalityGroups: [String: [(Criterion, Double)]] = [:]
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

    static func totals(_ judged: [(Criterion, Double)]) -> (met: Double, possible: Double) {
        var met = 0.0
        var possible = 0.0
        for (criterion, credit) in judged {
            if criterion.points > 0 { possible += criterion.points }
            met += criterion.points * credit
        }
        return (met, possible)
    }

    static func breakdown(_ groups: [String: [(Criterion, Double)]]) -> [String: Double] {
        var result: [String: Double] = [:]
        for (label, judged) in groups {
            let (met, possible) = totals(judged)
            if possible > 0 { result[label] = met / possible }
        }
        return result
    }
}
