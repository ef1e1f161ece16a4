import Foundation
import ScribeGrade

/// The simulator's scribe: answers a request in the `soap_note` schema with a note assembled
/// from the transcript block of its prompt.
///
/// Every sentence of the transcript is kept with probability 1 − omission and filed under a
/// SOAP section by its words (examination findings under Objective, impressions under
/// Assessment, treatment and follow-up under Plan, the rest under Subjective); after a kept
/// sentence an invented finding follows with probability hallucination. Draws hash the seed,
/// the model name, the transcript and the sentence's position, so a note is the same on every
/// run of one seed and two model names write different notes.
enum SimulatedScribe {
    static let objectiveCues = ["examin", "temperature", "blood pressure", "pulse", "heart rate", "saturation", "on examination", "observation", "tender", "listen to your chest"]
    static let assessmentCues = ["i think", "likely", "diagnos", "sounds like", "probably", "might be", "impression", "could be"]
    static let planCues = ["prescri", "i'll give", "i will give", "recommend", "follow up", "follow-up", "come back", "refer", "book", "arrange", "advise", "tablets", "paracetamol", "ibuprofen", "antibiotic", "if it gets worse", "if things get worse", "plan"]
    /// Facts the simulated scribe invents (none comes from a transcript).
    static let inventions = [
        "Blood pressure 162/98 measured today.", "Known type 2 diabetes on metformin 500 mg twice daily.",
        "Reports an allergy to penicillin.", "Smokes 20 cigarettes a day.", "Chest X-ray arranged for tomorrow.",
        "Temperature 39.2 C on arrival.", "Started on amoxicillin 500 mg three times daily.", "Family history of bowel cancer.",
    ]

    /// The answer JSON: `{subjective, objective, assessment, plan}`.
    static func answer(model: String, transcript: String, behaviour: ScribeBehaviour, seed: UInt64) -> JSONValue {
        var sections: [String: [String]] = [:]
        var index = 0
        for line in transcript.split(separator: "\n") {
            let content = line.firstIndex(of: ":").map { line[line.index(after: $0)...] } ?? line[...]
            // Greetings and back-channel ("Okay", "Hi there") are not note material.
            for sentence in LexicalMatcher.sentences(String(content)) where sentence.split(separator: " ").count >= 3 {
                index += 1
                guard draw(seed, model, transcript, index, "omit") >= behaviour.omission else { continue }
                let section = section(of: sentence)
                sections[section, default: []].append(sentence)
                if draw(seed, model, transcript, index, "invent") < behaviour.hallucination {
                    let pick = Int(draw(seed, model, transcript, index, "which") * Double(inventions.count)) % inventions.count
                    sections[section, default: []].append(inventions[pick])
                }
            }
        }
        return .object(SOAPNoteAnswer.sections.map { section in
            let lines = sections[section.key] ?? []
            return (section.key, .string(lines.isEmpty ? "Not documented." : lines.map { "- " + $0 }.joined(separator: "\n")))
        })
    }

    static func section(of sentence: String) -> String {
        let lowered = sentence.lowercased()
        if planCues.contains(where: lowered.contains) { return "plan" }
        if assessmentCues.contains(where: lowered.contains) { return "assessment" }
        if objectiveCues.contains(where: lowered.contains) { return "objective" }
        return "subjective"
    }

    static func draw(_ seed: UInt64, _ model: String, _ transcript: String, _ index: Int, _ purpose: String) -> Double {
        var hasher = ContentHasher()
        hasher.add(String(seed))
        hasher.add(model)
        hasher.add(transcript)
        hasher.add(String(index))
        hasher.add(purpose)
        return SimulatorEngine.uniform(hasher.hexDigest())
    }
}

extension Answer {
    /// A scribe's answer; its malformed form leaves out the plan.
    init(note: JSONValue) {
        json = note
        if case let .object(members) = note {
            malformedJSON = .object(members.filter { $0.0 != "plan" })
        } else {
            malformedJSON = note
        }
    }
}
