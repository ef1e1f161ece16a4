import Testing
@testable import ScribeGrade

@Suite struct RubricIncludeTests {
    @Test func nestedIncludesMergeDepthFirstBeforeTheRubricsOwnCriteria() throws {
        let path = RubricFixtures.path("includes/nested.yaml")
        let check = RubricDecoder().check(fileAt: path)
        #expect(check.diagnostics.map(\.description) == [])
        let rubric = try #require(check.rubric)
        #expect(rubric.criteria.map(\.id) == ["inner", "outer", "own"])
        #expect(rubric.criteria.map(\.location?.file) == [
            RubricFixtures.path("includes/nested/inner.yaml"),
            RubricFixtures.path("includes/nested/outer.yaml"),
            path,
        ])
        #expect(rubric.includes == ["nested/outer.yaml"])
        #expect(rubric.criterion("inner")?.section == .plan)
    }

    @Test func includeCycleIsNamedAtTheEntryThatClosesIt() {
        let a = RubricFixtures.path("includes/fragments/cycle-a.yaml")
        let b = RubricFixtures.path("includes/fragments/cycle-b.yaml")
        #expect(RubricFixtures.diagnostics("includes/cycle.yaml") == [
            "\(b):1:11: error: include cycle: \(a) -> \(b) -> \(a)",
        ])
    }

    @Test func missingIncludeIsReportedAtItsEntryAndTheOthersStillMerge() {
        let check = RubricDecoder().check(fileAt: RubricFixtures.path("includes/missing.yaml"))
        #expect(check.diagnostics.map(\.description) == RubricFixtures.lines("includes/missing.yaml", [
            "3:11: error: included file 'fragments/nope.yaml' not found (looked for \(RubricFixtures.path("includes/fragments/nope.yaml")))",
        ]))
        #expect(check.criterionCount == 3)
    }

    @Test func duplicateIdsAcrossIncludedFilesNameTheFirstFile() {
        #expect(RubricFixtures.diagnostics("includes/duplicate-across.yaml") == RubricFixtures.lines("includes/duplicate-across.yaml", [
            "5:9: error: duplicate criterion id 'soap-plan-present'; first defined at \(RubricFixtures.path("common/soap-quality.yaml")):5",
        ]))
    }

    @Test func includingARubricRatherThanAFragmentIsAnErrorAtTheInclude() {
        #expect(RubricFixtures.diagnostics("includes/includes-rubric.yaml") == RubricFixtures.lines("includes/includes-rubric.yaml", [
            "3:11: error: included file '../valid/day1_consultation01.yaml' is a rubric (it has an id or encounter); include only fragments, which hold title, source, include and criteria",
        ]))
    }

    @Test func aCycleIsReportedOnceWhicheverFileItIsFoundFrom() {
        let a = RubricFixtures.path("includes/fragments/cycle-a.yaml")
        let b = RubricFixtures.path("includes/fragments/cycle-b.yaml")
        let load = RubricLoader().load([RubricFixtures.path("includes/cycle.yaml"), b, a])
        #expect(load.diagnostics.map(\.description) == ["\(b):1:11: error: include cycle: \(a) -> \(b) -> \(a)"])
        #expect(load.fragmentPaths == [b, a])
    }

    @Test func versionInAnIncludeFileIsRejected() {
        let files = InMemoryFileSource([
            "r.yaml": Self.rubricHead + "include: [shared.yaml]\ncriteria:\n  - {id: a, text: A., points: 1}\n",
            "shared.yaml": "version: 2\ncriteria: []\n",
        ])
        #expect(RubricDecoder(files: files).check(fileAt: "r.yaml").diagnostics.map(\.description) == [
            "shared.yaml:1:1: error: 'version' is not allowed in an include file, which holds only title, source, include and criteria",
        ])
    }

    @Test func anEmptyIncludeFileIsAnError() {
        let files = InMemoryFileSource([
            "r.yaml": Self.rubricHead + "include: [shared.yaml]\ncriteria:\n  - {id: a, text: A., points: 1}\n",
            "shared.yaml": "# nothing yet\n",
        ])
        #expect(RubricDecoder(files: files).check(fileAt: "r.yaml").diagnostics.map(\.description) == [
            "shared.yaml:1:1: error: include file is empty; expected key criteria",
        ])
    }

    // The same behaviour through an in-memory FileSource, with relative paths.

    static let rubricHead = "id: r\nencounter: e\n"

    @Test func selfIncludeIsACycle() {
        let files = InMemoryFileSource(["rubrics/r.yaml": Self.rubricHead + "include: [r.yaml]\ncriteria:\n  - {id: a, text: A thing., points: 1}\n"])
        let check = RubricDecoder(files: files).check(fileAt: "rubrics/r.yaml")
        #expect(check.diagnostics.map(\.description) == ["rubrics/r.yaml:3:11: error: include cycle: rubrics/r.yaml -> rubrics/r.yaml"])
    }

    @Test func aFragmentReachedTwiceIsMergedOnce() throws {
        let files = InMemoryFileSource([
            "rubrics/r.yaml": Self.rubricHead + "include: [shared/a.yaml, shared/b.yaml]\ncriteria:\n  - {id: own, text: Own., points: 1}\n",
            "rubrics/shared/a.yaml": "include: [common.yaml]\ncriteria:\n  - {id: a, text: A., points: 1}\n",
            "rubrics/shared/b.yaml": "include: [./common.yaml, ../shared/common.yaml]\ncriteria:\n  - {id: b, text: B., points: 1}\n",
            "rubrics/shared/common.yaml": "criteria:\n  - {id: common, text: Common., points: 1}\n",
        ])
        let rubric = try RubricDecoder(files: files).decode(fileAt: "rubrics/r.yaml")
        #expect(rubric.criteria.map(\.id) == ["common", "a", "b", "own"])
    }

    @Test func errorsInsideAnIncludedFileAreReportedThereAlongsideTheRubrics() {
        let files = InMemoryFileSource([
            "r.yaml": Self.rubricHead + "include: [shared.yaml]\ncriteria:\n  - {id: a, text: A., points: 0}\n",
            "shared.yaml": "criteria:\n  - id: s\n    text: S.\n    point: 1\n",
        ])
        let check = RubricDecoder(files: files).check(fileAt: "r.yaml")
        #expect(check.diagnostics.map(\.description) == [
            "r.yaml:5:31: error: points must be a non-zero number in [-10, 10]",
            "shared.yaml:2:5: error: criterion 's' is missing required key 'points'",
            "shared.yaml:4:5: error: unknown key 'point'; did you mean 'points'?",
        ])
    }

    @Test func includeMustBeAListOfPaths() {
        let files = InMemoryFileSource(["r.yaml": Self.rubricHead + "include: shared.yaml\ncriteria:\n  - {id: a, text: A., points: 1}\n"])
        #expect(RubricDecoder(files: files).check(fileAt: "r.yaml").diagnostics.map(\.description) == [
            "r.yaml:3:10: error: include must be a list of file paths, e.g. [../common/soap-quality.yaml]",
        ])
    }

    @Test func aDirectoryIsNotAnIncludeFile() {
        let files = InMemoryFileSource([
            "r.yaml": Self.rubricHead + "include: [shared]\ncriteria:\n  - {id: a, text: A., points: 1}\n",
            "shared/x.yaml": "criteria: []\n",
        ])
        #expect(RubricDecoder(files: files).check(fileAt: "r.yaml").diagnostics.map(\.description) == [
            "r.yaml:3:11: error: included path 'shared' is a directory, not a file",
        ])
    }

    @Test func parentsMayReferToIncludedCriteria() throws {
        let files = InMemoryFileSource([
            "r.yaml": Self.rubricHead + "include: [shared.yaml]\ncriteria:\n  - {id: a, parent: s, text: A., points: 1}\n",
            "shared.yaml": "criteria:\n  - {id: s, text: S., points: 1}\n",
        ])
        let rubric = try RubricDecoder(files: files).decode(fileAt: "r.yaml")
        #expect(rubric.criterion("a")?.parent == "s")
    }
}
