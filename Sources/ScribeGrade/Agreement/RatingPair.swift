/// The units two raters both rated, with the label each gave: the input of every pairwise
/// statistic.
///
/// `x` holds rater `a`'s label indices and `y` rater `b`'s, into the table's sorted labels, so
/// that equal indices are equal values and index order is value order on numeric scales.
public struct RatingPair: Sendable {
    public let a: Int
    public let b: Int
    /// The table's labels and their numbers (see ``RatingTable/labelValues``).
    public let labels: [RatingValue]
    public let labelValues: [Double]
    /// The units both rated, as indices into the table's units.
    public let units: [Int32]
    public let x: [Int32]
    public let y: [Int32]
    /// How many times each unit counts (its table weight).
    public private(set) var weights: [Double]

    init(table: RatingTable, a: Int, b: Int) {
        self.a = a
        self.b = b
        labels = table.labels
        labelValues = table.labelValues
        let width = table.raterCount
        let count = table.cells.withUnsafeBufferPointer { cells in
            var count = 0
            for unit in 0..<table.unitCount where cells[unit * width + a] >= 0 && cells[unit * width + b] >= 0 {
                count += 1
            }
            return count
        }
        var units = [Int32](repeating: 0, count: count)
        var x = [Int32](repeating: 0, count: count)
        var y = [Int32](repeating: 0, count: count)
        var weights = [Double](repeating: 0, count: count)
        table.cells.withUnsafeBufferPointer { cells in
            table.weights.withUnsafeBufferPointer { tableWeights in
                var next = 0
                for unit in 0..<table.unitCount {
                    let left = cells[unit * width + a]
                    let right = cells[unit * width + b]
                    guard left >= 0, right >= 0 else { continue }
                    units[next] = Int32(unit)
                    x[next] = left
                    y[next] = right
                    weights[next] = tableWeights[unit]
                    next += 1
                }
            }
        }
        self.units = units
        self.x = x
        self.y = y
        self.weights = weights
    }

    /// Whether the correlations are cheaper from the confusion matrix (few labels) than from
    /// the units.
    var prefersConfusion: Bool { labels.count * labels.count <= max(16, units.count) }

    /// The same pair with the weights its units have in `table`, a reweighting of the table the
    /// pair came from (a bootstrap resample): cheaper than pairing the raters again.
    public func reweighted(from table: RatingTable) -> RatingPair {
        var copy = self
        table.weights.withUnsafeBufferPointer { tableWeights in
            units.withUnsafeBufferPointer { units in
                copy.weights.withUnsafeMutableBufferPointer { weights in
                    for i in 0..<units.count { weights[i] = tableWeights[Int(units[i])] }
                }
            }
        }
        return copy
    }

    /// The number of units both raters rated (ignoring weights).
    public var count: Int { units.count }

    /// The sum of the units' weights: the number of paired ratings the statistics see.
    public var totalWeight: Double { weights.reduce(0, +) }

    /// The weighted counts of each (a's label, b's label) combination.
    public var confusion: ConfusionMatrix {
        ConfusionMatrix(pair: self)
    }
}
