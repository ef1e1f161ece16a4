import Foundation

/// A horizontal bar chart drawn as inline SVG: one bar per item on a 0–1 scale, with an optional
/// confidence interval whisker and an optional reference mark (e.g. the expert ceiling).
public struct SVGBarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        public var value: Double?
        public var interval: [Double]
        public var reference: Double?

        public init(label: String, value: Double?, interval: [Double] = [], reference: Double? = nil) {
            self.label = label
            self.value = value
            self.interval = interval
            self.reference = reference
        }
    }

    public var bars: [Bar]
    public var title: String
    /// The value range of the axis; agreement statistics can be negative.
    public var domain: ClosedRange<Double>
    public var referenceLabel: String?

    public init(bars: [Bar], title: String, domain: ClosedRange<Double> = 0...1, referenceLabel: String? = nil) {
        self.bars = bars
        self.title = title
        self.domain = domain
        self.referenceLabel = referenceLabel
    }

    public func svg() -> String {
        let labelWidth = min(260.0, Double((bars.map(\.label.count).max() ?? 4) * 7 + 12))
        let plotWidth = 520.0
        let rowHeight = 26.0
        let top = 28.0
        let width = labelWidth + plotWidth + 70
        let height = top + rowHeight * Double(bars.count) + 34
        func x(_ value: Double) -> Double {
            let clamped = min(max(value, domain.lowerBound), domain.upperBound)
            return labelWidth + (clamped - domain.lowerBound) / (domain.upperBound - domain.lowerBound) * plotWidth
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(HTML.escape(title))\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        svg += "<title>\(HTML.escape(title))</title>"
        svg += "<text x=\"\(f(labelWidth))\" y=\"16\" font-weight=\"600\">\(HTML.escape(title))</text>"
        let ticks = stride(from: domain.lowerBound, through: domain.upperBound + 1e-9, by: (domain.upperBound - domain.lowerBound) / 4)
        let axisY = top + rowHeight * Double(bars.count)
        for tick in ticks {
            svg += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top - 4))\" x2=\"\(f(x(tick)))\" y2=\"\(f(axisY))\" stroke=\"#e2e6ee\"/>"
            svg += "<text x=\"\(f(x(tick)))\" y=\"\(f(axisY + 15))\" text-anchor=\"middle\" fill=\"#667085\">\(String(format: "%.2f", tick))</text>"
        }
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            svg += "<text x=\"\(f(labelWidth - 8))\" y=\"\(f(y + 16))\" text-anchor=\"end\">\(HTML.escape(bar.label))</text>"
            guard let value = bar.value else {
                svg += "<text x=\"\(f(x(domain.lowerBound) + 4))\" y=\"\(f(y + 16))\" fill=\"#667085\">n/a</text>"
                continue
            }
            let zero = x(max(domain.lowerBound, min(0, domain.upperBound)))
            let end = x(value)
            svg += "<rect x=\"\(f(min(zero, end)))\" y=\"\(f(y + 5))\" width=\"\(f(abs(end - zero)))\" height=\"\(f(rowHeight - 10))\" fill=\"#4a7bd0\" rx=\"2\"><title>\(HTML.escape(bar.label)): \(String(format: "%.3f", value))</title></rect>"
            if bar.interval.count == 2 {
                let (lo, hi) = (x(bar.interval[0]), x(bar.interval[1]))
                let mid = y + rowHeight / 2
                svg += "<line x1=\"\(f(lo))\" y1=\"\(f(mid))\" x2=\"\(f(hi))\" y2=\"\(f(mid))\" stroke=\"#1d2433\" stroke-width=\"1.5\"/>"
                svg += "<line x1=\"\(f(lo))\" y1=\"\(f(mid - 5))\" x2=\"\(f(lo))\" y2=\"\(f(mid + 5))\" stroke=\"#1d2433\" stroke-width=\"1.5\"/>"
                svg += "<line x1=\"\(f(hi))\" y1=\"\(f(mid - 5))\" x2=\"\(f(hi))\" y2=\"\(f(mid + 5))\" stroke=\"#1d2433\" stroke-width=\"1.5\"/>"
            }
            if let reference = bar.reference {
                svg += "<line x1=\"\(f(x(reference)))\" y1=\"\(f(y + 2))\" x2=\"\(f(x(reference)))\" y2=\"\(f(y + rowHeight - 2))\" stroke=\"#d9822b\" stroke-width=\"3\"><title>\(HTML.escape(referenceLabel ?? "reference")): \(String(format: "%.3f", reference))</title></line>"
            }
            svg += "<text x=\"\(f(labelWidth + plotWidth + 8))\" y=\"\(f(y + 16))\">\(String(format: "%.3f", value))</text>"
        }
        if let referenceLabel, bars.contains(where: { $0.reference != nil }) {
            svg += "<line x1=\"\(f(labelWidth))\" y1=\"\(f(axisY + 26))\" x2=\"\(f(labelWidth + 14))\" y2=\"\(f(axisY + 26))\" stroke=\"#d9822b\" stroke-width=\"3\"/>"
            svg += "<text x=\"\(f(labelWidth + 20))\" y=\"\(f(axisY + 30))\">\(HTML.escape(referenceLabel))</text>"
        }
        return svg + "</svg>"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
