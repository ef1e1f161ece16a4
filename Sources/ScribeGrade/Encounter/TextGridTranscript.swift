/// Turns TextGrid tiers into an encounter's dialogue: every labelled interval is one utterance,
/// all speakers' utterances are merged by start time, and consecutive utterances of the same
/// speaker join into one turn (start of the first, end of the last).
///
/// PriMock57 stores one file per speaker (`<id>_doctor.TextGrid`, `<id>_patient.TextGrid`) whose
/// tier is named `Speaker`; there the speaker comes from the file. A single TextGrid holding
/// one tier per speaker is read with each tier's name as the speaker.
public enum TextGridTranscript {
    /// The encounter of per-speaker TextGrids, each contributing all its interval tiers under
    /// the given speaker. On equal start times, speakers keep the order given.
    public static func encounter(
        id: String, speakers: [(speaker: String, grid: TextGrid)], markup: TranscriptMarkup = .clean
    ) -> Encounter {
        var utterances: [Utterance] = []
        for (rank, entry) in speakers.enumerated() {
            for tier in entry.grid.intervalTiers {
                utterances += self.utterances(of: tier, speaker: entry.speaker, rank: rank, markup: markup)
            }
        }
        return Encounter(id: id, turns: merge(utterances))
    }

    /// The encounter of one TextGrid whose interval tiers are the speakers, named by the tier
    /// names (normalised by `SpeakerName`).
    public static func encounter(id: String, grid: TextGrid, markup: TranscriptMarkup = .clean) -> Encounter {
        var utterances: [Utterance] = []
        for (rank, tier) in grid.intervalTiers.enumerated() {
            utterances += self.utterances(of: tier, speaker: SpeakerName.normalise(tier.name), rank: rank, markup: markup)
        }
        return Encounter(id: id, turns: merge(utterances))
    }

    struct Utterance {
        var speaker: String
        var start: Double
        var end: Double
        var text: String
        var rank: Int
        var order: Int
    }

    static func utterances(of tier: TextGrid.Tier, speaker: String, rank: Int, markup: TranscriptMarkup) -> [Utterance] {
        tier.intervals.enumerated().compactMap { order, interval in
            markup.apply(interval.text).map {
                Utterance(speaker: speaker, start: interval.start, end: interval.end, text: $0, rank: rank, order: order)
            }
        }
    }

    static func merge(_ utterances: [Utterance]) -> [Turn] {
        let sorted = utterances.sorted {
            ($0.start, $0.rank, $0.order) < ($1.start, $1.rank, $1.order)
        }
        var turns: [Turn] = []
        for utterance in sorted {
            if var last = turns.last, last.speaker == utterance.speaker {
                last.text += " " + utterance.text
                last.end = max(last.end ?? utterance.end, utterance.end)
                turns[turns.count - 1] = last
            } else {
                turns.append(Turn(speaker: utterance.speaker, text: utterance.text, start: utterance.start, end: utterance.end))
            }
        }
        return turns
    }
}
