/// Builds a `CalibrationReport` from a stored run and clinicians' ratings of the same items.
public enum Calibrator {
    /// When a criterion is flagged for the rubric author. Percent agreement is used because
    /// chance-corrected statistics swing wildly on the handful of notes one criterion has.
    public struct Thresholds: Sendable, Hashable {
        /// Experts agreeing on less than this share of a criterion's items: `ambiguous`.
        public var ambiguousBelow = 0.7
        /// Experts agreeing at least this much…
        public var expertsAgreeAtLeast = 0.8
        /// …while the judge agrees with them this much less: `judge_cannot`.
        public var judgeGap = 0.2
        /// With a single expert: judge agreeing on less than this share: `judge_disagrees`.
        public var judgeLowBelow = 0.6
        /// Items a criterion needs before it is flagged at all.
        public var minimumItems = 3

        public init() {}
    }

    public static func calibrate(
        run: RunRecord, judgments: [String: Judgment], ratings: [ExpertRating],
        bootstrap: BootstrapOptions = BootstrapOptions(), thresholds: Thresholds = Thresholds()
    ) -> CalibrationReport {
        // Judge verdicts per item, samples combined by majority; the jury when there are several judges.
        var byJudge: [String: [RatedItem: [Judgment]]] = [:]
        var all: [RatedItem: [Judgment]] = [:]
        var spend: [String: (cost: Double, usage: TokenUsage)] = [:]
        for key in run.judgmentKeys {
            guard let j = judgments[key] else { continue }
            let item = RatedItem(system: j.system, encounter: j.encounter, rubric: j.rubric, criterion: j.criterion)
            byJudge[j.judge, default: [:]][item, default: []].append(j)
            all[item, default: []].append(j)
            let previous = spend[j.judge] ?? (0, .zero)
            spend[j.judge] = (previous.cost + j.cost, previous.usage + j.usage)
        }
        var raters: [(name: String, kind: String, judgments: [RatedItem: [Judgment]])] = run.judges.map {
            ($0.name, $0.kind.label, byJudge[$0.name] ?? [:])
        }
        if run.judges.count > 1 { raters.append(("jury (majority)", JudgeKind.jury.label, all)) }

        // Expert ratings resolved to the run's items.
        var itemsByCriterion: [String: [RatedItem]] = [:]
        for item in all.keys { itemsByCriterion["\(item.system)\u{1F}\(item.encounter)\u{1F}\(item.criterion)", default: []].append(item) }
        var expertVerdicts: [String: [RatedItem: Verdict]] = [:]
        var experts: [String] = []
        var unmatched = 0
        for rating in ratings {
            let candidates = itemsByCriterion["\(rating.system)\u{1F}\(rating.encounter)\u{1F}\(rating.criterion)"] ?? []
            let matches = rating.rubric.map { rubric in candidates.filter { $0.rubric == rubric } } ?? candidates
            if matches.isEmpty { unmatched += 1; continue }
            if expertVerdicts[rating.rater] == nil { experts.append(rating.rater) }
            for item in matches { expertVerdicts[rating.rater, default: [:]][item] = rating.verdict }
        }

        // The experts' majority per item; even splits are left out.
        var consensus: [RatedItem: Verdict] = [:]
        var ties = 0
        var ratingsPerItem: [RatedItem: [Verdict]] = [:]
        for expert in experts {
            for (item, verdict) in expertVerdicts[expert]! { ratingsPerItem[item, default: []].append(verdict) }
        }
        for (item, verdicts) in ratingsPerItem {
            let met = verdicts.filter { $0 == .met }.count
            if met * 2 == verdicts.count { ties += 1 } else { consensus[item] = met * 2 > verdicts.count ? .met : .notMet }
        }

        let criteria = Dictionary(
            run.rubrics.flatMap { rubric in rubric.criteria.map { ("\(rubric.id)/\($0.id)", $0) } },
            uniquingKeysWith: { first, _ in first })
        let ceiling = experts.count >= 2 ? expertCeiling(experts: experts, verdicts: expertVerdicts, bootstrap: bootstrap) : nil

        var results: [CalibrationReport.JudgeResult] = []
        var judgeVerdictsByName: [String: [RatedItem: Verdict]] = [:]
        var failedByName: [String: Set<RatedItem>] = [:]
        for rater in raters {
            var verdicts: [RatedItem: Verdict] = [:]
            var failedItems: Set<RatedItem> = []
            for (item, list) in rater.judgments where ratingsPerItem[item] != nil {
                if let verdict = VerdictCombiner.majority(list).verdict { verdicts[item] = verdict } else { failedItems.insert(item) }
            }
            let failed = failedItems.count
            judgeVerdictsByName[rater.name] = verdicts
            failedByName[rater.name] = failedItems
            var vsExperts: [String: AgreementSummary] = [:]
            for expert in experts {
                vsExperts[expert] = AgreementSummary.compute(rater: verdicts, reference: expertVerdicts[expert]!, bootstrap: nil)
            }
            var percentiles: [String: Double] = [:]
            if let ceiling {
                for statistic in AgreementSummary.statistics {
                    let judgeValues = experts.compactMap { vsExperts[$0]?.value(statistic) }
                    let expertValues = experts.compactMap { ceiling.perExpert[$0]?[statistic.rawValue] }
                    guard !judgeValues.isEmpty, !expertValues.isEmpty else { continue }
                    let judgeMean = judgeValues.reduce(0, +) / Double(judgeValues.count)
                    let below = Double(expertValues.filter { $0 < judgeMean - 1e-12 }.count)
                    let equal = Double(expertValues.filter { abs($0 - judgeMean) <= 1e-12 }.count)
                    percentiles[statistic.rawValue] = 100 * (below + equal / 2) / Double(expertValues.count)
                }
            }
            let noteScores = noteScores(run: run, judge: verdicts, experts: consensus)
            let spent = rater.name == "jury (majority)"
                ? spend.values.reduce((0.0, TokenUsage.zero)) { ($0.0 + $1.cost, $0.1 + $1.usage) }
                : spend[rater.name].map { ($0.cost, $0.usage) } ?? (0, .zero)
            results.append(CalibrationReport.JudgeResult(
                name: rater.name, kind: rater.kind,
                vsConsensus: AgreementSummary.compute(rater: verdicts, reference: consensus, bootstrap: bootstrap),
                vsExperts: vsExperts, percentileAmongExperts: percentiles, judged: verdicts.count, failed: failed,
                cost: spent.0, usage: spent.1, noteScoreCorrelation: noteScores.correlation,
                systemRankingTau: noteScores.rankingTau, systemScores: noteScores.systems,
                lengthBias: lengthBias(run: run, judge: verdicts, experts: consensus)))
        }

        let groups = groupResults(
            run: run, criteria: criteria, judges: judgeVerdictsByName, failed: failedByName, raterOrder: raters.map(\.name),
            consensus: consensus, experts: experts, expertVerdicts: expertVerdicts, bootstrap: bootstrap)
        let flags = run.task == .criterion
            ? flagCriteria(groups.filter { $0.kind == "criterion" }, judges: raters.map(\.name), experts: experts.count, thresholds: thresholds)
            : []
        let flagged = Dictionary(grouping: flags, by: \.criterion)
        var report = CalibrationReport(
            run: run.id, task: run.task, experts: experts,
            ratedItems: results.first?.judged ?? 0, unmatchedRatings: unmatched, consensusTies: ties,
            judges: results, ceiling: ceiling,
            groups: groups.map { group in
                var group = group
                if group.kind == "criterion" { group.flags = flagged[group.name]?.map(\.kind) ?? [] }
                return group
            },
            flags: flags, bootstrap: bootstrap)
        report.ratingsUsed = RatingsUsed(noteRatings: [], criterionRatings: ratings)
        return report
    }

    // MARK: - Expert ceiling

    static func expertCeiling(
        experts: [String], verdicts: [String: [RatedItem: Verdict]], bootstrap: BootstrapOptions
    ) -> CalibrationReport.ExpertCeiling? {
        guard let table = expertTable(experts: experts, verdicts: verdicts, items: nil) else { return nil }
        let report = AgreementReport(table: table, bootstrap: bootstrap)
        var perExpert: [String: [String: Double]] = [:]
        for expert in experts {
            var sums: [String: (Double, Int)] = [:]
            for pair in report.pairs where pair.a == expert || pair.b == expert {
                for statistic in AgreementSummary.statistics {
                    guard let value = pair.values[statistic] else { continue }
                    let previous = sums[statistic.rawValue] ?? (0, 0)
                    sums[statistic.rawValue] = (previous.0 + value, previous.1 + 1)
                }
            }
            perExpert[expert] = sums.mapValues { $0.0 / Double($0.1) }
        }
        let multiplyRated = table.ratingsPerUnit.filter { $0 >= 2 }.count
        return CalibrationReport.ExpertCeiling(
            items: multiplyRated,
            overall: Dictionary(uniqueKeysWithValues: report.overall.filter { [.percentAgreement, .krippendorffAlpha, .gwetAC1].contains($0.key) }.map { ($0.key.rawValue, $0.value) }),
            overallIntervals: Dictionary(uniqueKeysWithValues: report.overallIntervals.map { ($0.key.rawValue, $0.value) }),
            perExpert: perExpert)
    }

    /// A nominal table of the experts' verdicts on `items` (all when `nil`), clustered by encounter.
    static func expertTable(experts: [String], verdicts: [String: [RatedItem: Verdict]], items: Set<RatedItem>?) -> RatingTable? {
        guard var builder = try? RatingTable.Builder(scale: .nominal, labels: AgreementSummary.labels.map(RatingValue.label)) else { return nil }
        for expert in experts {
            for (item, verdict) in verdicts[expert] ?? [:] where items?.contains(item) ?? true {
                try? builder.add(unit: item.description, rater: expert, value: .label(verdict.rawValue), cluster: item.encounter)
            }
        }
        return builder.count > 0 ? builder.build() : nil
    }

    // MARK: - Groups and flags

    static func groupResults(
        run: RunRecord, criteria: [String: Criterion], judges: [String: [RatedItem: Verdict]],
        failed: [String: Set<RatedItem>], raterOrder: [String],
        consensus: [RatedItem: Verdict], experts: [String], expertVerdicts: [String: [RatedItem: Verdict]],
        bootstrap: BootstrapOptions
    ) -> [CalibrationReport.Group] {
        var members: [String: [String: Set<RatedItem>]] = [:]  // kind -> name -> items
        let rated = Set(expertVerdicts.values.flatMap(\.keys))
        for item in rated {
            members["system", default: [:]][item.system, default: []].insert(item)
            guard run.task == .criterion, let criterion = criteria["\(item.rubric)/\(item.criterion)"] else { continue }
            members["criterion", default: [:]]["\(item.rubric)/\(item.criterion)", default: []].insert(item)
            members["section", default: [:]][criterion.section.rawValue, default: []].insert(item)
            for tag in criterion.tags { members["tag", default: [:]][tag, default: []].insert(item) }
        }
        var groups: [CalibrationReport.Group] = []
        for kind in ["system", "section", "tag", "criterion"] {
            for (name, items) in (members[kind] ?? [:]).sorted(by: { $0.key < $1.key }) {
                var summaries: [String: AgreementSummary] = [:]
                let reference = consensus.filter { items.contains($0.key) }
                for judge in raterOrder {
                    let verdicts = (judges[judge] ?? [:]).filter { items.contains($0.key) }
                    summaries[judge] = AgreementSummary.compute(rater: verdicts, reference: reference, bootstrap: bootstrap)
                }
                var expertAgreement: Double? = nil
                var expertAC1: Double? = nil
                var expertItems = 0
                if experts.count >= 2, let table = expertTable(experts: experts, verdicts: expertVerdicts, items: items) {
                    expertItems = table.ratingsPerUnit.filter { $0 >= 2 }.count
                    if expertItems > 0 {
                        expertAgreement = PercentAgreement.overall(table)
                        expertAC1 = GwetAC1.overall(table)
                    }
                }
                var failedHere: [String: Int] = [:]
                for judge in raterOrder {
                    let count = (failed[judge] ?? []).intersection(items).count
                    if count > 0 { failedHere[judge] = count }
                }
                groups.append(CalibrationReport.Group(
                    kind: kind, name: name, items: items.count, judges: summaries, expertAgreement: expertAgreement,
                    expertAC1: expertAC1, expertItems: expertItems, flags: [], failed: failedHere))
            }
        }
        return groups
    }

    static func flagCriteria(
        _ groups: [CalibrationReport.Group], judges: [String], experts: Int, thresholds: Thresholds
    ) -> [CalibrationReport.Flag] {
        var flags: [CalibrationReport.Flag] = []
        for group in groups where group.items >= thresholds.minimumItems {
            let judgeAgreement = judges.compactMap { group.judges[$0]?.percentAgreement }.min()
            if let experts = group.expertAgreement, group.expertItems >= thresholds.minimumItems {
                if experts < thresholds.ambiguousBelow {
                    flags.append(.init(criterion: group.name, kind: "ambiguous", detail: "experts agree on \(percent(experts)) of \(group.expertItems) notes"))
                } else if experts >= thresholds.expertsAgreeAtLeast, let judge = judgeAgreement, judge <= experts - thresholds.judgeGap {
                    flags.append(.init(criterion: group.name, kind: "judge_cannot", detail: "experts agree on \(percent(experts)); the judge agrees with them on \(percent(judge))"))
                }
            } else if experts <= 1, let judge = judgeAgreement, judge < thresholds.judgeLowBelow {
                flags.append(.init(criterion: group.name, kind: "judge_disagrees", detail: "the judge agrees with the expert on \(percent(judge)) of \(group.items) notes; a second expert would tell an ambiguous criterion from a judge that cannot do it"))
            }
        }
        return flags
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

    // MARK: - Note scores, system ranking, length bias

    static func noteScores(
        run: RunRecord, judge: [RatedItem: Verdict], experts: [RatedItem: Verdict]
    ) -> (correlation: [String: Double], rankingTau: Double?, systems: [String: [String: Double]]) {
        let rubrics = Dictionary(run.rubrics.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var pairs: [(note: PlannedNote, judge: Double, experts: Double)] = []
        for note in run.notes {
            guard var rubric = rubrics[note.rubric] else { continue }
            let item = { (criterion: String) in RatedItem(system: note.system, encounter: note.encounter, rubric: note.rubric, criterion: criterion) }
            rubric.criteria = rubric.criteria.filter { judge[item($0.id)] != nil && experts[item($0.id)] != nil }
            guard rubric.positivePoints > 0 else { continue }
            let j = NoteScorer.score(rubric: rubric, system: note.system, verdicts: Dictionary(uniqueKeysWithValues: rubric.criteria.map { ($0.id, judge[item($0.id)]!) }))
            let e = NoteScorer.score(rubric: rubric, system: note.system, verdicts: Dictionary(uniqueKeysWithValues: rubric.criteria.map { ($0.id, experts[item($0.id)]!) }))
            if let js = j.score, let es = e.score { pairs.append((note, js, es)) }
        }
        var correlation: [String: Double] = ["notes": Double(pairs.count)]
        for (key, value) in correlations(pairs.map { ("\($0.note.system)/\($0.note.encounter)/\($0.note.rubric)", $0.judge, $0.experts) }) {
            correlation[key] = value
        }
        var systems: [String: [String: Double]] = [:]
        for (system, list) in Dictionary(grouping: pairs, by: \.note.system) {
            systems[system] = [
                "judge": list.map(\.judge).reduce(0, +) / Double(list.count),
                "experts": list.map(\.experts).reduce(0, +) / Double(list.count),
            ]
        }
        // With two systems a rank correlation is ±1 whatever the scores; it says something from three.
        let tau = systems.count >= 3
            ? correlations(systems.map { ($0.key, $0.value["judge"]!, $0.value["experts"]!) })["kendall_tau_b"]
            : nil
        return (correlation, tau, systems)
    }

    /// Pearson, Spearman and Kendall tau-b between two columns, by the agreement library.
    static func correlations(_ rows: [(unit: String, a: Double, b: Double)]) -> [String: Double] {
        guard rows.count >= 2, var builder = try? RatingTable.Builder(scale: .interval) else { return [:] }
        for row in rows {
            try? builder.add(unit: row.unit, rater: "a", value: .number(row.a))
            try? builder.add(unit: row.unit, rater: "b", value: .number(row.b))
        }
        let report = AgreementReport(table: builder.build())
        guard let pair = report.pairs.first else { return [:] }
        var result: [String: Double] = [:]
        for statistic in [AgreementStatistic.pearson, .spearman, .kendallTauB] {
            if let value = pair.values[statistic] { result[statistic.rawValue] = value }
        }
        return result
    }

    static func lengthBias(run: RunRecord, judge: [RatedItem: Verdict], experts: [RatedItem: Verdict]) -> CalibrationReport.LengthBias? {
        guard let words = run.noteWords else { return nil }
        var rows: [(unit: String, words: Int, disagreement: Double)] = []
        let byNote = Dictionary(grouping: experts.keys.filter { judge[$0] != nil }) { "\($0.system)/\($0.encounter)/\($0.rubric)" }
        for (unit, items) in byNote {
            guard let first = items.first, let length = words["\(first.system)/\(first.encounter)"] else { continue }
            let disagreements = items.filter { judge[$0] != experts[$0] }.count
            rows.append((unit, length, Double(disagreements) / Double(items.count)))
        }
        guard rows.count >= 3 else { return nil }
        let spearman = correlations(rows.map { ($0.unit, Double($0.words), $0.disagreement) })["spearman"]
        let sorted = rows.sorted { ($0.words, $0.unit) < ($1.words, $1.unit) }
        var rates: [Double] = []
        var uppers: [Int] = []
        for t in 0..<3 {
            let slice = sorted[(t * sorted.count / 3)..<((t + 1) * sorted.count / 3)]
            guard !slice.isEmpty else { continue }
            rates.append(slice.map(\.disagreement).reduce(0, +) / Double(slice.count))
            uppers.append(slice.last!.words)
        }
        return CalibrationReport.LengthBias(spearman: spearman, notes: rows.count, tercileDisagreement: rates, tercileUpperWords: uppers)
    }
}
