extension RatingTable {
    /// The ratings one unit received, as the statistics over all raters see them.
    struct UnitRatings {
        var unit: Int
        var weight: Double
        /// How many raters rated the unit.
        var count: Int
        /// Each label the unit received at least once, with how many times.
        var labelCounts: ArraySlice<(label: Int32, count: Int32)>
    }

    /// Calls `body` for every unit with a positive weight, with the labels it received.
    func forEachUnit(_ body: (UnitRatings) -> Void) {
        let width = raterCount
        var scratch = [Int32](repeating: -1, count: labelCount)  // label -> slot in `counts`
        var counts = [(label: Int32, count: Int32)](repeating: (0, 0), count: width)
        cells.withUnsafeBufferPointer { cells in
            for unit in 0..<unitCount where weights[unit] > 0 {
                var used = 0
                var total = 0
                for rater in 0..<width {
                    let label = cells[unit * width + rater]
                    guard label >= 0 else { continue }
                    total += 1
                    let slot = scratch[Int(label)]
                    if slot >= 0 {
                        counts[Int(slot)].count += 1
                    } else {
                        scratch[Int(label)] = Int32(used)
                        counts[used] = (label, 1)
                        used += 1
                    }
                }
                for slot in 0..<used { scratch[Int(counts[slot].label)] = -1 }
                body(UnitRatings(unit: unit, weight: weights[unit], count: total, labelCounts: counts[0..<used]))
            }
        }
    }

    /// Calls `body` for every unit with a positive weight, with its raters' labels in rater order
    /// (missing ratings left out).
    func forEachUnitLabels(_ body: (_ unit: Int, _ weight: Double, _ labels: ArraySlice<Int32>) -> Void) {
        let width = raterCount
        var buffer = [Int32](repeating: 0, count: width)
        cells.withUnsafeBufferPointer { cells in
            for unit in 0..<unitCount where weights[unit] > 0 {
                var used = 0
                for rater in 0..<width {
                    let label = cells[unit * width + rater]
                    if label >= 0 {
                        buffer[used] = label
                        used += 1
                    }
                }
                body(unit, weights[unit], buffer[0..<used])
            }
        }
    }
}
