/// What a checklist heading row ("PC/HPC", "PMH", "o/e", "SOCIAL HISTORY") means for the items
/// under it: their SOAP section, a tag, and a label that makes terse items self-contained.
public struct ChecklistHeading: Sendable, Hashable {
    public var section: SOAPSection
    /// The tag every item under the heading carries, e.g. `pmh`, `drug-history`.
    public var tag: String?
    /// Prefixed to the items' text (`Past medical history: Asthma`), or `nil` where the items
    /// read well alone (the presenting complaint, the introduction).
    public var label: String?

    public init(section: SOAPSection, tag: String?, label: String?) {
        self.section = section
        self.tag = tag
        self.label = label
    }

    /// Introduction items (credentials, identity and privacy checks) concern the consultation
    /// more than the note; they may appear anywhere and are tagged so scores can leave them out.
    public static let introduction = ChecklistHeading(section: .any, tag: "introduction", label: nil)

    /// Known headings by their `NoteSectionizer.normalise`d text.
    public static let known: [String: ChecklistHeading] = {
        var map: [String: ChecklistHeading] = [:]
        func add(_ names: [String], _ heading: ChecklistHeading) {
            for name in names { map[name] = heading }
        }
        add(["pc hpc", "pc", "hpc", "presenting complaint", "history of presenting complaint", "history of presenting illness"],
            ChecklistHeading(section: .subjective, tag: "presenting-complaint", label: nil))
        add(["pmh", "past medical history", "previous medical history", "medical history"],
            ChecklistHeading(section: .subjective, tag: "pmh", label: "Past medical history"))
        add(["dh", "drug history", "medications", "medication"],
            ChecklistHeading(section: .subjective, tag: "drug-history", label: "Drug history"))
        add(["allergies", "allergy"], ChecklistHeading(section: .subjective, tag: "allergies", label: "Allergies"))
        add(["sh", "social history"], ChecklistHeading(section: .subjective, tag: "social-history", label: "Social history"))
        add(["fh", "family history"], ChecklistHeading(section: .subjective, tag: "family-history", label: "Family history"))
        add(["sexual history"], ChecklistHeading(section: .subjective, tag: "sexual-history", label: "Sexual history"))
        add(["general history"], ChecklistHeading(section: .subjective, tag: "general-history", label: "General history"))
        add(["systems review", "review of systems", "ros"],
            ChecklistHeading(section: .subjective, tag: "systems-review", label: "Systems review"))
        add(["ice", "ideas concerns expectations", "ideas concerns and expectations"],
            ChecklistHeading(section: .subjective, tag: "ice", label: "Ideas, concerns and expectations"))
        add(["exam", "examination", "o e", "oe", "on examination"],
            ChecklistHeading(section: .objective, tag: "examination", label: "Examination"))
        add(["impression", "imp", "diagnosis", "assessment", "impression diagnosis"],
            ChecklistHeading(section: .assessment, tag: "impression", label: "Impression"))
        add(["plan", "management", "plan management"], ChecklistHeading(section: .plan, tag: "plan", label: "Plan"))
        // "WHAT YOU TOLD US" titles one clinician's checklist, above its introduction items.
        add(["introduction", "intro", "doctor intro", "doctor introduction", "what you told us"], introduction)
        // An empty trailing "comment" heading: items under one (none in PriMock57) may go anywhere.
        add(["comment", "comments"], ChecklistHeading(section: .any, tag: nil, label: nil))
        return map
    }()

    /// The heading a checklist row's text names, or `nil` if it is not a known heading.
    public static func named(_ text: String) -> ChecklistHeading? {
        known[NoteSectionizer.normalise(text)]
    }
}
