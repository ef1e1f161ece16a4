import Foundation
import Testing
@testable import ScribeGrade

/// Cached input tokens were stored but never shown: a run against llama-server had 93–99.5% of
/// its prompt tokens from the prompt cache and no report said so. Every report that shows tokens
/// shows the cached ones, and Anthropic's cache writes where there are any.
@Suite struct ReportTokenUsageTests {
    static let rubrics = ["e1", "e2"].map { encounter in
        Rubric(id: "r-\(encounter)", encounter: encounter, criteria: [
            Criterion(id: "a", section: .subjective, text: "a", points: 1),
            Criterion(id: "b", section: .plan, text: "b", points: 1),
        ])
    }
    static let judges = [
        JudgeDescriptor(name: "openai:small", kind: .llm, readsTranscript: true),
        JudgeDescriptor(name: "anthropic:tiny", kind: .llm, readsTranscript: true),
    ]

    /// Two systems × two encounters × two criteria, asked of both judges: every OpenAI call
    /// 300 in (200 cached) / 10 out at $0.0005, every Anthropic call 300 in (100 cached, 150
    /// written) / 20 out at $0.001; one Anthropic judgment failed (its tokens still billed).
    static func stored() -> (RunRecord, [String: Judgment]) {
        var judgments: [String: Judgment] = [:]
        var notes: [PlannedNote] = []
        for system in ["A", "B"] {
            for rubric in rubrics {
                notes.append(PlannedNote(system: system, encounter: rubric.encounter, rubric: rubric.id))
                for criterion in ["a", "b"] {
                    for judge in judges {
                        let key = "\(judge.name)-\(system)-\(rubric.id)-\(criterion)"
                        let openAI = judge.name.hasPrefix("openai")
                        let failed = !openAI && system == "B" && rubric.encounter == "e2" && criterion == "b"
                        judgments[key] = Judgment(
                            key: key, system: system, encounter: rubric.encounter, rubric: rubric.id, rubricVersion: 1,
                            criterion: criterion, judge: judge.name, sample: 0, verdict: failed ? nil : .met,
                            failure: failed ? "no verdict" : nil,
                            usage: openAI
                                ? TokenUsage(input: 300, cachedInput: 200, output: 10)
                                : TokenUsage(input: 300, cachedInput: 100, cacheCreation: 150, output: 20),
                            cost: openAI ? 0.0005 : 0.001)
                    }
                }
            }
        }
        let record = RunRecord(
            id: "run-tokens", judges: judges, samples: 1, rubrics: rubrics, notes: notes, judgmentKeys: judgments.keys.sorted())
        return (record, judgments)
    }

    static func report() -> GradeReport {
        let (record, judgments) = stored()
        return GradeReport.build(run: record, judgments: judgments, bootstrap: BootstrapOptions(resamples: 50))
    }

    @Test("token counts name the cached input and, only where there are any, the cache writes")
    func usageText() {
        #expect(TokenUsage(input: 2400, cachedInput: 1600, output: 80).inOutText == "2400/80 (1600 cached)")
        #expect(TokenUsage(input: 2400, cachedInput: 800, cacheCreation: 1200, output: 160).inOutText
            == "2400/160 (800 cached, 1200 cache writes)")
    }

    @Test("the report adds up each judge's tokens and cost over every stored judgment, failed ones included")
    func spendPerJudge() throws {
        let spend = Self.report().spend
        try #require(spend.map(\.judge) == ["openai:small", "anthropic:tiny"])
        #expect(spend[0].usage == TokenUsage(input: 2400, cachedInput: 1600, output: 80))
        #expect(spend[1].usage == TokenUsage(input: 2400, cachedInput: 800, cacheCreation: 1200, output: 160))
        #expect(abs(spend[0].cost - 0.004) < 1e-12 && abs(spend[1].cost - 0.008) < 1e-12)
    }

    @Test("the terminal table shows each judge's tokens with the cached ones")
    func table() {
        let table = Self.report().table()
        #expect(table.contains("Tokens in/out of openai:small: 2400/80 (1600 cached) · $0.0040"), "\(table)")
        #expect(table.contains("Tokens in/out of anthropic:tiny: 2400/160 (800 cached, 1200 cache writes) · $0.0080"))
    }

    @Test("a run that billed nothing (baseline, replay) prints no token line")
    func nothingBilled() {
        var (record, judgments) = Self.stored()
        judgments = judgments.mapValues { var j = $0; j.usage = .zero; j.cost = 0; return j }
        record.judges = Self.judges
        #expect(!GradeReport.build(run: record, judgments: judgments).table().contains("Tokens in/out"))
    }

    @Test("the HTML report shows each judge's tokens with the cached ones")
    func html() {
        let html = Self.report().html(rubrics: Self.rubrics)
        #expect(html.contains("2400/80 (1600 cached)"))
        #expect(html.contains("2400/160 (800 cached, 1200 cache writes)"))
    }

    @Test("JSON gives each judge's usage with the snake_case names of the calibration report, and its cost")
    func json() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Self.report().jsonData()) as? [String: Any])
        let judges = try #require(object["judges"] as? [[String: Any]])
        let anthropic = try #require(judges.first { $0["name"] as? String == "anthropic:tiny" })
        let usage = try #require(anthropic["usage"] as? [String: Int])
        #expect(usage == ["input": 2400, "cached_input": 800, "cache_creation": 1200, "output": 160])
        #expect(abs((anthropic["cost"] as? Double ?? 0) - 0.008) < 1e-12)
    }
}
