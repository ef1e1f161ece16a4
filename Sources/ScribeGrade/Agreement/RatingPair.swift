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
    public let weights: [Double]

    init(table: RatingTable, a: Int, b: Int) {
        self.a = a
        self.b = b
        labels = table.labels
        labelValues = table.labelValues
        var units: [Int32] = []
        var x: [Int32] = []
        var y: [Int32] = []
        var weights: [Double] = []
        let width = table.raterCount
        table.cells.withUnsafeBufferPointer { cells in
            for unit in 0..<table.unitCount {
                let left = cells[unit * width + a]
                let right = cells[unit * width + b]
                guard left >= 0, right >= 0 else { continue }
                units.append(Int32(unit))
                x.append(left)
                y.append(right)
                weights.append(table.weights[unit])
            }
        }
        self.units = units
        self.x = x
        self.y = y
        self.weights = weights
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
