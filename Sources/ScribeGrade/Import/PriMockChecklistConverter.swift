import Foundation

/// Converts PriMock57's clinician checklists (`checklists.csv`) into rubrics: one per
/// consultation and author, id `<consultation>_<author>`.
///
/// The rules, chosen after reading all 1,493 rows:
/// - **Weights**: `critical` items are worth 2 points and marked `critical: true`;
///   `non-critical` items 1 point. `irrelevant` items are left out, and so are the rows that
///   refine them (a detail of an irrelevant fact is irrelevant too).
/// - **Headings**: a depth-0 row with empty criticality whose text is a known heading
///   (`ChecklistHeading`: PC/HPC, PMH, DH, SH, FH, o/e, SEXUAL HISTORY, …, any case) sets the
///   section, tag and label of the rows under it. Rows before the first heading are the
///   introduction (credentials, identity checks): section `any`, tag `introduction`.
///   Any other row with empty criticality (PriMock57 has "eczema" at depth 0 and
///   "building up anxiety" at depth 1) is kept as a non-critical item, with a warning.
/// - **Parents**: a row's parent is the nearest row above it with a smaller depth — the
///   outline the clinician wrote. Clinician 2 leaves `parent_no` empty throughout; where
///   `parent_no` is given and names another row (four rows in PriMock57, all of which read
///   correctly only under the outline parent), the outline wins and a warning names the line.
///   A row under a heading has no parent criterion.
/// - **Text**: a refinement is made self-contained by prefixing its parent chain
///   ("3days" under "Diarrhoea" becomes "Diarrhoea: 3 days"). A refinement that starts with a
///   joining word ("and DOB", "or weakness", "in arms or legs") continues the text above it
///   with a space; others follow a colon, then commas. Under a labelled heading the label leads
///   and refinements go in parentheses: "Past medical history: Asthma (well controlled)".
///   A number glued to its unit is spaced ("1hour" → "1 hour"); trailing commas are dropped.
/// - **Ids**: `c` + the zero-padded `item_no` + a slug of the root item's first three words and
///   the row's own text, at most six words, e.g. `c003-diarrhoea-3-days`,
///   `c015-pain-in-lower-left`: stable as long as the row's number and text are.
public struct PriMockChecklistConverter: Sendable {
    public var criticalPoints: Double
    public var nonCriticalPoints: Double

    public init(criticalPoints: Double = 2, nonCriticalPoints: Double = 1) {
        self.criticalPoints = criticalPoints
        self.nonCriticalPoints = nonCriticalPoints
    }

    public struct Output: Sendable {
        public var rubrics: [Rubric]
        /// Odd rows that were converted by a rule rather than read as written.
        public var warnings: [Diagnostic]
        /// Rows left out: irrelevant items and their refinements.
        public var omittedRows: Int
        /// Heading rows read.
        public var headingRows: Int
        /// For each rubric id, the first and last CSV line of its rows.
        public var lines: [String: ClosedRange<Int>]
    }

    public static let columns = ["consultation", "author", "item_no", "depth", "parent_no", "text", "criticality"]

    public func convert(_ table: CSVTable) throws -> Output {
        try table.require(columns: Self.columns)
        var order: [String] = []
        var groups: [String: [CSVTable.Row]] = [:]
        var errors: [Diagnostic] = []
        for row in table.rows {
            let consultation = (row["consultation"] ?? "").trimmingCharacters(in: .whitespaces)
            let author = (row["author"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !consultation.isEmpty, !author.isEmpty else {
                errors.append(.error("consultation and author must not be empty", at: SourceLocation(file: table.path, line: row.line)))
                continue
            }
            let key = "\(consultation)_\(author)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(row)
        }
        var output = Output(rubrics: [], warnings: [], omittedRows: 0, headingRows: 0, lines: [:])
        for key in order {
            let rows = groups[key]!
            do {
                if let rubric = try convertGroup(id: key, rows: rows, path: table.path, output: &output) {
                    output.rubrics.append(rubric)
                    output.lines[key] = rows.first!.line...rows.last!.line
                }
            } catch let error as InputError {
                errors += error.diagnostics
            }
        }
        guard errors.isEmpty else { throw InputError(errors) }
        return output
    }

    private struct Node {
        enum Kind {
            case heading
            case item(id: String, chain: [String])
            case omitted
        }

        var depth: Int
        var itemNumber: String
        var kind: Kind
    }

    private func convertGroup(id: String, rows: [CSVTable.Row], path: String, output: inout Output) throws -> Rubric? {
        let consultation = rows[0]["consultation"]!.trimmingCharacters(in: .whitespaces)
        let author = rows[0]["author"]!.trimmingCharacters(in: .whitespaces)
        var errors: [Diagnostic] = []
        var criteria: [Criterion] = []
        var heading = ChecklistHeading.introduction
        var stack: [Node] = []
        var seenItems: Set<String> = []

        for row in rows {
            let location = SourceLocation(file: path, line: row.line)
            let itemNumber = (row["item_no"] ?? "").trimmingCharacters(in: .whitespaces)
            let parentNumber = (row["parent_no"] ?? "").trimmingCharacters(in: .whitespaces)
            let criticality = (row["criticality"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            let text = Self.clean(row["text"] ?? "")
            guard let number = Int(itemNumber), number > 0 else {
                errors.append(.error("item_no must be a positive whole number", at: location)); continue
            }
            guard seenItems.insert(itemNumber).inserted else {
                errors.append(.error("item_no \(itemNumber) appears twice in the checklist of \(consultation) by \(author)", at: location)); continue
            }
            guard let depth = Int((row["depth"] ?? "").trimmingCharacters(in: .whitespaces)), depth >= 0 else {
                errors.append(.error("depth must be a whole number ≥ 0", at: location)); continue
            }
            guard ["critical", "non-critical", "irrelevant", ""].contains(criticality) else {
                errors.append(.error("criticality must be critical, non-critical, irrelevant or empty", at: location)); continue
            }
            guard !text.isEmpty else {
                errors.append(.error("text is empty", at: location)); continue
            }

            while let top = stack.last, top.depth >= depth { stack.removeLast() }
            if depth == 0, criticality.isEmpty, let named = ChecklistHeading.named(text) {
                heading = named
                output.headingRows += 1
                stack = [Node(depth: 0, itemNumber: itemNumber, kind: .heading)]
                continue
            }
            let parent = stack.last
            if !parentNumber.isEmpty, parentNumber != parent?.itemNumber {
                let outline = parent.map { "item \($0.itemNumber), the row it sits under" } ?? "no parent (it is at the top of the outline)"
                output.warnings.append(.warning("parent_no \(parentNumber) disagrees with the outline; using \(outline)", at: location))
            }
            if depth > 0, parent == nil {
                output.warnings.append(.warning("depth \(depth) row with no row above it; treated as a top-level item", at: location))
            }
            if case .omitted = parent?.kind {
                output.omittedRows += 1
                stack.append(Node(depth: depth, itemNumber: itemNumber, kind: .omitted))
                continue
            }
            if criticality == "irrelevant" {
                output.omittedRows += 1
                stack.append(Node(depth: depth, itemNumber: itemNumber, kind: .omitted))
                continue
            }
            if criticality.isEmpty {
                output.warnings.append(.warning("row has no criticality and is not a known heading; kept as a non-critical item", at: location))
            }
            var chain: [String] = []
            var parentID: String? = nil
            if case let .item(id, parentChain)? = parent?.kind {
                chain = parentChain
                parentID = id
            }
            chain.append(text)
            let composed = Self.compose(chain, label: heading.label)
            // The id names the root item (first three words) and the row's own text.
            let idText = chain.count == 1 ? text : chain[0].split(separator: " ").prefix(3).joined(separator: " ") + " " + text
            let criterionID = Slug.identifier("c", number, idText)
            let critical = criticality == "critical"
            criteria.append(Criterion(
                id: criterionID, section: heading.section, text: composed,
                points: critical ? criticalPoints : nonCriticalPoints, critical: critical,
                tags: heading.tag.map { [$0] } ?? [], parent: parentID, location: location))
            stack.append(Node(depth: depth, itemNumber: itemNumber, kind: .item(id: criterionID, chain: chain)))
        }
        guard errors.isEmpty else { throw InputError(errors) }
        guard !criteria.isEmpty else {
            output.warnings.append(.warning("checklist of \(consultation) by \(author) has no relevant items; no rubric written", at: SourceLocation(file: path, line: rows[0].line)))
            return nil
        }
        let clinician = author.replacingOccurrences(of: "_", with: " ")
        return Rubric(
            id: id, encounter: consultation, version: 1,
            title: "\(consultation): consultation checklist by \(clinician)",
            source: "PriMock57 consultation checklist by \(clinician) (babylonhealth/primock57; Savkov et al., EMNLP 2022), CC BY 4.0",
            criteria: criteria)
    }

    /// Words that continue the text of the row above instead of starting a new detail.
    static let joiningWords: Set<String> = [
        "and", "or", "nor", "but", "in", "on", "at", "for", "with", "without", "as", "to", "of",
        "from", "when", "whilst", "while", "after", "before", "since", "due", "especially", "then",
        "so", "who", "which", "that", "because", "than", "if", "via", "by", "into",
    ]

    /// The self-contained text of a row from its chain of ancestors' texts and its own.
    static func compose(_ chain: [String], label: String?) -> String {
        var segments: [String] = []
        for part in chain {
            let firstWord = part.split(separator: " ").first.map { $0.lowercased() } ?? ""
            if !segments.isEmpty, joiningWords.contains(firstWord) {
                segments[segments.count - 1] += " " + part
            } else {
                segments.append(part)
            }
        }
        let head = segments[0]
        let rest = segments.dropFirst()
        let text: String
        if let label {
            text = "\(label): \(head)" + (rest.isEmpty ? "" : " (\(rest.joined(separator: ", ")))")
        } else {
            text = head + (rest.isEmpty ? "" : ": " + rest.joined(separator: ", "))
        }
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// Units a checklist author may glue to a number ("3days", "1hour", "5lbs", "200mg").
    static let units: Set<String> = [
        "day", "days", "week", "weeks", "wk", "wks", "hour", "hours", "hr", "hrs", "min", "mins",
        "minute", "minutes", "month", "months", "year", "years", "yr", "yrs", "lb", "lbs", "kg",
        "mg", "ml", "g",
    ]

    /// Trimmed, spaces collapsed, trailing `,;:` dropped, glued number+unit spaced.
    static func clean(_ text: String) -> String {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
        words = words.flatMap { word -> [String] in
            guard let firstLetter = word.firstIndex(where: { $0.isLetter }), firstLetter > word.startIndex else { return [word] }
            let number = word[..<firstLetter]
            let unit = word[firstLetter...]
            guard number.allSatisfy({ $0.isNumber || $0 == "." }), number.first!.isNumber,
                  units.contains(String(unit).lowercased()) else { return [word] }
            return [String(number), String(unit)]
        }
        var joined = words.joined(separator: " ")
        while let last = joined.last, ",;:".contains(last) { joined.removeLast() }
        return joined.trimmingCharacters(in: .whitespaces)
    }
}
