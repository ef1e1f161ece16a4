import Testing
@testable import ScribeGrade

/// The schemas judges answer in: unchanged for every first request (providers cache them as part
/// of the prompt), bounded only when asked for, and the estimates batched sections are split by.
@Suite struct VerdictSchemaTests {
    /// The single-criterion schema as every run before re-ask bounds sent it.
    static let single = #"{"type":"object","properties":{"explanation":{"type":"string"},"verdict":{"type":"string","enum":["met","not_met"]},"evidence":{"type":"object","properties":{"note":{"type":"array","items":{"type":"string"},"description":"Short verbatim quotes from the note."},"transcript":{"type":"array","items":{"type":"string"},"description":"Short verbatim quotes from the transcript."}},"required":["note","transcript"],"additionalProperties":false}},"required":["explanation","verdict","evidence"],"additionalProperties":false}"#

    @Test("the unbounded schema is byte for byte the schema earlier runs sent")
    func theUnboundedSchemaIsUnchanged() {
        #expect(VerdictSchema.single.json.compact == Self.single)
        #expect(VerdictSchema.single.json(bounds: .none) == VerdictSchema.single.json)
        #expect(VerdictSchema.batched.json(bounds: .none).compact == VerdictSchema.batched.json.compact)
    }

    @Test("a re-ask's bounds cap every evidence list and the explanation, in the single and the batched schema")
    func boundsApplyToEveryVerdict() {
        for schema in [VerdictSchema.single, .batched] {
            let text = schema.json(bounds: .reask).compact
            #expect(text.components(separatedBy: #""maxItems":3"#).count - 1 == 2, "note and transcript lists")
            #expect(text.components(separatedBy: #""maxLength":300"#).count - 1 == 1)
        }
        #expect(VerdictSchema.soapNote.json(bounds: .reask) == VerdictSchema.soapNote.json, "a note is not bounded")
    }

    @Test("answers are estimated at 90 tokens a verdict, and a batched request holds what fits three quarters of max_tokens")
    func estimatesAndFit() {
        #expect(VerdictSchema.single.estimatedOutputTokens(criteria: 1) == 100)
        #expect(VerdictSchema.batched.estimatedOutputTokens(criteria: 8) == 730)
        #expect(VerdictSchema.soapNote.estimatedOutputTokens(criteria: 1) == nil)
        #expect(VerdictSchema.criteriaFitting(maxTokens: 1024) == 8)
        #expect(VerdictSchema.criteriaFitting(maxTokens: 4096) == 34)
        #expect(VerdictSchema.criteriaFitting(maxTokens: 50) == 1, "at least one criterion a request")
    }
}
