import Foundation
import Testing
@testable import ScribeGrade

/// What a rubric author, a note file's name or a rating file puts into a report must stay text:
/// system names, encounter and rubric ids, criterion ids and texts, failures, rater and judge
/// names all hold the issue-12 payloads here, and the HTML reports must carry none of them raw.
@Suite struct ReportInjectionTests {
    static let payloads = HTMLEscapeTests.payloads

    /// Markup a payload would inject, found in `html`'s UTF-8 bytes (ASCII case folded): the
    /// browser's view, not Swift's graphemes. Empty when nothing was injected. `styles` is how
    /// many `<style` tags the page itself has.
    static func injected(in html: String, styles: Int = 1) -> [String] {
        let bytes = Array(html.utf8).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        func count(_ needle: String) -> Int {
            let needle = Array(needle.utf8)
            guard bytes.count >= needle.count else { return 0 }
            return (0...(bytes.count - needle.count)).filter { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }.count
        }
        var found: [String] = []
        for tag in ["<script", "<meta http-equiv=refresh"] where count(tag) > 0 { found.append(tag) }
        if count("<style") != styles { found.append("<style ×\(count("<style"))") }
        for (index, payload) in payloads.enumerated() where count(payload.lowercased()) > 0 { found.append("payload \(index) raw") }
        // A quote or angle bracket fused with a mark is exactly what the old escape let through.
        for fused in ["\"\u{0338}", ">\u{0338}<", "'\u{0338}", "\u{0600}<"] where count(fused) > 0 { found.append("fused \(fused.unicodeScalars.map { String($0.value, radix: 16) })") }
        return found
    }

    /// Whether `text`'s UTF-8 bytes hold `needle`'s (not grapheme matching).
    static func contains(_ text: String, _ needle: String) -> Bool {
        Array(text.utf8).firstRange(of: Array(needle.utf8)) != nil
    }

    /// A run whose every name and text is a payload: two systems, two encounters, one rubric
    /// each, a met, a not-met and a failed criterion per note.
    static func hostileRun() -> (RunRecord, [String: Judgment], [ExpertRating]) {
        let systems = [payloads[0], payloads[1]]
        let encounters = [payloads[2], payloads[3]]
        let criteria = [payloads[4], payloads[5], payloads[6]]
        let rubrics = encounters.enumerated().map { index, encounter in
            Rubric(id: "\(payloads[index + 1])-rubric", encounter: encounter, criteria: criteria.enumerated().map { c, id in
                Criterion(id: id, section: .subjective, text: payloads[(c + index) % payloads.count] + " text", points: 1, critical: c == 0)
            })
        }
        var judgments: [String: Judgment] = [:]
        var notes: [PlannedNote] = []
        var ratings: [ExpertRating] = []
        for (e, rubric) in rubrics.enumerated() {
            for (s, system) in systems.enumerated() {
                notes.append(PlannedNote(system: system, encounter: rubric.encounter, rubric: rubric.id))
                for (c, criterion) in rubric.criteria.enumerated() {
                    let key = "\(s)-\(e)-\(c)"
                    let verdict: Verdict? = c == 2 && s == 0 ? nil : ((s + c) % 2 == 0 ? .met : .notMet)
                    judgments[key] = Judgment(
                        key: key, system: system, encounter: rubric.encounter, rubric: rubric.id, rubricVersion: 1,
                        criterion: criterion.id, judge: payloads[3], sample: 0, verdict: verdict,
                        failure: verdict == nil ? payloads[2] : nil, explanation: payloads[0])
                    if let verdict {
                        for rater in [payloads[1], payloads[6]] {
                            ratings.append(ExpertRating(system: system, encounter: rubric.encounter, rubric: rubric.id, criterion: criterion.id, rater: rater, verdict: verdict))
                        }
                    }
                }
            }
        }
        let record = RunRecord(
            id: "run-\(payloads[0])", judges: [JudgeDescriptor(name: payloads[3], kind: .llm, readsTranscript: true)], samples: 1,
            rubrics: rubrics, notes: notes, judgmentKeys: judgments.keys.sorted())
        return (record, judgments, ratings)
    }

    @Test func gradeReportHTMLKeepsHostileNamesAndTextsAsText() {
        let (record, judgments, _) = Self.hostileRun()
        let report = GradeReport.build(run: record, judgments: judgments, bootstrap: BootstrapOptions(resamples: 20))
        let html = report.html(rubrics: record.rubrics)
        #expect(Self.injected(in: html) == [])
        let hasPolicy = html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
        #expect(hasPolicy)
        // The names are there, as text: the report still says what it is about.
        let namesShown = Self.contains(html, "&quot;\u{0338} onmouseover=x") && Self.contains(html, "\u{0600}&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(namesShown)
    }

    @Test func calibrationReportHTMLKeepsHostileNamesAsText() {
        let (record, judgments, ratings) = Self.hostileRun()
        let report = Calibrator.calibrate(run: record, judgments: judgments, ratings: ratings, bootstrap: BootstrapOptions(resamples: 20))
        #expect(report.experts.count == 2)
        let html = report.html()
        #expect(Self.injected(in: html) == [])
        let hasPolicy = html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
        #expect(hasPolicy)
    }

    @Test func svgChartLabelsAndTitlesStayText() {
        let chart = SVGBarChart(
            bars: Self.payloads.map { SVGBarChart.Bar(label: $0, value: 0.5, interval: [0.4, 0.6], reference: 0.7) },
            title: Self.payloads[1], referenceLabel: Self.payloads[2])
        #expect(Self.injected(in: chart.svg(), styles: 0) == [])
    }
}
