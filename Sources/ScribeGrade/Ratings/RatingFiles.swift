import Foundation

/// Rating files read for import or calibration, each kept apart as its own source so ratings
/// are never pooled without saying so: note-level files (`dimension`, `value` columns) on the
/// declared scales, criterion-level files in today's format.
public struct RatingFiles: Sendable {
    public var noteLevel: [NoteRatingsFile] = []
    public var criterionLevel: [(source: RatingSource, ratings: [ExpertRating])] = []

    public init() {}

    /// Reads every file; the problems of all files are reported at once.
    public init(paths: [String], scales: [String: NoteRatingScale], source reader: any FileSource = LocalFileSource()) throws {
        var diagnostics: [Diagnostic] = []
        for path in paths {
            do {
                let text = try reader.read(path)
                switch try RatingFileLevel.of(text, path: path) {
                case .note:
                    noteLevel.append(try NoteRatingsParser.parse(text, path: path, scales: scales))
                case .criterion:
                    let source = RatingSource(path: path, text: text)
                    let ratings = try ExpertRatingsParser.parse(text, path: path).map { rating in
                        var rating = rating
                        rating.source = source.id
                        return rating
                    }
                    criterionLevel.append((source, ratings))
                }
            } catch let error as InputError {
                diagnostics += error.diagnostics
            }
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
    }

    /// The ids of every source read, in file order.
    public var sourceIDs: [String] { noteLevel.map(\.source.id) + criterionLevel.map(\.source.id) }
}

/// Which ratings a calibration used, so no report pools sources without saying so.
public struct RatingsUsed: Sendable, Hashable, Codable {
    public struct Source: Sendable, Hashable, Codable {
        public var id: String
        public var level: RatingFileLevel
        public var raters: [String]
        public var ratings: Int
    }

    public var sources: [Source]

    public init(sources: [Source]) {
        self.sources = sources
    }

    /// The sources of note-level and criterion-level ratings, each with its raters and count.
    public init(noteRatings: [NoteRating], criterionRatings: [ExpertRating]) {
        var byID: [String: (level: RatingFileLevel, raters: Set<String>, count: Int)] = [:]
        for r in noteRatings {
            byID[r.source, default: (.note, [], 0)].raters.insert(r.rater)
            byID[r.source]!.count += 1
        }
        for r in criterionRatings {
            let id = r.source ?? "unknown"
            byID[id, default: (.criterion, [], 0)].raters.insert(r.rater)
            byID[id]!.count += 1
        }
        sources = byID.keys.sorted().map { id in
            let entry = byID[id]!
            return Source(id: id, level: entry.level, raters: entry.raters.sorted(), ratings: entry.count)
        }
    }

    /// `Ratings used: a.csv@0123456789ab (criterion level; raters dr1, dr2; 184 ratings)`.
    public var line: String {
        "Ratings used: " + sources.map { "\($0.id) (\($0.level.rawValue) level; rater\($0.raters.count == 1 ? "" : "s") \($0.raters.joined(separator: ", ")); \($0.ratings) rating\($0.ratings == 1 ? "" : "s"))" }
            .joined(separator: ", ")
    }
}

/// Aligned text tables for the ratings commands, laid out as the grade report's.
public enum RatingsTable {
    /// `rows` (the first is the header) aligned in columns; `rightAligned` columns are numbers.
    public static func text(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        GradeReport.align(rows, rightAligned: rightAligned).joined(separator: "\n") + "\n"
    }
}
