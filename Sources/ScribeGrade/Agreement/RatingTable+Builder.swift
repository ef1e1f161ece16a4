extension RatingTable {
    /// Why a rating could not be added to a table.
    public enum BuildError: Error, Sendable, Hashable {
        /// The rater already rated this unit, in the rating with this index (0-based, in the
        /// order ratings were added).
        case duplicate(existing: Int)
        /// A label on an ordinal or interval scale, or a number that is not finite.
        case notNumeric
        /// The unit was given to another cluster before.
        case clusterMismatch(existing: String)
    }

    /// Collects ratings one by one, in any order, and builds the table.
    public struct Builder: Sendable {
        public let scale: RatingScale
        private var unitIndex: [String: Int32] = [:]
        private var raterIndex: [String: Int32] = [:]
        private var labelIndex: [RatingValue: Int32] = [:]
        private var clusterIndex: [String: Int32] = [:]
        private var units: [String] = []
        private var raters: [String] = []
        private var labels: [RatingValue] = []
        private var clusters: [String] = []
        private var unitClusters: [Int32] = []
        private var ratings: [(unit: Int32, rater: Int32, label: Int32)] = []
        private var seen: [UInt64: Int] = [:]

        /// A builder for ratings on `scale`. `labels` declares values of the scale that may go
        /// unused (a two-verdict scale whose raters all said `met`): they are labels of the table
        /// all the same, which matters to Gwet's AC1 (its number of categories), macro F1 and
        /// confusion matrices.
        public init(scale: RatingScale, labels: [RatingValue] = []) throws(BuildError) {
            self.scale = scale
            for label in labels { _ = index(of: try normalized(label), in: &labelIndex, &self.labels) }
        }

        /// How many ratings were added.
        public var count: Int { ratings.count }

        /// Adds `rater`'s rating of `unit`. A unit without a `cluster` is its own cluster.
        ///
        /// On a nominal scale a number is kept as its label text (`3` and `3.0` differ); on
        /// numeric scales values must be finite numbers.
        public mutating func add(unit: String, rater: String, value: RatingValue, cluster: String? = nil) throws(BuildError) {
            let value = try normalized(value)
            let clusterName = cluster ?? unit
            let u: Int32
            if let existing = unitIndex[unit] {
                u = existing
                let existingCluster = clusters[Int(unitClusters[Int(u)])]
                if cluster != nil, existingCluster != clusterName {
                    throw .clusterMismatch(existing: existingCluster)
                }
            } else {
                u = Int32(units.count)
                unitIndex[unit] = u
                units.append(unit)
                unitClusters.append(index(of: clusterName, in: &clusterIndex, &clusters))
            }
            let r = index(of: rater, in: &raterIndex, &raters)
            let key = UInt64(UInt32(u)) << 32 | UInt64(UInt32(r))
            if let existing = seen[key] { throw .duplicate(existing: existing) }
            seen[key] = ratings.count
            ratings.append((u, r, index(of: value, in: &labelIndex, &labels)))
        }

        /// The table of the ratings added so far.
        public func build() -> RatingTable {
            let order = labels.indices.sorted { precedes(labels[$0], labels[$1]) }
            var rank = [Int32](repeating: 0, count: labels.count)
            for (position, original) in order.enumerated() { rank[original] = Int32(position) }
            var cells = [Int32](repeating: -1, count: units.count * raters.count)
            for rating in ratings {
                cells[Int(rating.unit) * raters.count + Int(rating.rater)] = rank[Int(rating.label)]
            }
            return RatingTable(
                scale: scale, units: units, raters: raters, labels: order.map { labels[$0] },
                clusters: clusters, unitClusters: unitClusters, cells: cells)
        }

        private func normalized(_ value: RatingValue) throws(BuildError) -> RatingValue {
            switch (scale, value) {
            case (.nominal, .label): return value
            case (.nominal, .number): return .label(value.description)
            case (_, .number(let number)):
                guard number.isFinite else { throw .notNumeric }
                return .number(number == 0 ? 0 : number)  // -0 and 0 are one value
            case (_, .label(let text)):
                guard let number = Double(text), number.isFinite else { throw .notNumeric }
                return .number(number == 0 ? 0 : number)
            }
        }

        private func precedes(_ a: RatingValue, _ b: RatingValue) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): return x < y
            default: return a.description.unicodeScalars.lexicographicallyPrecedes(b.description.unicodeScalars)
            }
        }

        private func index<Key: Hashable>(of key: Key, in map: inout [Key: Int32], _ list: inout [Key]) -> Int32 {
            if let existing = map[key] { return existing }
            let index = Int32(list.count)
            map[key] = index
            list.append(key)
            return index
        }
    }
}
