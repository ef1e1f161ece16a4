extension RatingTable {
    /// The ratings one unit received, as the statistics over all raters see them; valid only
    /// during the call it is passed to.
    struct UnitRatings {
        var unit: Int
        var weight: Double
        /// How many raters rated the unit.
        var count: Int
        /// The distinct labels the unit received, and how many times each.
        var labels: UnsafeBufferPointer<Int32>
        var counts: UnsafeBufferPointer<Int32>

        /// Σₖ rₖ², the sum of the squared label counts.
        var sumOfSquaredCounts: Int {
            var sum = 0
            for count in counts { sum += Int(count) * Int(count) }
            return sum
        }
    }

    /// Calls `body` for every unit with a positive weight, with the labels it received.
    func forEachUnit(_ body: (UnitRatings) -> Void) {
        unitStarts.withUnsafeBufferPointer { starts in
            entryLabels.withUnsafeBufferPointer { labels in
                entryCounts.withUnsafeBufferPointer { counts in
                    weights.withUnsafeBufferPointer { weights in
                        for unit in 0..<weights.count where weights[unit] > 0 {
                            let range = Int(starts[unit])..<Int(starts[unit + 1])
                            body(UnitRatings(
                                unit: unit, weight: weights[unit], count: Int(unitRatingCounts[unit]),
                                labels: UnsafeBufferPointer(rebasing: labels[range]),
                                counts: UnsafeBufferPointer(rebasing: counts[range])))
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` for every unit with a positive weight, with its row of label indices in
    /// rater order (-1 where missing); valid only during the call.
    func forEachUnitRow(_ body: (_ unit: Int, _ weight: Double, _ row: UnsafeBufferPointer<Int32>) -> Void) {
        let width = raterCount
        cells.withUnsafeBufferPointer { cells in
            weights.withUnsafeBufferPointer { weights in
                for unit in 0..<weights.count where weights[unit] > 0 {
                    body(unit, weights[unit], UnsafeBufferPointer(rebasing: cells[(unit * width)..<((unit + 1) * width)]))
                }
            }
        }
    }
}
