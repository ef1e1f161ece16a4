import Foundation

/// A clinician's rating of a whole note on one dimension (`quality`, `omission_rate`, …): the
/// note-level ground truth a judge's note score is compared with.
public struct NoteRating: Sendable, Hashable, Codable {
    public var system: String
    public var encounter: String
    public var rater: String
    public var dimension: String
    /// The value as a number on the dimension's declared scale (see ``NoteRatingScale``).
    public var value: Double
    /// The probability with which this note was drawn for rating; `nil` = a simple random
    /// sample of the rated notes.
    public var inclusionProbability: Double?
    /// The ``RatingSource/id`` of the file it came from.
    public var source: String

    public init(
        system: String, encounter: String, rater: String, dimension: String, value: Double,
        inclusionProbability: Double? = nil, source: String
    ) {
        self.system = system
        self.encounter = encounter
        self.rater = rater
        self.dimension = dimension
        self.value = value
        self.inclusionProbability = inclusionProbability
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case system, encounter, rater, dimension, value, source
        case inclusionProbability = "inclusion_probability"
    }
}

/// Where stored ratings came from: a file, named as given, and the SHA-256 of its content.
/// Its `id`, `<file name>@<first 12 hex digits>`, names it in `ratings list`, `ratings delete`
/// and every calibration that uses it.
public struct RatingSource: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var hash: String

    public init(file: String, hash: String) {
        self.file = file
        self.hash = hash
    }

    /// The source of `text` read from `path`.
    public init(path: String, text: String) {
        self.init(file: path, hash: ContentHasher.hex(text))
    }

    public var id: String { "\((file as NSString).lastPathComponent)@\(hash.prefix(12))" }
    public var description: String { id }
}

/// A note-level rating file read: its source, the scales of its dimensions and its ratings.
public struct NoteRatingsFile: Sendable, Hashable {
    public var source: RatingSource
    public var scales: [String: NoteRatingScale]
    public var ratings: [NoteRating]

    public init(source: RatingSource, scales: [String: NoteRatingScale], ratings: [NoteRating]) {
        self.source = source
        self.scales = scales
        self.ratings = ratings
    }
}

/// Which kind of rating file a header announces.
public enum RatingFileLevel: String, Sendable, Hashable, Codable {
    /// `system,encounter,rater,dimension,value`: whole notes rated on dimensions.
    case note
    /// `system,encounter,criterion,rater,verdict` (optional `rubric`): verdicts per criterion.
    case criterion

    /// The level of a CSV file's header: note level when it names `dimension` and `value`.
    public static func of(header: [String]) -> RatingFileLevel {
        header.contains("dimension") && header.contains("value") ? .note : .criterion
    }

    /// The level of the rating file `text` (read from `path`); JSON Lines are criterion-level.
    public static func of(_ text: String, path: String) throws -> RatingFileLevel {
        if FieldRecords.isJSONLines(path) { return .criterion }
        let firstLine = text.prefix { $0 != "\n" }
        return of(header: try CSVTable(parsing: String(firstLine), path: path).header)
    }
}
