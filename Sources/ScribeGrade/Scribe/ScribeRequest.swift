/// The requests `scribegrade generate` asks: one per encounter, "write the SOAP note of this
/// transcript", carried through the one run engine, store and cache as a `JudgeRequest` of
/// task `.scribe`.
///
/// The request's single criterion (`note`) stands for the note to write; its `note` is the
/// empty note of the system being generated, which names the system and encounter in keys,
/// logs and the simulator's item header. Any model judge can answer it: `LLMJudge` renders it
/// from the scribe prompt (`Prompts/scribe.txt`) and reads a `SOAPNoteAnswer`.
public enum ScribeRequest {
    /// The id of the one criterion of a scribe request.
    public static let criterionID = "note"

    static let criterion = Criterion(id: criterionID, section: .any, text: "Write the SOAP note of the encounter.", points: 1)

    /// The request to write `system`'s note of `encounter`.
    public static func make(encounter: Encounter, system: String, sample: Int = 0) -> JudgeRequest {
        JudgeRequest(
            rubricID: rubricID(encounter.id), rubricVersion: 1, criteria: [criterion],
            note: Note(system: system, encounter: encounter.id, text: ""), encounter: encounter, sample: sample,
            task: .scribe)
    }

    /// The rubric id a scribe request is filed under (`scribe/<encounter>`).
    static func rubricID(_ encounter: String) -> String { "scribe/\(encounter)" }
}
