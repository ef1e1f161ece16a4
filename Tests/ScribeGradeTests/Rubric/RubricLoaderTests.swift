import Testing
@testable import ScribeGrade

@Suite struct RubricLoaderTests {
    @Test func directoriesAreSearchedRecursivelyAndFragmentsAreNotRubrics() {
        let set = RubricFixtures.path("loader/set")
        let load = RubricLoader().load([set])
        #expect(load.rubrics.map(\.id) == ["r1", "r2"])
        #expect(load.rubricFileCount == 3)
        #expect(load.criterionCount == 1 + 3 + 1)
        #expect(load.fragmentPaths == ["\(set)/shared.yaml"])
        #expect(load.diagnostics.map(\.description) == [
            "\(set)/sub/bad.yaml:6:13: error: points must be a non-zero number in [-10, 10]",
        ])
        #expect(load.rubrics[1].criteria.map(\.id) == ["shared-plan", "b", "c"])
        #expect(throws: InputError.self) { try load.validRubrics() }
    }

    @Test func duplicateRubricIdsAcrossFilesPointAtTheSecond() {
        let a = RubricFixtures.path("loader/dup-a/same.yaml")
        let b = RubricFixtures.path("loader/dup-b/same.yaml")
        let load = RubricLoader().load([RubricFixtures.path("loader/dup-a"), RubricFixtures.path("loader/dup-b")])
        #expect(load.diagnostics.map(\.description) == ["\(b):1:5: error: duplicate rubric id 'same'; first defined in \(a):1:5"])
        #expect(load.rubrics.map(\.path) == [a])
    }

    @Test func allFilesAreCheckedAndEveryErrorReportedAtOnce() throws {
        let directory = RubricFixtures.path("errors")
        let load = RubricLoader().load([directory])
        let paths = try LocalFileSource().files(in: directory)
        let oneByOne = paths.flatMap { RubricDecoder().check(fileAt: $0).diagnostics }
        #expect(paths.count == 20)
        #expect(load.rubricFileCount == 20)
        #expect(load.rubrics.isEmpty)
        #expect(Set(load.errors.map(\.location.file)) == Set(paths))
        #expect(Set(load.diagnostics) == Set(oneByOne))
        #expect(load.errors.count == 53)
    }

    @Test func aValidSetLoadsWithoutDiagnostics() throws {
        let load = RubricLoader().load([RubricFixtures.path("valid"), RubricFixtures.path("common")])
        #expect(load.diagnostics.map(\.description) == [])
        #expect(try load.validRubrics().map(\.id) == ["day1_consultation01"])
        #expect(load.criterionCount == 5)
        #expect(load.fragmentPaths == [RubricFixtures.path("common/soap-quality.yaml")])
    }

    @Test func missingPathsAndEmptyDirectoriesAreErrors() {
        let files = InMemoryFileSource(["empty/readme.txt": "no rubrics here"])
        let load = RubricLoader(files: files).load(["nowhere", "empty"])
        #expect(load.diagnostics.map(\.description) == [
            "nowhere: error: no such file or directory",
            "empty: error: no rubric files (*.yaml, *.yml) in this directory",
        ])
    }

    @Test func aPathNamedTwiceIsLoadedOnce() {
        let files = InMemoryFileSource(["r/a.yaml": "id: a\nencounter: e\ncriteria:\n  - {id: x, text: X., points: 1}\n"])
        let load = RubricLoader(files: files).load(["r", "r/a.yaml", "./r/a.yaml"])
        #expect(load.rubrics.map(\.id) == ["a"])
        #expect(load.diagnostics.isEmpty)
    }

    @Test func aFragmentSharedByManyRubricsReportsItsErrorsOnce() {
        var contents = ["r/shared.yaml": "criteria:\n  - {id: s, text: S., points: 11}\n"]
        for name in ["a", "b", "c"] {
            contents["r/\(name).yaml"] = "id: \(name)\nencounter: e\ninclude: [shared.yaml]\ncriteria:\n  - {id: x, text: X., points: 1}\n"
        }
        let load = RubricLoader(files: InMemoryFileSource(contents)).load(["r"])
        #expect(load.diagnostics.map(\.description) == ["r/shared.yaml:2:31: error: points must be a non-zero number in [-10, 10]"])
        #expect(load.rubricFileCount == 3)
    }

    @Test func fragmentsAreCheckedForDuplicateIdsAndParentsOnTheirOwn() {
        let files = InMemoryFileSource([
            "r/shared.yaml": "criteria:\n  - {id: s, text: S., points: 1}\n  - {id: s, parent: t, text: T., points: 1}\n",
        ])
        let load = RubricLoader(files: files).load(["r"])
        #expect(load.diagnostics.map(\.description) == [
            "r/shared.yaml:3:10: error: duplicate criterion id 's'; first defined at line 2",
            "r/shared.yaml:3:21: error: parent 't' is not the id of any criterion",
        ])
        #expect(load.rubricFileCount == 0)
    }
}
