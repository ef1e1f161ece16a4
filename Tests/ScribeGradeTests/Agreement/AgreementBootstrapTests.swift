import Testing
@testable import ScribeGrade

@Suite struct AgreementBootstrapTests {
    /// A random table: `units` units in clusters of 4, `raters` raters, some ratings missing.
    static func randomTable(scale: RatingScale, seed: UInt64, units: Int = 40, raters: Int = 4) throws -> RatingTable {
        var generator = SeededGenerator(seed: seed)
        var builder = try RatingTable.Builder(scale: scale)
        for unit in 0..<units {
            let truth = generator.index(below: 4)
            for rater in 0..<raters {
                // Rater 0 rates everything so that an interval table can stay complete.
                if rater > 0, scale != .interval, generator.index(below: 5) == 0 { continue }
                let value = generator.index(below: 3) == 0 ? generator.index(below: 4) : truth
                let rating: RatingValue = scale == .nominal ? .label("v\(value)") : .number(Double(value) * 0.5)
                try builder.add(unit: "u\(unit)", rater: "r\(rater)", value: rating, cluster: "e\(unit / 4)")
            }
        }
        return builder.build()
    }

    /// The table with every unit copied as often as its cluster was drawn.
    static func duplicated(_ table: RatingTable, draws: [Int]) throws -> RatingTable {
        var builder = try RatingTable.Builder(scale: table.scale, labels: table.labels)
        for unit in 0..<table.unitCount {
            for copy in 0..<draws[Int(table.unitClusters[unit])] {
                for rater in 0..<table.raterCount {
                    guard let label = table.label(unit: unit, rater: rater) else { continue }
                    try builder.add(unit: "\(table.units[unit])#\(copy)", rater: table.raters[rater], value: table.labels[label])
                }
            }
        }
        return builder.build()
    }

    static func allStatistics(_ table: RatingTable) -> [String: Double] {
        var values: [String: Double] = [:]
        for (key, value) in AgreementReport.overallValues(table) { values[key.rawValue] = value }
        for (a, b) in table.raterPairs {
            for (key, value) in AgreementReport.pairValues(table.pair(a, b), in: table).values {
                values["\(a)-\(b).\(key.rawValue)"] = value
            }
        }
        if table.scale.isNumeric { values["alpha.nominal"] = KrippendorffAlpha.of(table, scale: .nominal) }
        if table.scale == .interval { values["alpha.ordinal"] = KrippendorffAlpha.of(table, scale: .ordinal) }
        return values
    }

    @Test(arguments: RatingScale.allCases)
    func aReweightedTableEqualsTheTableWithUnitsCopied(scale: RatingScale) throws {
        let table = try Self.randomTable(scale: scale, seed: 7)
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<5 {
            var draws = [Int](repeating: 0, count: table.clusters.count)
            for _ in draws.indices { draws[generator.index(below: draws.count)] += 1 }
            let weighted = Self.allStatistics(table.reweighted(byClusterDraws: draws))
            let copied = Self.allStatistics(try Self.duplicated(table, draws: draws))
            #expect(Set(weighted.keys) == Set(copied.keys))
            #expect(weighted.count >= (scale == .nominal ? 20 : 30))
            for (key, value) in copied {
                #expect(close(weighted[key], value, tolerance: 1e-9), "\(key)")
            }
        }
    }

    @Test func intervalsAreReproducibleAndSurroundTheEstimate() throws {
        let table = try Self.randomTable(scale: .ordinal, seed: 3, units: 80)
        let options = BootstrapOptions(resamples: 300, seed: 5)
        let kappa = { (table: RatingTable) in CohenKappa.of(table.pair(0, 1).confusion) }
        let first = try #require(AgreementBootstrap.interval(of: table, options: options, statistic: kappa))
        let again = AgreementBootstrap.interval(of: table, options: options, statistic: kappa)
        #expect(again == first)
        let estimate = try #require(kappa(table))
        #expect(first.lower < estimate && estimate < first.upper)
        let other = AgreementBootstrap.interval(of: table, options: BootstrapOptions(resamples: 300, seed: 6), statistic: kappa)
        #expect(other != first)
    }

    @Test func severalStatisticsShareTheResamplesOfOne() throws {
        let table = try Self.randomTable(scale: .nominal, seed: 4)
        let options = BootstrapOptions(resamples: 200, seed: 9)
        let alone = AgreementBootstrap.interval(of: table, options: options) { KrippendorffAlpha.of($0) }
        let together = AgreementBootstrap.intervals(of: table, options: options) {
            [GwetAC1.overall($0), KrippendorffAlpha.of($0), nil]
        }
        #expect(together.count == 3)
        #expect(together[1] == alone)
        #expect(together[2] == nil)
    }

    @Test func aReportCarriesIntervalsForEveryDefinedStatistic() throws {
        let table = try Self.randomTable(scale: .ordinal, seed: 8)
        let report = AgreementReport(table: table, bootstrap: BootstrapOptions(resamples: 100, seed: 1))
        #expect(Set(report.overallIntervals.keys) == Set(report.overall.keys))
        for pair in report.pairs {
            #expect(Set(pair.intervals.keys) == Set(pair.values.keys))
            for (key, interval) in pair.intervals { #expect(interval.lower <= interval.upper, "\(key)") }
        }
    }
}
