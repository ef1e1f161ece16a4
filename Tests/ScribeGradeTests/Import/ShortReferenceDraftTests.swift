import Foundation
import Testing

@testable import ScribeGrade

/// `rubric draft` on short references such as MTS-Dialog's sections.
@Suite struct ShortReferenceDraftTests {
    func texts(_ reference: String) throws -> [String] {
        try ReferenceNoteDrafter().draft(reference: reference, encounter: "e").criteria.map(\.text)
    }

    @Test func aReferenceWithoutAFinalPeriodIsDraftedNotRejected() throws {
        #expect(try texts("Non-contributory") == ["Non-contributory."])
        #expect(try texts("Noncontributory") == ["Noncontributory."])
    }

    @Test func abbreviationsDecimalsAndInitialsDoNotEndASentence() {
        let cases: [(String, Int)] = [
            ("He is a patient of Dr. Smith. He was stung.", 2),
            ("Seen by Mr. Jones and Mrs. Brown. Ms. Lee agreed.", 2),
            ("Avoid triggers, e.g. Pollen. Take it, i.e. Daily.", 2),
            ("Warfarin vs. Apixaban was discussed. She chose one.", 2),
            ("Lives on St. Mark Street. Works nights.", 2),
            ("Takes it at 8 a.m. Daily and at 6 p.m. Before dinner. No side effects.", 2),
            ("Creatinine 0.2 mg/dL. TSH 0.004 today.", 2),
            ("Seen by J. R. Smith yesterday. Better now.", 2),
            ("Room No. 4 was used. He left.", 2),
        ]
        for (text, count) in cases {
            #expect(SentenceSplitter.sentences(text).count == count, "\(text) → \(SentenceSplitter.sentences(text))")
        }
    }

    @Test func anInlineNumberedListGivesOneCriterionPerItemWithoutStrayNumbers() throws {
        #expect(try texts("1.  Bipolar disorder. 2.  Iron deficiency anemia. 3.  Anxiety disorder.")
            == ["Bipolar disorder.", "Iron deficiency anemia.", "Anxiety disorder."])
    }

    @Test func aSentenceListingSeveralFactsGivesOneCriterionPerFact() throws {
        #expect(try texts("Family history is remarkable for heart disease, cerebrovascular disease, diabetes, and hypertension.") == [
            "Family history is remarkable for heart disease.", "Family history is remarkable for cerebrovascular disease.",
            "Family history is remarkable for diabetes.", "Family history is remarkable for hypertension.",
        ])
        #expect(try texts("Partial colon resection of colon carcinoma in 1961 with no recurrence, cholecystectomy 10 years ago, appendectomy, and glaucoma surgery.") == [
            "Partial colon resection of colon carcinoma in 1961 with no recurrence.", "Cholecystectomy 10 years ago.",
            "Appendectomy.", "Glaucoma surgery.",
        ])
        // Adjectives sharing one noun are one fact.
        #expect(try texts("No visual, hearing, or swallowing difficulties.") == ["No visual, hearing, or swallowing difficulties."])
    }
}
