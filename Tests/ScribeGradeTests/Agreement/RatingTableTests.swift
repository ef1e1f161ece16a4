import Testing
@testable import ScribeGrade

@Suite struct RatingTableTests {
    @Test func keepsUnitsAndRatersInFirstAppearanceOrderAndSortsLabels() throws {
        var builder = try RatingTable.Builder(scale: .nominal)
        try builder.add(unit: "b", rater: "judge", value: .label("not_met"))
        try builder.add(unit: "a", rater: "clinician", value: .label("met"))
        try builder.add(unit: "a", rater: "judge", value: .label("10"))
        try builder.add(unit: "b", rater: "clinician", value: .label("2"))
        let table = builder.build()
        #expect(table.units == ["b", "a"])
        #expect(table.raters == ["judge", "clinician"])
        // Code-point order, as Python's sorted(): "10" < "2" < "met" < "not_met".
        #expect(table.labels == [.label("10"), .label("2"), .label("met"), .label("not_met")])
        #expect(table.label(unit: 0, rater: 0) == 3)
        #expect(table.label(unit: 1, rater: 1) == 2)
    }

    @Test func sortsNumericLabelsByValueAndTreatsEqualNumbersAsOneLabel() throws {
        var builder = try RatingTable.Builder(scale: .ordinal)
        try builder.add(unit: "u1", rater: "a", value: .label("10"))
        try builder.add(unit: "u1", rater: "b", value: .label("2"))
        try builder.add(unit: "u2", rater: "a", value: .label("2.0"))
        try builder.add(unit: "u2", rater: "b", value: .label("-0.5e1"))
        let table = builder.build()
        #expect(table.labels == [.number(-5), .number(2), .number(10)])
        #expect(table.labelValues == [-5, 2, 10])
        #expect(table.label(unit: 0, rater: 1) == table.label(unit: 1, rater: 0))
    }

    @Test func rejectsASecondRatingOfTheSameUnitByTheSameRater() throws {
        var builder = try RatingTable.Builder(scale: .nominal)
        try builder.add(unit: "u1", rater: "a", value: .label("met"))
        try builder.add(unit: "u2", rater: "a", value: .label("met"))
        #expect(throws: RatingTable.BuildError.duplicate(existing: 1)) {
            try builder.add(unit: "u2", rater: "a", value: .label("not_met"))
        }
    }

    @Test func rejectsLabelsAndNonFiniteNumbersOnNumericScales() throws {
        var builder = try RatingTable.Builder(scale: .interval)
        #expect(throws: RatingTable.BuildError.notNumeric) {
            try builder.add(unit: "u1", rater: "a", value: .label("met"))
        }
        #expect(throws: RatingTable.BuildError.notNumeric) {
            try builder.add(unit: "u1", rater: "a", value: .label("nan"))
        }
        #expect(throws: RatingTable.BuildError.notNumeric) {
            try builder.add(unit: "u1", rater: "a", value: .number(.infinity))
        }
    }

    @Test func declaredLabelsBelongToTheTableEvenUnused() throws {
        var builder = try RatingTable.Builder(scale: .nominal, labels: [.label("not_met"), .label("met")])
        try builder.add(unit: "u1", rater: "a", value: .label("met"))
        let table = builder.build()
        #expect(table.labels == [.label("met"), .label("not_met")])
    }

    @Test func rejectsMovingAUnitToAnotherCluster() throws {
        var builder = try RatingTable.Builder(scale: .nominal)
        try builder.add(unit: "u1", rater: "a", value: .label("met"), cluster: "encounter-1")
        #expect(throws: RatingTable.BuildError.clusterMismatch(existing: "encounter-1")) {
            try builder.add(unit: "u1", rater: "b", value: .label("met"), cluster: "encounter-2")
        }
    }

    @Test func reweightingCountsEachUnitAsOftenAsItsClusterWasDrawn() throws {
        let table = try AgreementFixtures.table(
            [[1, 2], [2, 2], [3, 3]], scale: .ordinal, clusters: ["e1", "e1", "e2"])
        #expect(table.clusters == ["e1", "e2"])
        #expect(table.unitClusters == [0, 0, 1])
        #expect(table.reweighted(byClusterDraws: [0, 2]).weights == [0, 0, 2])
        #expect(table.weights == [1, 1, 1])
    }

    @Test func pairsFollowRaterOrderAndKeepOnlyUnitsBothRated() throws {
        let table = try AgreementFixtures.table([[1, nil, 3], [2, 2, nil], [3, 3, 3]], scale: .ordinal)
        #expect(table.raters == ["r0", "r2", "r1"])  // r2 rated the first unit, r1 did not
        #expect(table.raterPairs.map { [$0.a, $0.b] } == [[0, 1], [0, 2], [1, 2]])
        let pair = table.pair(0, 2)  // r0 and r1
        #expect(pair.units == [1, 2])
        #expect(pair.x == [1, 2])
        #expect(pair.y == [1, 2])
        #expect(table.pair(0, 1).units == [0, 2])
        #expect(table.ratingsPerUnit == [2, 2, 3])
        #expect(!table.isComplete)
    }
}
