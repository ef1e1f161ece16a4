import Foundation
import Testing
@testable import ScribeGrade

/// A bootstrap over one encounter redraws that encounter every time: its "interval" is a point,
/// and a paired difference over it was starred as significant ([0.175, 0.175], 1 encounter).
/// An interval needs at least two encounters (clusters); with fewer there is none, and no star.
@Suite struct SingleEncounterIntervalTests {
    static let rubric = Rubric(id: "r1", encounter: "e1", criteria: [
        Criterion(id: "a", section: .subjective, text: "a", points: 1),
        Criterion(id: "b", section: .plan, text: "b", points: 1),
    ])
    static let options = BootstrapOptions(resamples: 200, seed: 1)

    /// System A meets both criteria of the one encounter, B one of them.
    static func report() -> GradeReport {
        let notes = [
            NoteScorer.score(rubric: rubric, system: "A", verdicts: ["a": .met, "b": .met]),
            NoteScorer.score(rubric: rubric, system: "B", verdicts: ["a": .met, "b": .notMet]),
        ]
        let systems = SystemScorer.score(notes, options: options)
        return GradeReport(
            run: "run-1", judges: [JudgeDescriptor(name: "j", kind: .replay, readsTranscript: false)], systems: systems,
            comparisons: SystemScorer.compare(notes, systems: systems.map(\.system), options: options), notes: notes,
            bootstrap: options)
    }

    @Test("a bootstrap over fewer than two clusters gives no interval, one nil per statistic")
    func oneClusterHasNoInterval() {
        #expect(ClusterBootstrap.interval(clusterCount: 1, options: Self.options) { _ in 0.5 } == nil)
        let both = ClusterBootstrap.intervals(clusterCount: 1, options: Self.options) { _ in [0.5, 0.25] }
        #expect(both.count == 2 && both.allSatisfy { $0 == nil })
        #expect(ClusterBootstrap.interval(clusterCount: 2, options: Self.options) { $0[0] == 1 ? 0.5 : 0.25 } != nil)
    }

    @Test("a paired difference over one encounter has no interval and is not significant")
    func comparisonOverOneEncounter() throws {
        let comparison = try #require(Self.report().comparisons.first)
        #expect(comparison.encounters == 1)
        #expect(abs(comparison.difference - 0.5) < 1e-12)
        #expect(comparison.ci95.isEmpty)
        #expect(!comparison.significant)
        #expect(Self.report().systems.allSatisfy { $0.ci95.isEmpty }, "nor has a system score over one encounter")
    }

    @Test("the table shows the difference with n/a (1 encounter) and no star")
    func tableHasNoStar() throws {
        let lines = Self.report().table().split(separator: "\n").map(String.init)
        let row = try #require(lines.first { $0.hasPrefix("A − B") })
        #expect(row.contains("+0.500"))
        #expect(row.contains("n/a (1 encounter)"), "\(row)")
        #expect(!row.contains("*"), "\(row)")
        #expect(!row.contains("[0.500, 0.500]"))
    }

    @Test("the HTML report says n/a (1 encounter) and not that the CI excludes 0")
    func htmlHasNoStar() throws {
        let html = Self.report().html(rubrics: [Self.rubric])
        let differences = try #require(html.components(separatedBy: "<h2>Paired differences</h2>").last?
            .components(separatedBy: "</table>").first)
        #expect(differences.contains("n/a (1 encounter)"), "\(differences)")
        #expect(!differences.contains("CI excludes 0"))
    }

    @Test("JSON gives the interval as null and significant false")
    func jsonHasNullInterval() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Self.report().jsonData()) as? [String: Any])
        let comparison = try #require((object["comparisons"] as? [[String: Any]])?.first)
        #expect(comparison["ci95"] is NSNull, "\(comparison)")
        #expect(comparison["significant"] as? Bool == false)
        #expect(comparison["encounters"] as? Int == 1)
        let systems = try #require(object["systems"] as? [[String: Any]])
        #expect(systems.allSatisfy { $0["ci95"] is NSNull }, "\(systems)")
    }

    @Test("agreement with experts over one encounter has no interval either")
    func agreementOverOneEncounter() throws {
        let item = { (criterion: String) in RatedItem(system: "A", encounter: "e1", rubric: "r1", criterion: criterion) }
        let judge: [RatedItem: Verdict] = [item("a"): .met, item("b"): .notMet, item("c"): .met]
        let experts: [RatedItem: Verdict] = [item("a"): .met, item("b"): .met, item("c"): .met]
        let summary = try #require(AgreementSummary.compute(rater: judge, reference: experts, bootstrap: Self.options))
        #expect(summary.n == 3)
        #expect(summary.intervals.isEmpty, "\(summary.intervals)")
        #expect(CalibrationReport.cell(summary, .percentAgreement) == "0.667")
    }

    @Test("a corrected paired difference over one shared encounter has no interval and no star")
    func correctedComparisonOverOneEncounter() throws {
        let a = (0..<12).map { RatedNote(encounter: "e1", judge: Double($0) / 12, expert: Double($0 % 3) / 3) }
        let b = (0..<12).map { RatedNote(encounter: "e1", judge: Double($0) / 24, expert: Double($0 % 2) / 2) }
        for options in [
            CorrectionOptions(),
            CorrectionOptions(interval: .clusterBootstrap(Self.options), minimumExpertClusters: 1),
        ] {
            let difference = try CorrectedScorer.compare(a, b, options: options)
            #expect(difference.encounters == 1)
            #expect(difference.ci95 == nil && !difference.significant)
            #expect(difference.reason != nil)
        }
    }
}
