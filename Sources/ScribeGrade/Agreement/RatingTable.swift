/// Ratings of units by raters: a units × raters table in which any cell may be missing.
///
/// A *unit* is one thing rated (for a judge's calibration: one criterion of one note); a *rater*
/// is whoever rated it (a clinician, a judge). Units and raters keep the order in which they
/// first appeared. Values are stored as indices into ``labels``, which are sorted: numerically on
/// ordinal and interval scales, by Unicode code points on a nominal scale.
///
/// Each unit belongs to a *cluster* (for calibration: its encounter), the thing a bootstrap
/// resamples, and carries a *weight*: how many times it counts. Weights are 1 unless the table is
/// a bootstrap resample (``reweighted(byClusterDraws:)``), in which case a unit counts as often as
/// its cluster was drawn; every statistic treats a weight of *k* exactly as *k* copies of the unit.
public struct RatingTable: Sendable {
    public let scale: RatingScale
    /// Unit ids, in order of first appearance.
    public let units: [String]
    /// Rater ids, in order of first appearance.
    public let raters: [String]
    /// The distinct values rated, sorted (see the type's documentation).
    public let labels: [RatingValue]
    /// The number of each label on numeric scales; on a nominal scale, the label's index.
    public let labelValues: [Double]
    /// Cluster ids, in order of first appearance; one per unit when none were given.
    public let clusters: [String]
    /// The cluster of each unit, as an index into ``clusters``.
    public let unitClusters: [Int32]
    /// How many times each unit counts.
    public private(set) var weights: [Double]
    /// Label indices, row-major (unit × rater); -1 where the rater did not rate the unit.
    let cells: [Int32]
    /// Each unit's distinct labels with their counts, unit by unit: entries
    /// `unitStarts[u]..<unitStarts[u + 1]` of `entryLabels` and `entryCounts`. They do not
    /// depend on weights, so resamples share them.
    let unitStarts: [Int32]
    let entryLabels: [Int32]
    let entryCounts: [Int32]
    /// How many raters rated each unit.
    let unitRatingCounts: [Int32]

    init(
        scale: RatingScale, units: [String], raters: [String], labels: [RatingValue],
        clusters: [String], unitClusters: [Int32], cells: [Int32]
    ) {
        self.scale = scale
        self.units = units
        self.raters = raters
        self.labels = labels
        self.labelValues = scale.isNumeric ? labels.map { $0.number ?? 0 } : labels.indices.map(Double.init)
        self.clusters = clusters
        self.unitClusters = unitClusters
        self.cells = cells
        self.weights = [Double](repeating: 1, count: units.count)
        var starts: [Int32] = [0]
        var entryLabels: [Int32] = []
        var entryCounts: [Int32] = []
        var ratingCounts: [Int32] = []
        starts.reserveCapacity(units.count + 1)
        var slot = [Int32](repeating: -1, count: labels.count)  // label -> its entry in this unit
        let width = raters.count
        for unit in 0..<units.count {
            let first = entryLabels.count
            var rated: Int32 = 0
            for rater in 0..<width {
                let label = cells[unit * width + rater]
                guard label >= 0 else { continue }
                rated += 1
                if slot[Int(label)] >= 0 {
                    entryCounts[Int(slot[Int(label)])] += 1
                } else {
                    slot[Int(label)] = Int32(entryLabels.count)
                    entryLabels.append(label)
                    entryCounts.append(1)
                }
            }
            for entry in first..<entryLabels.count { slot[Int(entryLabels[entry])] = -1 }
            starts.append(Int32(entryLabels.count))
            ratingCounts.append(rated)
        }
        self.unitStarts = starts
        self.entryLabels = entryLabels
        self.entryCounts = entryCounts
        self.unitRatingCounts = ratingCounts
    }

    public var unitCount: Int { units.count }
    public var raterCount: Int { raters.count }
    public var labelCount: Int { labels.count }

    /// The index into ``labels`` of the value `rater` gave `unit`, or `nil` if none.
    public func label(unit: Int, rater: Int) -> Int? {
        let value = cells[unit * raters.count + rater]
        return value < 0 ? nil : Int(value)
    }

    /// The number of ratings in the table (cells that are not missing).
    public var ratingCount: Int { cells.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }

    /// Whether every rater rated every unit.
    public var isComplete: Bool { !cells.contains(-1) }

    /// The number of ratings of each unit.
    public var ratingsPerUnit: [Int] { unitRatingCounts.map(Int.init) }

    /// The same ratings with each unit counted as often as its cluster was drawn
    /// (`draws[cluster]`), as ``ClusterBootstrap`` passes them.
    public func reweighted(byClusterDraws draws: [Int]) -> RatingTable {
        var copy = self
        for unit in weights.indices { copy.weights[unit] = Double(draws[Int(unitClusters[unit])]) }
        return copy
    }

    /// The ratings two raters both gave, unit by unit.
    public func pair(_ a: Int, _ b: Int) -> RatingPair {
        RatingPair(table: self, a: a, b: b)
    }

    /// Every pair of raters `(a, b)` with `a` before `b`, in order of first appearance.
    public var raterPairs: [(a: Int, b: Int)] {
        var pairs: [(a: Int, b: Int)] = []
        for a in 0..<raters.count {
            for b in (a + 1)..<max(a + 1, raters.count) { pairs.append((a, b)) }
        }
        return pairs
    }
}
