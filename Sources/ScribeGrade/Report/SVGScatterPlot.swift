import Foundation

/// A scatter plot drawn as inline SVG (no script, so it passes the pages' Content-Security-
/// Policy): one dot per point, each with a tooltip, and the ordinary least-squares line of y on
/// x drawn across the plot, clipped to it. Every label is escaped.
public struct SVGScatterPlot: Sendable {
    public struct Point: Sendable, Hashable {
        public var x: Double
        public var y: Double
        /// The dot's tooltip, e.g. `system1 · mts004`.
        public var label: String

        public init(x: Double, y: Double, label: String) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    public var points: [Point]
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// The axes' ranges; each is widened to take in every point.
    public var xDomain: ClosedRange<Double>
    public var yDomain: ClosedRange<Double>

    public init(
        points: [Point], title: String, xLabel: String, yLabel: String,
        xDomain: ClosedRange<Double> = 0...1, yDomain: ClosedRange<Double> = 0...1
    ) {
        self.points = points
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xDomain = Self.widened(xDomain, by: points.map(\.x))
        self.yDomain = Self.widened(yDomain, by: points.map(\.y))
    }

    /// The least-squares line y = intercept + slope·x; `nil` with fewer than two distinct x.
    public var regression: (intercept: Double, slope: Double)? {
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let meanX = points.map(\.x).reduce(0, +) / n
        let meanY = points.map(\.y).reduce(0, +) / n
        let sxx = points.reduce(0) { $0 + ($1.x - meanX) * ($1.x - meanX) }
        let sxy = points.reduce(0) { $0 + ($1.x - meanX) * ($1.y - meanY) }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        return (meanY - slope * meanX, slope)
    }

    public func svg() -> String {
        let left = 56.0, top = 28.0, plotWidth = 420.0, plotHeight = 300.0
        let width = left + plotWidth + 24, height = top + plotHeight + 48
        func x(_ value: Double) -> Double { left + (value - xDomain.lowerBound) / (xDomain.upperBound - xDomain.lowerBound) * plotWidth }
        func y(_ value: Double) -> Double { top + plotHeight - (value - yDomain.lowerBound) / (yDomain.upperBound - yDomain.lowerBound) * plotHeight }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"scatter\" aria-label=\"\(HTML.escape(title))\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        svg += "<title>\(HTML.escape(title))</title>"
        svg += "<text x=\"\(f(left))\" y=\"16\" font-weight=\"600\">\(HTML.escape(title))</text>"
        for step in 0...4 {
            let tx = xDomain.lowerBound + Double(step) / 4 * (xDomain.upperBound - xDomain.lowerBound)
            let ty = yDomain.lowerBound + Double(step) / 4 * (yDomain.upperBound - yDomain.lowerBound)
            svg += "<line x1=\"\(f(x(tx)))\" y1=\"\(f(top))\" x2=\"\(f(x(tx)))\" y2=\"\(f(top + plotHeight))\" stroke=\"#e2e6ee\"/>"
            svg += "<text x=\"\(f(x(tx)))\" y=\"\(f(top + plotHeight + 15))\" text-anchor=\"middle\" fill=\"#667085\">\(String(format: "%.2f", tx))</text>"
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(ty)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(ty)))\" stroke=\"#e2e6ee\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(ty) + 4))\" text-anchor=\"end\" fill=\"#667085\">\(String(format: "%.2f", ty))</text>"
        }
        svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight + 36))\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>"
        svg += "<text x=\"14\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(f(top + plotHeight / 2)))\">\(HTML.escape(yLabel))</text>"
        for point in points {
            svg += "<circle cx=\"\(f(x(point.x)))\" cy=\"\(f(y(point.y)))\" r=\"3.5\" fill=\"#4a7bd0\" fill-opacity=\"0.6\"><title>\(HTML.escape(point.label)): \(String(format: "%.3f", point.x)), \(String(format: "%.3f", point.y))</title></circle>"
        }
        if let line = regression, let segment = clippedLine(line) {
            let title = "least-squares line: y = \(String(format: "%.3f", line.intercept)) \(line.slope < 0 ? "−" : "+") \(String(format: "%.3f", abs(line.slope)))·x"
            svg += "<line class=\"regression\" x1=\"\(f(x(segment.0)))\" y1=\"\(f(y(line.intercept + line.slope * segment.0)))\" x2=\"\(f(x(segment.1)))\" y2=\"\(f(y(line.intercept + line.slope * segment.1)))\" stroke=\"#d9822b\" stroke-width=\"2\"><title>\(HTML.escape(title))</title></line>"
        }
        return svg + "</svg>"
    }

    /// The x range over which the line stays inside the plot; `nil` when it never enters it.
    func clippedLine(_ line: (intercept: Double, slope: Double)) -> (Double, Double)? {
        var low = xDomain.lowerBound, high = xDomain.upperBound
        if line.slope == 0 {
            return yDomain.contains(line.intercept) ? (low, high) : nil
        }
        let a = (yDomain.lowerBound - line.intercept) / line.slope
        let b = (yDomain.upperBound - line.intercept) / line.slope
        low = max(low, min(a, b))
        high = min(high, max(a, b))
        return low <= high ? (low, high) : nil
    }

    static func widened(_ domain: ClosedRange<Double>, by values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        let lower = min(domain.lowerBound, finite.min() ?? domain.lowerBound)
        let upper = max(domain.upperBound, finite.max() ?? domain.upperBound)
        return lower < upper ? lower...upper : lower...(lower + 1)
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
