import Foundation
import Testing
import ScribeGrade
@testable import ScribeGradeProviders

/// A small local model can loop inside a string or a list until `max_tokens`, which at a few
/// tokens a second outlasts the timeout: against llama-server with default settings, 20 of 30
/// requests of a 55-criterion note were cancelled at 60 s and the run never finished. A server
/// on this machine that compiles the schema to a grammar gets the answer's bounds from the
/// first request on, so a loop ends at the bound.
@Suite struct BoundedFirstAnswerTests {
    static let prompt = PromptRenderer(template: .builtIn(.perCriterion)).render(Fixture.request([Fixture.criteria[0]]))

    static func schema(_ client: OpenAIChatClient, _ call: ProviderCall) -> String {
        client.body(for: call)["response_format"]?["json_schema"]?["schema"]?.compact ?? ""
    }

    @Test("an OpenAI-compatible judge on this machine bounds its first answers; OpenAI's API and Anthropic do not")
    func localOpenAICompatibleServersBoundFirstAnswers() {
        let parameters = GenerationParameters(model: "m")
        #expect(LLMJudgeSettings(name: "l", provider: .openAI, baseURL: "http://127.0.0.1:8080/v1", parameters: parameters).boundsFirstAnswers)
        #expect(LLMJudgeSettings(name: "l", provider: .openAI, baseURL: "http://localhost:11434/v1", parameters: parameters).boundsFirstAnswers)
        #expect(!LLMJudgeSettings(name: "o", provider: .openAI, parameters: parameters).boundsFirstAnswers)
        #expect(!LLMJudgeSettings(name: "a", provider: .anthropic, baseURL: "http://127.0.0.1:8080", parameters: parameters).boundsFirstAnswers)
    }

    @Test("a bounded first request carries maxItems and maxLength to a local server, and nothing to OpenAI's own API")
    func aBoundedFirstRequestCarriesTheBoundsWhereTheyAreEnforced() {
        let call = ProviderCall(prompt: Self.prompt, parameters: GenerationParameters(model: "m"), bounded: true)
        let local = OpenAIChatClient(baseURL: "http://127.0.0.1:8080/v1", apiKey: nil)
        #expect(Self.schema(local, call).contains("\"maxItems\":3") && Self.schema(local, call).contains("\"maxLength\":300"))
        #expect(Self.schema(OpenAIChatClient(apiKey: nil), call) == Self.prompt.schema.json.compact)
        #expect(LLMJudge.sentBounds(call, client: local))
        #expect(!LLMJudge.sentBounds(call, client: OpenAIChatClient(apiKey: nil)))
    }

    @Test("the judge's fingerprint says whether first answers are bounded, so bounded and unbounded answers are not mixed")
    func boundingChangesTheFingerprintOnlyWhereItApplies() {
        let parameters = GenerationParameters(model: "m")
        let client = OpenAIChatClient(baseURL: "http://127.0.0.1:8080/v1", apiKey: nil)
        func judge(_ bounded: Bool) -> LLMJudge {
            LLMJudge(
                settings: LLMJudgeSettings(
                    name: "l", provider: .openAI, baseURL: "http://127.0.0.1:8080/v1", parameters: parameters, boundsFirstAnswers: bounded),
                client: client, transport: AsyncHTTPClientTransport.shared)
        }
        #expect(judge(true).fingerprint != judge(false).fingerprint)
    }
}
