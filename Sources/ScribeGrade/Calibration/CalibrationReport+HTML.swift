extension CalibrationReport {
    /// A self-contained HTML page: judges against the experts with CIs, the expert ceiling,
    /// per-group agreement bars with the ceiling marked, confusion matrices and flagged criteria.
    public func html() -> String {
        HTML.document(title: "ScribeGrade calibration \(run)", body: htmlBody())
    }

    /// The page's content without the document shell, for embedding in the web service.
    public func htmlBody() -> String {
        var body = "<h1>Calibration <code>\(HTML.escape(run))</code></h1>"
        if let split { body += "<p class=split>Only the encounters of \(HTML.escape(split.description))</p>" }
        if experts.isEmpty, !(noteLevel ?? []).isEmpty {
            // Note-level ratings only: no criterion-level comparison to draw.
            if let ratingsUsed { body += "<p>\(HTML.escape(ratingsUsed.line))</p>" }
            return body + noteLevelHTML()
        }
        body += "<p>Experts: \(experts.map { "<strong>\(HTML.escape($0))</strong>" }.joined(separator: ", ")) · \(HTML.escape(ratedItemsText))"
        if task == .statementSupport { body += " · statement check (met = supported by the transcript)" }
        body += "<br><span class=muted>95% CIs from \(bootstrap.resamples) bootstrap resamples of encounters. Agreement is with the experts' majority verdict\(consensusTies > 0 ? "; \(consensusTies) evenly split items left out" : "").</span></p>"

        body += noteLevelHTML()
        body += "<h2>Judges against the experts</h2><table id=judges><thead><tr><th>Judge</th><th class=num>n</th><th class=num>Agreement</th><th class=num>Cohen κ</th><th class=num>Gwet AC1</th><th class=num>Macro F1</th><th class=num>Cost</th><th class=num>Tokens in / out</th></tr></thead><tbody>"
        for judge in judges {
            let s = judge.vsConsensus
            body += "<tr><td>\(HTML.escape(judge.name)) <span class=badge>\(HTML.escape(judge.kind))</span></td><td class=num>\(Self.count(s?.n ?? 0, failed: judge.failed))</td>"
            for statistic in AgreementSummary.statistics {
                body += "<td class=num>\(HTML.escape(Self.cell(s, statistic)))</td>"
            }
            body += "<td class=num>$\(String(format: "%.4f", judge.cost))</td><td class=num>\(judge.usage.inOutText)</td></tr>"
        }
        body += "</tbody></table>"
        let ceilingValue = ceiling?.overall["percent_agreement"]
        let overallBars = judges.map {
            SVGBarChart.Bar(
                label: $0.name, value: $0.vsConsensus?.percentAgreement,
                interval: $0.vsConsensus?.intervals["percent_agreement"].map { [$0.lower, $0.upper] } ?? [],
                reference: ceilingValue)
        }
        body += SVGBarChart(bars: overallBars, title: "Percent agreement with the experts", referenceLabel: "expert–expert agreement").svg()

        if let ceiling {
            body += "<h2>Expert ceiling</h2><p>\(ceiling.items) items rated by two or more experts.</p><table><thead><tr><th>Statistic</th><th class=num>Experts among themselves</th></tr></thead><tbody>"
            for key in ["percent_agreement", "krippendorff_alpha", "gwet_ac1"] {
                guard let value = ceiling.overall[key] else { continue }
                let ci = ceiling.overallIntervals[key].map { String(format: " [%.3f, %.3f]", $0.lower, $0.upper) } ?? ""
                body += "<tr><td>\(key)</td><td class=num>\(String(format: "%.3f", value))\(ci)</td></tr>"
            }
            body += "</tbody></table>"
            for judge in judges where !judge.percentileAmongExperts.isEmpty {
                let parts = judge.percentileAmongExperts.sorted { $0.key < $1.key }.map { "\($0.key): \(Int($0.value.rounded()))th percentile" }
                body += "<p>\(HTML.escape(judge.name)) among the experts — \(HTML.escape(parts.joined(separator: ", ")))</p>"
            }
        } else {
            body += "<h2>Expert ceiling</h2><p class=muted>Not available: no item was rated by two or more experts.</p>"
        }

        body += "<h2>Confusion matrices</h2><div style=\"display:flex;gap:2rem;flex-wrap:wrap\">"
        for judge in judges {
            guard let confusion = judge.vsConsensus?.confusion, confusion.count == 2 else { continue }
            body += "<table class=confusion style=\"width:auto\"><caption>\(HTML.escape(judge.name))</caption><thead><tr><th>judge ↓ / experts →</th><th class=num>met</th><th class=num>not_met</th></tr></thead><tbody>"
            for (index, label) in ["met", "not_met"].enumerated() {
                body += "<tr><th>\(label)</th><td class=num>\(Self.int(confusion[index][0]))</td><td class=num>\(Self.int(confusion[index][1]))</td></tr>"
            }
            body += "</tbody></table>"
        }
        body += "</div>"

        body += "<h2>Note scores, rankings and length</h2><table><thead><tr><th>Judge</th><th class=num>Notes</th><th class=num>Pearson r</th><th class=num>Spearman</th><th class=num>System ranking τ</th><th class=num>Length bias (Spearman)</th><th>Disagreement short / mid / long</th></tr></thead><tbody>"
        for judge in judges {
            let c = judge.noteScoreCorrelation
            let f = { (v: Double?) in v.map { String(format: "%.3f", $0) } ?? "n/a" }
            let terciles = judge.lengthBias?.tercileDisagreement.map { String(format: "%.2f", $0) }.joined(separator: " / ") ?? "n/a"
            body += "<tr><td>\(HTML.escape(judge.name))</td><td class=num>\(Int(c["notes"] ?? 0))</td><td class=num>\(f(c["pearson"]))</td><td class=num>\(f(c["spearman"]))</td><td class=num>\(f(judge.systemRankingTau))</td><td class=num>\(f(judge.lengthBias?.spearman))</td><td>\(terciles)</td></tr>"
        }
        body += "</tbody></table>"

        if let first = judges.first {
            for kind in ["system", "section", "tag", "criterion"] {
                let list = groups.filter { $0.kind == kind }
                guard !list.isEmpty else { continue }
                let bars = list.prefix(60).map { group in
                    SVGBarChart.Bar(
                        label: group.name, value: group.judges[first.name]?.percentAgreement,
                        interval: group.judges[first.name]?.intervals["percent_agreement"].map { [$0.lower, $0.upper] } ?? [],
                        reference: group.expertAgreement)
                }
                body += "<h2>Agreement by \(kind)</h2>"
                body += SVGBarChart(bars: Array(bars), title: "\(first.name) vs experts, by \(kind)", referenceLabel: "expert–expert agreement").svg()
                if list.count > 60 { body += "<p class=muted>First 60 of \(list.count) shown; all are in the JSON report.</p>" }
            }
        }

        body += "<h2>Criteria to review</h2>"
        if flags.isEmpty {
            body += "<p class=muted>No criterion flagged.</p>"
        } else {
            body += "<table id=flags><thead><tr><th>Criterion</th><th>Flag</th><th>Why</th></tr></thead><tbody>"
            for flag in flags {
                body += "<tr><td><code>\(HTML.escape(flag.criterion))</code></td><td><span class=\"badge warn\">\(HTML.escape(flag.kind))</span></td><td>\(HTML.escape(flag.detail))</td></tr>"
            }
            body += "</tbody></table>"
        }
        return body
    }
}
