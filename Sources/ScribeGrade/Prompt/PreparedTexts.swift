import Synchronization

/// What every request about one note shares: the data-block tag of its transcript and note,
/// and both texts normalised for evidence checks.
///
/// Computing these reads the whole transcript and note (a hash, a search and a normalisation),
/// the largest cost of rendering a prompt and parsing its answer; a note's criteria all share
/// them, so they are computed once per note (see `PreparedTextsCache`).
public struct PreparedTexts: Sendable {
    public let tag: String
    public let note: EvidenceChecker
    public let transcript: EvidenceChecker
    /// The shared part (transcript and note blocks) of each template rendered for these texts,
    /// by template hash: the same for every criterion of the note, so rendered once.
    private let sharedParts = SharedParts()

    public init(note: String, transcript: String) {
        tag = DataBlockTag.choose(for: [transcript, note])
        self.note = EvidenceChecker(text: note)
        self.transcript = EvidenceChecker(text: transcript)
    }

    /// The shared part of `template` for these texts: rendered by `render` the first time, and
    /// every time when the part uses a name other than the tag, the transcript and the note.
    func sharedPart(of template: PromptTemplate, render: () -> String) -> String {
        guard template.shared.names.isSubset(of: PromptRenderer.textNames) else { return render() }
        if let done = sharedParts.rendered.withLock({ $0[template.hash] }) { return done }
        let made = render()
        sharedParts.rendered.withLock { $0[template.hash] = made }
        return made
    }

    private final class SharedParts: Sendable {
        let rendered = Mutex<[String: String]>([:])
    }
}

/// The prepared texts of the notes most recently asked about.
///
/// A run asks about a note's criteria together, so a short list of recent notes holds every note
/// with requests in flight. Lookups compare the texts themselves; texts taken from one `Note`
/// share storage, which makes the comparison cheap.
public final class PreparedTextsCache: Sendable {
    struct Entry {
        var note: String
        var transcript: String
        var prepared: PreparedTexts
    }

    private let recent = Mutex<[Entry]>([])
    public let capacity: Int

    public init(capacity: Int = 64) {
        self.capacity = capacity
    }

    public func prepared(note: String, transcript: String) -> PreparedTexts {
        let hit = recent.withLock { entries in
            entries.first { $0.note == note && $0.transcript == transcript }?.prepared
        }
        if let hit { return hit }
        let made = PreparedTexts(note: note, transcript: transcript)
        recent.withLock { entries in
            entries.insert(Entry(note: note, transcript: transcript, prepared: made), at: 0)
            if entries.count > capacity { entries.removeLast(entries.count - capacity) }
        }
        return made
    }
}
