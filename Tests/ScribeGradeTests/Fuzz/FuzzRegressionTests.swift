import Foundation
import Testing
@testable import ScribeGrade

/// Every input the fuzzers (`Fuzz/`) found crashing a parser or breaking one of its invariants,
/// kept under `Fixtures/FuzzRegressions/<target>/` and run through the same entry point as the
/// fuzz target, `FuzzEntryPoints.check`: each must come back — with a value or with
/// diagnostics — keeping every invariant.
@Suite struct FuzzRegressionTests {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/FuzzRegressions")

    /// One kept input: the target folder it is in and its file name.
    struct Input: Sendable, CustomTestStringConvertible {
        var target: String
        var file: String
        var testDescription: String { "\(target)/\(file)" }
    }

    static let inputs: [Input] = {
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return folders.sorted().flatMap { folder in
            let files = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            return files.filter { !$0.hasPrefix(".") }.sorted().map { Input(target: folder, file: $0) }
        }
    }()

    @Test("a kept fuzz input goes through its target and keeps every invariant", arguments: inputs)
    func keptInputKeepsInvariants(_ input: Input) throws {
        let target = try #require(FuzzEntryPoints.Target(rawValue: input.target), "folder '\(input.target)' is not a fuzz target")
        let data = try Data(contentsOf: Self.root.appendingPathComponent(input.target).appendingPathComponent(input.file))
        #expect(FuzzEntryPoints.check(target, data) == [])
    }

    @Test func everyRegressionFolderIsAFuzzTargetWithInputs() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.root.path).filter { !$0.hasPrefix(".") }
        #expect(!folders.isEmpty)
        for folder in folders {
            #expect(FuzzEntryPoints.Target(rawValue: folder) != nil, "folder '\(folder)' is not a fuzz target")
            #expect(Self.inputs.contains { $0.target == folder }, "folder '\(folder)' holds no input")
        }
    }

    @Test func theSeedsOfEveryTargetKeepTheirInvariants() throws {
        // The fixtures the fuzzers are seeded with: a quick check that the invariants hold on
        // real input, so a fuzz run's first crash is a finding and not a broken harness.
        let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
        let seeds: [(FuzzEntryPoints.Target, String)] = [
            (.rubric, "rubrics/valid/day1_consultation01.yaml"),
            (.transcript, "import/primock57/transcripts/day1_consultation01_doctor.TextGrid"),
            (.ratings, "calibration/note_statements_excerpt.csv"),
        ]
        for (target, path) in seeds {
            let data = try Data(contentsOf: fixtures.appendingPathComponent(path))
            #expect(FuzzEntryPoints.check(target, data) == [], "\(target.rawValue): \(path)")
        }
    }

    @Test func theRubricTargetReadsTheBytesAfterANulAsAFragmentTheRubricIncludes() throws {
        let rubric = "id: rubric\nencounter: e1\ninclude: [common/fragment.yaml]\ncriteria:\n  - id: a\n    text: Documents the cough.\n    points: 2\n"
        let fragment = "criteria:\n  - id: b\n    text: States the plan.\n    points: -1\n"
        let load = RubricLoader(files: BytesFileSource([
            FuzzEntryPoints.rubricPath: Data(rubric.utf8), FuzzEntryPoints.fragmentPath: Data(fragment.utf8),
        ])).load([FuzzEntryPoints.rubricDirectory])
        #expect(load.errors == [])
        #expect(load.rubrics.map { $0.criteria.map(\.id) } == [["b", "a"]])
        #expect(FuzzEntryPoints.check(.rubric, Data((rubric + "\0" + fragment).utf8)) == [])
    }

    @Test func transcriptTimesBeyondMillisecondsAreWrittenAsJSONThatReadsBack() throws {
        for seconds in [1e15, 1e19, 1e20, 1.5e300, Double.greatestFiniteMagnitude] {
            let encounter = Encounter(id: "e1", turns: [Turn(speaker: "doctor", text: "Hello.", start: 0.25, end: seconds)])
            let again = try JSONTranscript.parse(JSONTranscript.encode(encounter), id: "e1", path: "e1.json")
            #expect(again.turns.first?.end == seconds)
        }
    }
}
