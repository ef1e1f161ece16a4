import Testing
@testable import ScribeGrade

@Suite struct ClosestMatchTests {
    static let keys = ["id", "section", "text", "points", "critical", "tags", "parent"]

    @Test(arguments: [
        ("point", "points"), ("Points", "points"), ("txt", "text"), ("tag", "tags"), ("critcal", "critical"),
        ("criticla", "critical"), ("sectoin", "section"), ("parnet", "parent"), ("ID", "id"),
    ])
    func closeMisspellingsFindTheKey(_ word: String, _ expected: String) {
        #expect(ClosestMatch.find(word, in: Self.keys) == expected)
    }

    @Test(arguments: ["weight", "author", "description", "x", "categories"])
    func unrelatedWordsFindNothing(_ word: String) {
        #expect(ClosestMatch.find(word, in: Self.keys) == nil)
    }

    @Test func adjacentSwapsCostOneEdit() {
        #expect(ClosestMatch.editDistance(Array("titel"), Array("title")) == 1)
        #expect(ClosestMatch.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(ClosestMatch.editDistance(Array(""), Array("abc")) == 3)
    }
}
