import Foundation

extension CalibrationReport {
    /// The report as pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The note-level table's columns, for the terminal and the HTML report.
    static let noteLevelHeaders = [
        "Dimension", "Judge", "n", "Expected", "Pearson", "Spearman", "Kendall τ-b", "ICC(A,1)", "ICC(C,1)", "Quadratic κ", "Systems", "System τ-b",
    ]

    /// One row of cells per judge and dimension, each statistic with its interval (`-` where it
    /// does not apply); `!` marks a correlation of the wrong sign.
    static func noteLevelRows(_ rows: [NoteLevelAgreement]) -> [[String]] {
        func cell(_ e: NoteLevelAgreement.Estimate?) -> String {
            guard let e, let value = e.value else { return "-" }
            let ci = e.ci95.map { String(format: " [%.3f, %.3f]", $0[0], $0[1]) } ?? ""
            return String(format: "%.3f", value) + ci
        }
        return rows.map { r in
            [
                r.dimension + (r.flagged ? " !" : ""), r.judge, count(r.n, failed: r.failed), r.expectedSign == "negative" ? "falls" : "rises",
                cell(r.pearson), cell(r.spearman), cell(r.kendallTauB), cell(r.iccA1), cell(r.iccC1), cell(r.quadraticKappa),
                r.systemLevel.map { String($0.systems) } ?? "-", cell(r.systemLevel?.kendallTauB),
            ]
        }
    }

    /// The expert ceiling of one dimension in a sentence.
    static func ceilingLine(_ ceiling: NoteLevelCeiling) -> String {
        let r = { (value: Double?) in value.map { String(format: "%.3f", $0) } ?? "n/a" }
        let raters = ceiling.raters.map { "\($0.rater) r \(r($0.pearson)) (n \($0.n))" }.joined(separator: ", ")
        return "expert ceiling on \(ceiling.notes) notes rated by ≥ 2: each rater vs the others' mean: \(raters); judge vs all raters' mean r \(r(ceiling.judgeVsMean))"
    }

    /// Note-level agreement: one row per judge and dimension, each statistic with its interval;
    /// `!` marks a correlation of the wrong sign; the expert ceiling of each dimension that has one.
    static func noteLevelTable(_ rows: [NoteLevelAgreement]) -> [String] {
        var lines = ["", "Note level: judge's note score (raw) vs the experts' mean rating; 95% CIs from a bootstrap over encounters"]
        lines += GradeReport.align([noteLevelHeaders] + noteLevelRows(rows), rightAligned: [2, 4, 5, 6, 7, 8, 9, 10, 11])
        let flagged = rows.filter(\.flagged)
        if !flagged.isEmpty {
            lines.append("! wrong sign: " + flagged.map { "\($0.dimension) should \($0.expectedSign == "negative" ? "fall" : "rise") as the score rises" }.joined(separator: "; "))
        }
        if rows.contains(where: { $0.quadraticKappa != nil }) {
            lines.append("Quadratic κ (ordinal dimensions): the score in [0, 1] mapped onto the levels in equal-width bins, reversed where the dimension should fall; experts' mean level rounded half up")
        }
        lines.append("System τ-b: Kendall τ-b between the systems ranked by the judge's mean score and by the experts' mean rating (three or more systems)")
        for row in rows {
            if let ceiling = row.expertCeiling { lines.append("\(row.dimension): " + ceilingLine(ceiling)) }
        }
        lines.append("")
        return lines
    }

    /// The report for a terminal.
    public func table() -> String {
        var lines: [String] = []
        lines.append("Calibration of run \(run)\(task == .statementSupport ? " (statement check: met = supported by the transcript)" : "")")
        let noteLevelOnly = experts.isEmpty && !(noteLevel ?? []).isEmpty
        if !noteLevelOnly {
            lines.append("Experts: \(experts.joined(separator: ", ")) · \(ratedItemsText) · CIs: bootstrap over encounters, \(bootstrap.resamples) resamples")
        }
        if let split { lines.append("Only the encounters of \(split)") }
        if let ratingsUsed { lines.append(ratingsUsed.line) }
        if let noteLevel, !noteLevel.isEmpty { lines += Self.noteLevelTable(noteLevel) }
        // Note-level ratings only: no criterion-level comparison to print.
        if noteLevelOnly { return lines.joined(separator: "\n") + "\n" }
        if unmatchedRatings > 0 { lines.append("\(unmatchedRatings) expert rating(s) match no item of this run and were ignored") }
        if consensusTies > 0 { lines.append("\(consensusTies) item(s) where experts split evenly are left out of consensus comparisons") }
        lines.append("")
        lines.append(experts.count > 1 ? "Judge vs expert majority:" : "Judge vs expert:")
        var rows = [["Judge", "n", "Agreement", "Cohen κ", "Gwet AC1", "Macro F1", "Cost", "Tokens in/out"]]
        for judge in judges {
            let s = judge.vsConsensus
            rows.append([
                "\(judge.name) (\(judge.kind))", Self.count(s?.n ?? 0, failed: judge.failed),
                Self.cell(s, .percentAgreement), Self.cell(s, .cohenKappa), Self.cell(s, .gwetAC1), Self.cell(s, .macroF1),
                String(format: "$%.4f", judge.cost), judge.usage.inOutText,
            ])
        }
        lines.append(contentsOf: GradeReport.align(rows, rightAligned: [1, 2, 3, 4, 5, 6]))
        for judge in judges {
            if let confusion = judge.vsConsensus?.confusion, confusion.count == 2 {
                lines.append("  \(judge.name) confusion (rows judge, columns expert; met, not_met): [[\(Self.int(confusion[0][0])), \(Self.int(confusion[0][1]))], [\(Self.int(confusion[1][0])), \(Self.int(confusion[1][1]))]]")
            }
        }
        if let ceiling {
            lines.append("")
            lines.append("Expert ceiling (experts among themselves, \(ceiling.items) items rated by ≥ 2):")
            for key in ["percent_agreement", "krippendorff_alpha", "gwet_ac1"] {
                guard let value = ceiling.overall[key] else { continue }
                let ci = ceiling.overallIntervals[key].map { String(format: " [%.3f, %.3f]", $0.lower, $0.upper) } ?? ""
                lines.append("  \(key): \(String(format: "%.3f", value))\(ci)")
            }
            for judge in judges where !judge.percentileAmongExperts.isEmpty {
                let parts = judge.percentileAmongExperts.sorted { $0.key < $1.key }.map { "\($0.key) \(Int($0.value.rounded()))th" }
                lines.append("  \(judge.name) percentile among experts: \(parts.joined(separator: ", "))")
            }
        } else {
            lines.append("")
            lines.append("Expert ceiling: n/a (needs items rated by two or more experts)")
        }
        lines.append("")
        for judge in judges {
            var parts: [String] = []
            if let r = judge.noteScoreCorrelation["pearson"] { parts.append(String(format: "note scores Pearson r %.3f", r)) }
            if let r = judge.noteScoreCorrelation["spearman"] { parts.append(String(format: "Spearman %.3f", r)) }
            if let n = judge.noteScoreCorrelation["notes"] { parts.append("\(Int(n)) notes") }
            if let tau = judge.systemRankingTau { parts.append(String(format: "system ranking Kendall τ %.3f", tau)) }
            if let bias = judge.lengthBias {
                let terciles = bias.tercileDisagreement.map { String(format: "%.2f", $0) }.joined(separator: " / ")
                parts.append("length bias: Spearman(words, disagreement) \(bias.spearman.map { String(format: "%.3f", $0) } ?? "n/a"), disagreement short/mid/long \(terciles)")
            }
            if !parts.isEmpty { lines.append("\(judge.name): " + parts.joined(separator: "; ")) }
        }
        let systemGroups = groups.filter { $0.kind == "system" || $0.kind == "section" }
        if !systemGroups.isEmpty, let first = judges.first {
            lines.append("")
            lines.append("By system and section (\(first.name) vs experts):")
            var groupRows = [["Group", "Items", "n", "Agreement", "Gwet AC1", "Experts agree"]]
            for group in systemGroups {
                let s = group.judges[first.name]
                groupRows.append([
                    "\(group.kind) \(group.name)", Self.count(group.items, failed: group.failed[first.name] ?? 0), String(s?.n ?? 0),
                    Self.cell(s, .percentAgreement), Self.cell(s, .gwetAC1), group.expertAgreement.map { String(format: "%.3f", $0) } ?? "n/a",
                ])
            }
            lines.append(contentsOf: GradeReport.align(groupRows, rightAligned: [1, 2, 3, 4, 5]))
            lines.append("Items = rated items; n = those with a verdict of \(first.name) compared with the experts' majority")
        }
        if !flags.isEmpty {
            lines.append("")
            lines.append("Criteria to review (\(flags.count)):")
            for flag in flags.prefix(30) { lines.append("  \(flag.kind): \(flag.criterion) — \(flag.detail)") }
            if flags.count > 30 { lines.append("  … \(flags.count - 30) more in --format json") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func cell(_ summary: AgreementSummary?, _ statistic: AgreementStatistic) -> String {
        guard let summary, let value = summary.value(statistic) else { return "n/a" }
        if let ci = summary.intervals[statistic.rawValue] {
            return String(format: "%.3f [%.3f, %.3f]", value, ci.lower, ci.upper)
        }
        return String(format: "%.3f", value)
    }

    static func int(_ value: Double) -> String { String(Int(value)) }

    /// A count and the failed judgments left out of it: `21 (15 failed, left out)`, or `21`.
    static func count(_ count: Int, failed: Int) -> String {
        failed == 0 ? String(count) : "\(count) (\(failed) failed, left out)"
    }

    /// The rated items the first judge's statistics use, with the failed judgments left out:
    /// `36 rated items, of which 15 failed judgments left out → n = 21`, or `21 rated items`.
    var ratedItemsText: String {
        let failed = judges.first?.failed ?? 0
        guard failed > 0 else { return "\(ratedItems) rated items" }
        return "\(ratedItems + failed) rated items, of which \(failed) failed judgments left out → n = \(ratedItems)"
    }
}

