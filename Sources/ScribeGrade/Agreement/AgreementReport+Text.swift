import Foundation

extension AgreementReport {
    /// The report as aligned text for a terminal: the overall statistics, one row per pair of
    /// raters, and each pair's confusion matrix. Undefined or inapplicable values print as `-`.
    public func text(source: String? = nil) -> String {
        var lines: [String] = []
        let labelList = scale == .interval
            ? "values: \(labels.count) distinct" + (labels.first.map { ", from \($0) to \(labels.last!)" } ?? "")
            : "labels: " + labels.map(\.description).joined(separator: ", ")
        lines.append(
            "Agreement\(source.map { " in \($0)" } ?? ""): \(ratings) ratings of \(units) units by \(raters.count) raters, "
                + "\(scale.rawValue) scale, \(labelList)")
        lines.append("")
        lines.append("Overall")
        let overallKeys = AgreementStatistic.overall + [.icc21]
        let nameWidth = overallKeys.map(\.title.count).max() ?? 0
        for key in overallKeys {
            var line = "  " + key.title.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                + "  " + Self.format(overall[key]).leftPadded(to: 6)
            if let interval = overallIntervals[key] { line += "  " + Self.format(interval) }
            lines.append(line)
        }
        guard !pairs.isEmpty else { return lines.joined(separator: "\n") + "\n" }
        lines.append("")
        lines.append("Pairs (b is the reference for macro F1)")
        let keys = AgreementStatistic.pairwise.filter { key in pairs.contains { $0.values[key] != nil } }
        var rows: [[String]] = [["a", "b", "n"] + keys.map(\.title)]
        for pair in pairs {
            rows.append([pair.a, pair.b, String(pair.n)] + keys.map { Self.format(pair.values[$0]) })
        }
        lines += Self.align(rows, rightAlignedFrom: 2).map { "  " + $0 }
        if pairs.contains(where: { !$0.intervals.isEmpty }) {
            lines.append("")
            lines.append("95% intervals (\(bootstrap?.resamples ?? 0) cluster-bootstrap resamples)")
            var intervalRows: [[String]] = [["a", "b"] + keys.map(\.title)]
            for pair in pairs {
                intervalRows.append([pair.a, pair.b] + keys.map { pair.intervals[$0].map(Self.format) ?? "-" })
            }
            lines += Self.align(intervalRows, rightAlignedFrom: 2).map { "  " + $0 }
        }
        // Interval values are numbers, not categories: no confusion matrix of them.
        for pair in pairs where scale != .interval {
            lines.append("")
            lines.append("Confusion: rows \(pair.a), columns \(pair.b)")
            let names = pair.confusion.labels.map(\.description)
            var matrix: [[String]] = [[""] + names]
            for (i, row) in pair.confusion.rows.enumerated() {
                matrix.append([names[i]] + row.map { String(Int($0)) })
            }
            lines += Self.align(matrix, rightAlignedFrom: 1).map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double?) -> String {
        guard let value else { return "-" }
        let text = String(format: "%.3f", value)
        return text == "-0.000" ? "0.000" : text
    }

    static func format(_ interval: ConfidenceInterval) -> String {
        "[\(format(interval.lower)), \(format(interval.upper))]"
    }

    /// Pads columns to a common width; columns from `rightAlignedFrom` on are right-aligned.
    static func align(_ rows: [[String]], rightAlignedFrom: Int) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column >= rightAlignedFrom
                    ? cell.leftPadded(to: widths[column])
                    : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
