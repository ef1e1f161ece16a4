import Foundation
import Testing
import ScribeGrade
import ScribeGradeProviders

/// Batched mode on large sections: a section's criteria go out in requests whose estimated
/// answer fits the judge's `max_tokens`, and `--dry-run` estimates answers from the schema.
@Suite struct BatchedSectionSplitTests {
    static func judge(mode: PromptKind, maxTokens: Int = 1024) -> LLMJudge {
        let settings = LLMJudgeSettings(
            name: "openai:m", provider: .openAI, baseURL: "http://127.0.0.1:9/v1",
            parameters: GenerationParameters(model: "m", maxTokens: maxTokens), mode: mode)
        return LLMJudge(settings: settings, client: OpenAIChatClient(baseURL: "http://127.0.0.1:9/v1", apiKey: nil), transport: AsyncHTTPClientTransport.shared)
    }

    /// A rubric of 55 plan criteria and 4 subjective ones.
    static let rubric = Rubric(
        id: "day1_consultation01", encounter: "day1_consultation01",
        criteria: (1...55).map { Criterion(id: "p\($0)", section: .plan, text: "The plan states item \($0).", points: 1) }
            + (1...4).map { Criterion(id: "s\($0)", section: .subjective, text: "The note states symptom \($0).", points: 1) })

    static func plan(_ judge: LLMJudge) throws -> RunPlan {
        try RunPlan.make(
            rubrics: [rubric], notes: [Fixture.note], encounters: [Fixture.encounter.id: Fixture.encounter], judges: [judge])
    }

    @Test("a batched section of 55 criteria is asked in several requests whose estimated answers fit max_tokens")
    func aLargeSectionIsSplit() throws {
        let judge = Self.judge(mode: .batched)
        let plan = try Self.plan(judge)
        let planSection = plan.requests.filter { $0.request.criteria.first?.section == .plan }
        #expect(planSection.count > 1, "55 criteria do not fit one answer of 1,024 tokens")
        #expect(planSection.flatMap { $0.request.criteria.map(\.id) } == Self.rubric.criteria.prefix(55).map(\.id), "every criterion once, in order")
        for request in planSection {
            let estimate = try #require(judge.estimate(request.request))
            #expect(estimate.usage.output <= 1024, "\(request.request.criteria.count) criteria")
        }
        let sizes = planSection.map(\.request.criteria.count)
        #expect(sizes.max()! - sizes.min()! <= 1, "the parts are even: \(sizes)")
        let subjective = plan.requests.filter { $0.request.criteria.first?.section == .subjective }
        #expect(subjective.count == 1, "a section that fits stays one request")
        let whole = JudgeRequest(
            rubricID: Self.rubric.id, rubricVersion: 1, criteria: Array(Self.rubric.criteria.suffix(4)), note: Fixture.note,
            encounter: Fixture.encounter)
        #expect(subjective[0].key == judge.cacheKey(for: whole), "its key is the key of the whole section, as before")
        #expect(Set(plan.judgmentKeys).count == Self.rubric.criteria.count)
    }

    @Test("a larger max_tokens fits more criteria in one request")
    func theSplitFollowsMaxTokens() throws {
        let small = try Self.plan(Self.judge(mode: .batched, maxTokens: 1024)).requests.count
        let large = try Self.plan(Self.judge(mode: .batched, maxTokens: 8192)).requests.count
        #expect(large == 2, "55 criteria fit 8,192 tokens")
        #expect(small > large)
    }

    @Test("per-criterion mode is not split and its keys do not change")
    func perCriterionPlansAreUnchanged() throws {
        let judge = Self.judge(mode: .perCriterion)
        let plan = try Self.plan(judge)
        #expect(plan.requests.count == Self.rubric.criteria.count)
        for planned in plan.requests {
            #expect(planned.key == judge.cacheKey(for: planned.request))
            #expect(planned.request.criteria.count == 1)
        }
    }

    @Test("the dry-run estimate of an answer comes from the schema, by criteria asked, not from a quarter of max_tokens")
    func theOutputEstimateFollowsTheCriteria() throws {
        let perCriterion = Self.judge(mode: .perCriterion)
        let one = try #require(perCriterion.estimate(Fixture.request([Fixture.criteria[0]])))
        #expect(one.usage.output == VerdictSchema.single.estimatedOutputTokens(criteria: 1))
        #expect(one.usage.output < 1024 / 4)
        let batched = Self.judge(mode: .batched)
        let four = try #require(batched.estimate(Fixture.request(Array(Fixture.criteria.prefix(4)))))
        #expect(four.usage.output == VerdictSchema.batched.estimatedOutputTokens(criteria: 4))
        #expect(four.usage.output > one.usage.output * 3)
        #expect(Self.judge(mode: .perCriterion, maxTokens: 4096).estimate(Fixture.request([Fixture.criteria[0]]))?.usage.output == one.usage.output,
                "max_tokens bounds an answer; it does not predict it")
    }
}
