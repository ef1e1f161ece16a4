import Foundation
import Testing
@testable import ScribeGrade

/// The calibration HTML report's note-level section: a table and, per dimension, an inline SVG
/// scatter plot of the judge's note score against the experts' rating with its least-squares
/// line, every name escaped.
@Suite struct NoteLevelHTMLTests {
    static let hostileSystem = "sys<b onmouseover=x>1"
    static let hostileDimension = "quality<script>alert(1)</script>"

    static func report() -> CalibrationReport {
        let encounters = (1...6).map { "e\($0)" }
        let scores = encounters.enumerated().flatMap { index, encounter in
            [(system: hostileSystem, encounter: encounter, score: 0.1 * Double(index)), (system: "B", encounter: encounter, score: 0.15 * Double(index))]
        }
        let ratings = scores.map {
            NoteRating(system: $0.system, encounter: $0.encounter, rater: "dr", dimension: hostileDimension, value: min(1, $0.score + 0.05), source: "t")
        }
        var report = CalibrationReport(
            run: "run-1", task: .criterion, experts: [], ratedItems: 0, unmatchedRatings: 0, consensusTies: 0, judges: [],
            ceiling: nil, groups: [], flags: [], bootstrap: BootstrapOptions(resamples: 50))
        report.noteLevel = NoteLevelAgreement.compute(judge: "judge<i>", scores: scores, ratings: ratings, bootstrap: report.bootstrap)
        return report
    }

    @Test func theReportDrawsAScatterPlotWithItsRegressionLineAndEscapesEveryName() throws {
        let html = Self.report().html()
        #expect(html.contains("<table id=note-level>"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"scatter\""))
        #expect(html.components(separatedBy: "<circle ").count - 1 == 12)
        #expect(html.contains("<line class=\"regression\""))
        #expect(html.contains("quality&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("sys&lt;b onmouseover=x&gt;1 · e1"))
        #expect(html.contains("judge&lt;i&gt; note score"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b "))
        #expect(!html.contains("<i>"))
        // Note-level ratings only: no criterion-level sections with nothing in them.
        #expect(!html.contains("Judges against the experts"))
    }

    @Test func theRegressionLineIsTheLeastSquaresFitClippedToThePlot() throws {
        let points = [(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)].map { SVGScatterPlot.Point(x: $0.0, y: $0.1, label: "p") }
        let plot = SVGScatterPlot(points: points, title: "t", xLabel: "x", yLabel: "y", xDomain: 0...2, yDomain: 0...5)
        let line = try #require(plot.regression)
        #expect(abs(line.intercept - 1) < 1e-12 && abs(line.slope - 2) < 1e-12)
        // y = 1 + 2x leaves [0, 5] at x = 2; enters it at x = 0 (y = 1).
        let segment = try #require(plot.clippedLine(line))
        #expect(abs(segment.0) < 1e-12 && abs(segment.1 - 2) < 1e-12)
        let steep = try #require(plot.clippedLine((intercept: -4, slope: 4)))
        #expect(abs(steep.0 - 1) < 1e-12 && abs(steep.1 - 2) < 1e-12)
        #expect(plot.clippedLine((intercept: 9, slope: 0)) == nil)
        // One distinct x: no line.
        #expect(SVGScatterPlot(points: [points[0], points[0]], title: "t", xLabel: "x", yLabel: "y").regression == nil)
    }
}
