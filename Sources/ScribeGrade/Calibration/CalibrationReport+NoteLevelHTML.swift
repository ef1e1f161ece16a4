extension CalibrationReport {
    /// The note-level section of the HTML report: a table of every dimension's statistics with
    /// their intervals, then per dimension a scatter plot of the judge's note score against the
    /// experts' mean rating with its least-squares line, and the expert ceiling where there is one.
    func noteLevelHTML() -> String {
        guard let rows = noteLevel, !rows.isEmpty else { return "" }
        var body = "<h2>Note level</h2><p class=muted>The judge's note score (raw) against the experts' mean rating on each dimension; 95% CIs from \(bootstrap.resamples) bootstrap resamples of encounters. Quadratic κ on ordinal dimensions maps the score onto the levels in equal-width bins of [0, 1] (reversed where the dimension should fall). ! marks a correlation of the wrong sign.</p>"
        body += "<table id=note-level><thead><tr>"
        for header in Self.noteLevelHeaders { body += "<th\(header == "Dimension" || header == "Judge" || header == "Expected" ? "" : " class=num")>\(HTML.escape(header))</th>" }
        body += "</tr></thead><tbody>"
        for row in Self.noteLevelRows(rows) {
            body += "<tr>" + row.enumerated().map { index, cell in "<td\([0, 1, 3].contains(index) ? "" : " class=num")>\(HTML.escape(cell))</td>" }.joined() + "</tr>"
        }
        body += "</tbody></table>"
        body += "<div class=scatter-plots style=\"display:flex;gap:1rem;flex-wrap:wrap\">"
        for row in rows {
            let points = row.points.map { SVGScatterPlot.Point(x: $0.judge, y: $0.expert, label: "\($0.system) · \($0.encounter)") }
            let plot = SVGScatterPlot(
                points: points, title: "\(row.dimension)\(row.flagged ? " (wrong sign)" : ""): \(row.judge) vs experts, n = \(Self.count(row.n, failed: row.failed))",
                xLabel: "\(row.judge) note score", yLabel: "experts' \(row.dimension)")
            body += "<figure>\(plot.svg())"
            if let ceiling = row.expertCeiling {
                body += "<figcaption>\(HTML.escape(Self.ceilingLine(ceiling)))</figcaption>"
            }
            body += "</figure>"
        }
        return body + "</div>"
    }
}
