import Foundation
import ScribeGrade

/// How a simulated scribe model writes notes: the share of the transcript's sentences it
/// leaves out, and how often it adds a fact nobody said.
public struct ScribeBehaviour: Sendable, Hashable {
    /// Probability that each sentence of the transcript is left out of the note.
    public var omission: Double
    /// Probability that an invented finding follows a sentence kept in the note.
    public var hallucination: Double

    public init(omission: Double = 0.2, hallucination: Double = 0.05) {
        self.omission = min(max(omission, 0), 1)
        self.hallucination = min(max(hallucination, 0), 1)
    }

    /// The behaviour of a model named in no `--scribe` option.
    public static let `default` = ScribeBehaviour()

    /// Parses `MODEL:omission=R,hallucination=R` (`simulate --scribe`), either rate optional.
    ///
    /// - Throws: `InputError` naming `--scribe` for a missing model, an unknown key or a rate
    ///   outside [0, 1].
    public static func parse(_ text: String) throws -> (model: String, behaviour: ScribeBehaviour) {
        let location = SourceLocation(file: "--scribe")
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
            throw InputError("scribe '\(text)' must be MODEL:omission=RATE,hallucination=RATE", at: location)
        }
        let model = String(text[..<colon])
        var behaviour = ScribeBehaviour.default
        for entry in text[text.index(after: colon)...].split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let rate = Double(parts[1]), rate >= 0, rate <= 1 else {
                throw InputError("scribe '\(model)': '\(entry)' must be omission=RATE or hallucination=RATE with RATE in [0, 1]", at: location)
            }
            switch parts[0] {
            case "omission": behaviour.omission = rate
            case "hallucination": behaviour.hallucination = rate
            default: throw InputError("scribe '\(model)': unknown key '\(parts[0])'; expected omission or hallucination", at: location)
            }
        }
        return (model, behaviour)
    }
}

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

/// How the simulator decides criteria that its truth table does not hold.
public enum SimulatedVerdicts: String, Sendable, Hashable, CaseIterable {
    /// By hash: met or not met with equal chance, deterministic per seed (the default).
    case hash
    /// By the lexical baseline's rule on the note block and the criterion text of the prompt,
    /// so a note that holds more of the transcript meets more criteria (for ranking simulated
    /// scribes); criteria whose text the prompt does not show are decided by hash.
    case lexical

    /// The lexical verdict on `criterion` of the request, or nil when its text is not in the prompt.
    static func lexical(_ criterion: String, request: SimulatedRequest) -> Verdict? {
        guard let note = request.block("note"), let (text, penalty) = criterionText(criterion, in: request.userText) else { return nil }
        return BaselineJudge().verdict(on: Criterion(id: criterion, text: text, points: penalty ? -1 : 1), note: note)
    }

    /// The `Criterion: …` line following `Criterion id: ID` in a ScribeGrade prompt, and whether
    /// the penalty line sits between them.
    static func criterionText(_ id: String, in text: String) -> (text: String, penalty: Bool)? {
        var found = false
        var penalty = false
        for raw in text.split(separator: "\n") {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("- ") { line = String(line.dropFirst(2)) }
            if line.hasPrefix("Criterion id: ") {
                if found { return nil }
                found = line.dropFirst("Criterion id: ".count).trimmingCharacters(in: .whitespaces) == id
            } else if found, line.hasPrefix("This criterion is a penalty") {
                penalty = true
            } else if found, line.hasPrefix("Criterion: ") {
                return (String(line.dropFirst("Criterion: ".count)), penalty)
            }
        }
        return nil
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
