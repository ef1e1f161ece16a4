import Foundation

/// The parsers that read untrusted input — rubric YAML, notes, transcripts, verdict and rating
/// files, JSON — driven on raw bytes the way `scribegrade` and the service drive them, with the
/// invariants each must keep on any input.
///
/// The libFuzzer targets in `Fuzz/` call `check` on every input they generate and trap when it
/// returns a violation; `FuzzRegressionTests` calls it on every input that once crashed a target
/// or broke an invariant (`Tests/ScribeGradeTests/Fixtures/FuzzRegressions/<target>/`). A parser
/// rejecting its input with diagnostics is a correct outcome; trapping, hanging, or breaking an
/// invariant below is not.
///
/// Invariants, per target:
/// - every: each diagnostic names a file the input was read as, a 1-based line and column when
///   it has them, and a message;
/// - `rubric`: a rubric that loads, written by `RubricWriter`, loads back equal (positions aside);
/// - `notes`: every note has a system, an encounter and text; note sections start on a line of
///   the note;
/// - `transcript`: every encounter has turns; one written by `JSONTranscript.encode` reads back
///   equal up to millisecond rounding of its times;
/// - `ratings`: verdicts written by `ExpertRatingsWriter` read back equal;
/// - `json`: what the strict `LocatedJSONParser` accepts, `JSONValue` accepts as the same value;
///   a `JSONValue` written compact or pretty parses back equal.
public enum FuzzEntryPoints {
    public enum Target: String, Sendable, CaseIterable {
        /// Rubric YAML, loaded as `scribegrade validate DIR` and `POST /api/rubrics` load it. The
        /// bytes before the first NUL are `rubrics/rubric.yaml`; the bytes after it, if any,
        /// `rubrics/common/fragment.yaml`, which the rubric may include.
        case rubric
        /// A notes JSONL file, a `.json` note and a `.txt` note, each then split into sections
        /// and statements.
        case notes
        /// The bytes as a `.txt`, `.json` and `.TextGrid` transcript, and as a PriMock57 pair
        /// of per-speaker TextGrids.
        case transcript
        /// Clinician verdicts as CSV and JSONL, and long-format ratings CSV on every scale.
        case ratings
        /// JSON as `LocatedJSONParser` (transcripts), `JSONValue` (provider bodies) and
        /// `VerdictParser` (judge answers) read it.
        case json
    }

    /// Runs `target` on `data` and returns the invariants it broke, empty when all held. Each
    /// names the invariant and where, never the input's text.
    public static func check(_ target: Target, _ data: Data) -> [String] {
        var checker = Checker()
        switch target {
        case .rubric: rubric(data, &checker)
        case .notes: notes(data, &checker)
        case .transcript: transcript(data, &checker)
        case .ratings: ratings(data, &checker)
        case .json: json(data, &checker)
        }
        return checker.violations
    }

    /// The body of a libFuzzer `LLVMFuzzerTestOneInput`: runs `target` on the `size` bytes at
    /// `data` and traps, naming the broken invariants, when `check` finds any, so libFuzzer
    /// saves the input as a crash.
    public static func fuzz(_ target: Target, _ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        let violations = check(target, Data(bytes: data, count: size))
        if !violations.isEmpty {
            fatalError("\(target.rawValue): invariant broken: \(violations.joined(separator: "; "))")
        }
        return 0
    }

    /// The broken invariants found while running one input.
    struct Checker {
        var violations: [String] = []

        mutating func fail(_ message: String) {
            violations.append(message)
        }

        /// Every diagnostic is in one of `files` (a path the input was read as), at a 1-based
        /// position, with a message.
        mutating func located(_ diagnostics: [Diagnostic], in files: Set<String>) {
            for diagnostic in diagnostics {
                let location = diagnostic.location
                if !files.contains(Paths.normalize(location.file)) {
                    fail("diagnostic names file '\(location.file)', not one of \(files.sorted())")
                }
                if let line = location.line, line < 1 { fail("diagnostic at line \(line) in \(location.file)") }
                if let column = location.column, column < 1 { fail("diagnostic at column \(column) in \(location.file)") }
                if diagnostic.message.isEmpty { fail("diagnostic without a message at \(location)") }
            }
        }

        /// Runs `body`, checking the diagnostics of an `InputError` it throws; any other error
        /// is a violation (parsers throw only `InputError`).
        mutating func parse<T>(_ what: String, files: Set<String>, _ body: () throws -> T) -> T? {
            do {
                return try body()
            } catch let error as InputError {
                if error.diagnostics.isEmpty { fail("\(what): InputError without diagnostics") }
                located(error.diagnostics, in: files)
                return nil
            } catch {
                fail("\(what): threw \(type(of: error)), not InputError")
                return nil
            }
        }
    }

    // MARK: - Rubrics

    static let rubricDirectory = "rubrics"
    static let rubricPath = "rubrics/rubric.yaml"
    static let fragmentPath = "rubrics/common/fragment.yaml"

    static func rubric(_ data: Data, _ checker: inout Checker) {
        var files = [rubricPath: data]
        if let separator = data.firstIndex(of: 0) {
            files[rubricPath] = data[..<separator]
            files[fragmentPath] = data[data.index(after: separator)...]
        }
        let load = RubricLoader(files: BytesFileSource(files)).load([rubricDirectory])
        checker.located(load.diagnostics, in: Set(files.keys).union([rubricDirectory]))
        for rubric in load.rubrics {
            guard let path = rubric.path else {
                checker.fail("rubric '\(rubric.id)' loaded without its path")
                continue
            }
            var rewritten = files
            rewritten[path] = Data(RubricWriter.yaml(rubric).utf8)
            let again = RubricLoader(files: BytesFileSource(rewritten)).load([path])
            guard again.errors.isEmpty, again.rubrics.count == 1 else {
                let first = again.errors.first.map { " (first: \($0.location): \($0.message))" } ?? ""
                checker.fail("rubric '\(rubric.id)' written by RubricWriter does not load back: \(again.errors.count) errors\(first)")
                continue
            }
            let difference = differences(rubric, again.rubrics[0])
            if !difference.isEmpty {
                checker.fail("rubric '\(rubric.id)' written by RubricWriter loads back different: \(difference.joined(separator: ", "))")
            }
        }
    }

    /// The fields in which two rubrics differ, source positions aside.
    static func differences(_ a: Rubric, _ b: Rubric) -> [String] {
        var fields: [String] = []
        if a.id != b.id { fields.append("id") }
        if a.encounter != b.encounter { fields.append("encounter") }
        if a.version != b.version { fields.append("version") }
        if a.title != b.title { fields.append("title") }
        if a.source != b.source { fields.append("source") }
        if a.includes != b.includes { fields.append("includes") }
        if a.criteria.count != b.criteria.count { fields.append("number of criteria \(a.criteria.count) → \(b.criteria.count)") }
        for (x, y) in zip(a.criteria, b.criteria) {
            var unplaced = (x, y)
            unplaced.0.location = nil
            unplaced.1.location = nil
            if unplaced.0 != unplaced.1 { fields.append("criterion '\(x.id)'") }
        }
        return fields
    }

    // MARK: - Notes

    static func notes(_ data: Data, _ checker: inout Checker) {
        let jsonl = "notes.jsonl", json = "notes/a/encounter.json", text = "notes/b/encounter.txt"
        let loader = NotesLoader(files: BytesFileSource([jsonl: data, json: data, text: data]))
        if let notes = checker.parse("notes JSONL", files: [jsonl], { try loader.load(jsonl) }) {
            check(notes, &checker)
        }
        if let notes = checker.parse("notes folder", files: ["notes", json, text], { try loader.load("notes") }) {
            check(notes, &checker)
        }
    }

    static func check(_ notes: [Note], _ checker: inout Checker) {
        for note in notes {
            if note.system.isEmpty || note.encounter.isEmpty { checker.fail("note without a system or encounter") }
            if note.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { checker.fail("empty note \(note.id) loaded") }
            let lines = note.text.split(separator: "\n", omittingEmptySubsequences: false).count
            for section in note.sections where !(1...lines).contains(section.line) {
                checker.fail("note \(note.id): section at line \(section.line) of \(lines)")
            }
            let statements = StatementSet.split(note)
            if Set(statements.criteria.map(\.id)).count != statements.criteria.count {
                checker.fail("note \(note.id): statement ids repeat")
            }
        }
    }

    // MARK: - Transcripts

    static func transcript(_ data: Data, _ checker: inout Checker) {
        let paths = ["transcripts/encounter.txt", "transcripts/encounter.json", "transcripts/encounter.TextGrid"]
        let doctor = "transcripts/pair_doctor.TextGrid", patient = "transcripts/pair_patient.TextGrid"
        var files = Dictionary(uniqueKeysWithValues: paths.map { ($0, data) })
        files[doctor] = data
        files[patient] = data
        let loader = EncounterLoader(files: BytesFileSource(files))
        for path in paths {
            if let encounter = checker.parse(path, files: [path], { try loader.loadFile(path) }) {
                check(encounter, from: path, &checker)
            }
        }
        if let encounter = checker.parse("TextGrid pair", files: [doctor, patient], {
            try loader.loadSpeakerPair(id: "pair", doctor: doctor, patient: patient)
        }) {
            // A pair of grids with no labelled interval has no turns; nothing else to check.
            if !encounter.turns.isEmpty { check(encounter, from: doctor, &checker) }
        }
    }

    static func check(_ encounter: Encounter, from path: String, _ checker: inout Checker) {
        if encounter.turns.isEmpty, !path.hasSuffix(".TextGrid") {
            checker.fail("\(path): encounter without turns loaded")
        }
        for (index, turn) in encounter.turns.enumerated() {
            if let start = turn.start, let end = turn.end, end < start {
                checker.fail("\(path): turn \(index + 1) ends before it starts")
            }
        }
        // Importers write transcripts with `encode`; what they write must read back. Speakers
        // are compared as `parse` normalises them.
        let written = JSONTranscript.encode(encounter)
        let readable = encounter.turns.allSatisfy { turn in
            !turn.speaker.trimmingCharacters(in: .whitespaces).isEmpty
                && [turn.start, turn.end].allSatisfy { $0.map { $0.isFinite && $0 >= 0 } ?? true }
        }
        guard readable, !encounter.turns.isEmpty, !encounter.id.isEmpty else { return }
        let again: Encounter
        do {
            again = try JSONTranscript.parse(written, id: encounter.id, path: "encoded.json")
        } catch {
            let place = (error as? InputError)?.diagnostics.first.map { "\($0.location)" } ?? "\(type(of: error))"
            checker.fail("\(path): transcript written by JSONTranscript.encode does not read back (error at \(place))")
            return
        }
        guard again.turns.count == encounter.turns.count else {
            checker.fail("\(path): \(encounter.turns.count) turns written, \(again.turns.count) read back")
            return
        }
        for (index, (a, b)) in zip(encounter.turns, again.turns).enumerated() {
            let close = { (x: Double?, y: Double?) -> Bool in
                switch (x, y) {
                case (nil, nil): return true
                case let (x?, y?): return abs(x - y) <= 0.0005 + abs(x) * 1e-12
                default: return false
                }
            }
            if SpeakerName.normalise(a.speaker) != b.speaker || a.text != b.text || !close(a.start, b.start) || !close(a.end, b.end) {
                checker.fail("\(path): turn \(index + 1) written by JSONTranscript.encode reads back different")
            }
        }
    }

    // MARK: - Verdicts and ratings

    static func ratings(_ data: Data, _ checker: inout Checker) {
        for path in ["verdicts.csv", "verdicts.jsonl"] {
            guard let text = checker.parse(path, files: [path], { try LocalFileSource.text(of: data, path: path) }) else { continue }
            guard let ratings = checker.parse(path, files: [path], { try ExpertRatingsParser.parse(text, path: path) }) else { continue }
            // The writer's cells are read back trimmed; cells that could start a spreadsheet
            // formula may be written neutralised. Round-trip the rest.
            let plain = ratings.filter { rating in
                [rating.system, rating.encounter, rating.rubric ?? "a", rating.criterion, rating.rater].allSatisfy { field in
                    field.unicodeScalars.first.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) } ?? false
                }
            }
            guard !plain.isEmpty else { continue }
            let written = ExpertRatingsWriter.csv(plain)
            guard let again = checker.parse("written \(path)", files: ["written.csv"], { try ExpertRatingsParser.parse(written, path: "written.csv") }) else {
                checker.fail("\(path): verdicts written by ExpertRatingsWriter do not read back")
                continue
            }
            let unsourced = { (ratings: [ExpertRating]) in ratings.map { var rating = $0; rating.source = nil; return rating } }
            if unsourced(again) != unsourced(plain) {
                checker.fail("\(path): verdicts written by ExpertRatingsWriter read back different")
            }
        }
        let path = "ratings.csv"
        guard let text = try? LocalFileSource.text(of: data, path: path) else { return }
        for scale in RatingScale.allCases {
            if let table = checker.parse("ratings (\(scale.rawValue))", files: [path], { try RatingsCSV.read(text, path: path, scale: scale) }),
               table.units.isEmpty {
                checker.fail("ratings (\(scale.rawValue)): a table without units read")
            }
        }
    }

    // MARK: - JSON

    static func json(_ data: Data, _ checker: inout Checker) {
        let lenient = try? JSONValue(parsing: data)
        if let lenient {
            for (style, text) in [("compact", lenient.compact), ("pretty", lenient.pretty)] where lenient.isFinite {
                guard let again = try? JSONValue(parsing: text) else {
                    checker.fail("JSONValue written \(style) does not parse")
                    continue
                }
                if again != lenient { checker.fail("JSONValue written \(style) parses back different") }
            }
        }
        if let text = String(data: data, encoding: .utf8) {
            let path = "body.json"
            // LocatedJSONParser skips a byte-order mark (files); JSONValue (HTTP bodies) does not.
            if let strict = checker.parse("LocatedJSONParser", files: [path], { try LocatedJSONParser.parse(text, path: path) }),
               !data.starts(with: [0xEF, 0xBB, 0xBF]) {
                if let lenient {
                    if !same(strict.value, lenient) { checker.fail("LocatedJSONParser and JSONValue read the same text differently") }
                } else {
                    checker.fail("JSONValue rejects JSON that LocatedJSONParser accepts")
                }
            }
            for schema in [VerdictSchema.single, .batched] {
                let parser = VerdictParser(
                    schema: schema, criterionIDs: ["c1", "c2"], note: "Diarrhoea for three days.",
                    transcript: "doctor: How long have you had diarrhoea? patient: Three days.")
                let parsed = parser.parse(text)
                if parsed.results.isEmpty, parsed.problems.isEmpty { checker.fail("VerdictParser (\(schema.rawValue)): neither results nor problems") }
            }
        }
    }

    /// Whether the two parsers' values agree (numbers compared as doubles).
    static func same(_ located: LocatedJSON, _ value: JSONValue) -> Bool {
        switch (located, value) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .int(b)): return a == Double(b)
        case let (.number(a), .double(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a.count == b.count && zip(a, b).allSatisfy { same($0.value, $1) }
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.0 && same($0.value.value, $1.1) }
        default: return false
        }
    }
}

extension JSONValue {
    /// Whether every number in the value is finite (a non-finite one is written as `null`).
    var isFinite: Bool {
        switch self {
        case let .double(d): return d.isFinite
        case let .array(items): return items.allSatisfy(\.isFinite)
        case let .object(members): return members.allSatisfy { $0.1.isFinite }
        default: return true
        }
    }
}

/// Files held in memory as bytes and decoded as `LocalFileSource` decodes a file's bytes, so a
/// fuzz input reaches the parsers exactly as a file on disk would.
struct BytesFileSource: FileSource {
    var files: [String: Data]

    init(_ files: [String: Data]) {
        self.files = files
    }

    func read(_ path: String) throws -> String {
        guard let data = files[Paths.normalize(path)] else { throw InputError("no such file", at: SourceLocation(file: path)) }
        return try LocalFileSource.text(of: data, path: path)
    }

    func files(in directory: String) throws -> [String] {
        entries(in: directory).filter { files[$0] != nil }
    }

    func directories(in directory: String) throws -> [String] {
        entries(in: directory).filter { files[$0] == nil }
    }

    func isDirectory(_ path: String) -> Bool {
        let prefix = Paths.normalize(path) + "/"
        return files.keys.contains { $0.hasPrefix(prefix) }
    }

    func exists(_ path: String) -> Bool {
        files[Paths.normalize(path)] != nil || isDirectory(path)
    }

    /// The files and directories directly inside `directory`, sorted.
    private func entries(in directory: String) -> [String] {
        let prefix = Paths.normalize(directory) + "/"
        var names: Set<String> = []
        for path in files.keys where path.hasPrefix(prefix) {
            names.insert(prefix + (path.dropFirst(prefix.count).split(separator: "/").first.map(String.init) ?? ""))
        }
        return names.sorted()
    }
}
