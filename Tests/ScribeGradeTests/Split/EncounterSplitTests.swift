import Foundation
import Testing
@testable import ScribeGrade

@Suite struct EncounterSplitTests {
    static let encounters = (1...40).map { String(format: "e%02d", $0) }

    @Test func theSameSeedGivesTheSameSplitAndEveryEncounterFallsInOnePart() {
        let a = EncounterSplit.make(encounters: Self.encounters.shuffled(), devShare: 0.3, seed: 9)
        let b = EncounterSplit.make(encounters: Self.encounters, devShare: 0.3, seed: 9)
        #expect(a == b, "input order does not matter")
        #expect(a.encounters(in: .dev).count == 12)
        #expect(a.encounters(in: .dev).union(a.encounters(in: .test)) == Set(Self.encounters))
        #expect(a.encounters(in: .dev).isDisjoint(with: a.encounters(in: .test)))
        let other = EncounterSplit.make(encounters: Self.encounters, devShare: 0.3, seed: 10)
        #expect(other.encounters(in: .dev) != a.encounters(in: .dev))
    }

    @Test func eachStratumIsDividedInTheDevShare() {
        // 30 encounters of one specialty, 10 of another: unstratified, the small one could land
        // wholly in one part; stratified, each part holds half of each.
        let strata = Dictionary(uniqueKeysWithValues: Self.encounters.enumerated().map { ($1, $0 < 30 ? "gp" : "cardio") })
        let split = EncounterSplit.make(encounters: Self.encounters, devShare: 0.5, seed: 3, strata: strata, stratifiedBy: "s.csv")
        let dev = split.encounters(in: .dev)
        #expect(dev.filter { strata[$0] == "gp" }.count == 15)
        #expect(dev.filter { strata[$0] == "cardio" }.count == 5)
        #expect(split.stratifiedBy == "s.csv")
    }

    @Test func theFileReadsBackAndABadOneSaysWhatItShouldBe() throws {
        let split = EncounterSplit.make(encounters: Self.encounters, devShare: 0.5, seed: 1)
        #expect(try SplitFile.parse(SplitFile.json(split), path: "split.json") == split)
        #expect {
            _ = try SplitFile.parse("{\"encounters\": {\"e1\": \"train\"}}", path: "split.json")
        } throws: { error in
            (error as? InputError)?.diagnostics.first?.description.hasPrefix("split.json: error: not a split file") == true
        }
    }
}
