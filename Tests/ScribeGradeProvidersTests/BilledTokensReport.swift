import Foundation
import Testing
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator

/// Billed input tokens for one note (PriMock57 day1_consultation01, 12 criteria) as the
/// simulator counts them: the shared-prefix layout against a criterion-first one, and batched
/// against per-criterion calls. Prints a table (`swift test --filter BilledTokensReport`).
@Suite(.serialized) struct BilledTokensReport {
    struct Row {
        var provider: Provider
        var mode: PromptKind
        var layout: PromptLayout
        var calls: Int
        var usage: TokenUsage
        var cost: Double
        var uncached: Int { usage.input - usage.cachedInput - usage.cacheCreation }
    }

    static let prices: [Provider: Prices] = [
        .openAI: Prices(input: 0.40, cachedInput: 0.10, output: 1.60),  // gpt-4.1-mini list prices
        .anthropic: Prices(input: 3, cachedInput: 0.30, cacheWrite: 3.75, output: 15),  // Claude Sonnet 4.5
    ]

    static func measure(_ provider: Provider, _ mode: PromptKind, _ layout: PromptLayout) async throws -> Row {
        try await Fixture.withSimulator(SimulatorConfiguration(truth: Fixture.truth)) { server in
            let judge = Fixture.judge(provider, server: server, mode: mode, layout: layout, prices: prices[provider]!)
            let groups: [[Criterion]] = mode == .batched
                ? Dictionary(grouping: Fixture.criteria, by: \.section).sorted { $0.key < $1.key }.map(\.value)
                : Fixture.criteria.map { [$0] }
            var usage = TokenUsage.zero
            var cost = 0.0
            for group in groups {
                let response = try await judge.judge(Fixture.request(group))
                #expect(response.results.values.allSatisfy { $0.verdict != nil })
                usage = usage + response.usage
                cost += response.cost
            }
            return Row(provider: provider, mode: mode, layout: layout, calls: groups.count, usage: usage, cost: cost)
        }
    }

    @Test func sharedPrefixAndBatchingCutBilledInputTokensPerNote() async throws {
        var rows: [Row] = []
        for provider in [Provider.openAI, .anthropic] {
            for mode in [PromptKind.perCriterion, .batched] {
                for layout in [PromptLayout.sharedFirst, .criterionFirst] {
                    rows.append(try await Self.measure(provider, mode, layout))
                }
            }
        }
        var report = "billed input tokens for one note (PriMock57 day1_consultation01, \(Fixture.criteria.count) criteria), simulator token counts\n"
        report += "provider   mode           layout           calls   input  cached  written  uncached  output   cost($)\n"
        for row in rows {
            report += [
                row.provider.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0),
                row.mode.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0),
                row.layout.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0),
                String(format: "%6d %7d %7d %8d %9d %7d %9.5f", row.calls, row.usage.input, row.usage.cachedInput, row.usage.cacheCreation, row.uncached, row.usage.output, row.cost),
            ].joined(separator: " ") + "\n"
        }
        print(report)
        for provider in [Provider.openAI, .anthropic] {
            func row(_ mode: PromptKind, _ layout: PromptLayout) -> Row { rows.first { $0.provider == provider && $0.mode == mode && $0.layout == layout }! }
            let shared = row(.perCriterion, .sharedFirst)
            let criterionFirst = row(.perCriterion, .criterionFirst)
            #expect(shared.usage.input == criterionFirst.usage.input, "the same tokens are sent either way")
            #expect(shared.uncached * 3 < criterionFirst.uncached, "\(provider): the shared prefix is billed once, not per criterion")
            #expect(shared.cost < criterionFirst.cost)
            #expect(criterionFirst.usage.cachedInput == 0, "with the criterion first no two requests share a cacheable prefix")
            let batched = row(.batched, .sharedFirst)
            #expect(batched.calls == 3)
            #expect(batched.usage.input * 3 < shared.usage.input, "\(provider): batching sends the transcript and note once per section")
        }
    }
}
