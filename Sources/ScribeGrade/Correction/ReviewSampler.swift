/// The random design of the review queue: which judged items clinicians are asked about, in
/// what order, and with what probability, so that their answers feed the corrected
/// (prediction-powered) scores without bias while shrinking their intervals fastest.
///
/// **First phase — Poisson sampling with known probabilities.** Each system gets an equal
/// share of the budget (`budget / systems`: balanced, so a system with many notes does not take
/// the clinicians' time from the others). Within system s, item i has weight
/// w_i = `floor` + uncertainty_i and inclusion probability
///
///     π_i = min(1, b_s · w_i / Σ_{j in s} w_j),   b_s = budget / systems,
///
/// the items capped at 1 taken out and the rest rescaled until Σ_s π = min(b_s, items of s).
/// The floor keeps every π above 0: an item the judges are sure about can still be drawn, which
/// is what makes the weighted estimate unbiased (an item with π = 0 would be an unestimated
/// part of the system's score). Item i is selected when its uniform u_i < π_i, independently of
/// the others; u_i is a hash of the seed and the item's id, so the selection — and the queue —
/// is the same on every request and every server instance, and never changes with the answers.
///
/// **Second phase — answers are a random prefix.** The selected items of each system are put in
/// a seeded random order (a second hash of the item), and the systems interleaved round-robin.
/// Clinicians answer from the front, so the answered items of system s are the first m_s of a
/// uniformly random permutation of its selected set: a simple random subsample. Given the
/// selection, each selected item of s is answered with the same probability m_s / |S_s|, so its
/// overall inclusion probability is π_i · m_s / |S_s| — the recorded π_i times a constant of the
/// system. The corrected scorer's Hajek weights ω = ξ/π are normalised per system, so that
/// constant cancels: recording π_i with each answer keeps the per-system estimate unbiased (to
/// first order, as any Hajek estimate) however far down the queue clinicians get.
///
/// The weights must come from information fixed before any answer (the judges' verdicts), not
/// from the answers themselves: a π that moved with the answers would no longer be the
/// probability with which the item was drawn.
public struct ReviewSampler: Sendable, Hashable {
    /// One unit the queue can ask about: an item (criterion × note) or a whole note.
    public struct Item: Sendable, Hashable {
        /// Unique among the items; the hashes that draw and order it are of this id.
        public var id: String
        public var system: String
        /// How unsure the judges are about the item, ≥ 0 (negative or non-finite counts as 0).
        public var uncertainty: Double

        public init(id: String, system: String, uncertainty: Double) {
            self.id = id
            self.system = system
            self.uncertainty = uncertainty
        }
    }

    /// A selected item, in the order clinicians see it, with its first-phase probability.
    public struct Selected: Sendable, Hashable {
        public var id: String
        public var system: String
        /// π_i: what an answer to this item records as its inclusion probability.
        public var inclusionProbability: Double
    }

    /// The draw: every item's π and the selected items in the order to ask them.
    public struct Sample: Sendable, Hashable {
        /// π of every item, selected or not, by id.
        public var probabilities: [String: Double]
        /// The selected items, systems interleaved round-robin (in name order), each system's
        /// items in their seeded random order.
        public var order: [Selected]
    }

    /// The expected number of selected items over all systems (the answers wanted).
    public var budget: Double
    public var seed: UInt64
    /// Added to each item's uncertainty; > 0 so no item has π = 0. It also bounds how unequal
    /// the weights 1/π can get, which is what keeps small samples' intervals honest: in the
    /// coverage simulation (uncertainty 0 to about 0.6) a floor of 0.05 left the corrected
    /// interval at 50 expert items covering 0.92 of the time, 0.25 gives 0.937.
    public var floor: Double

    public init(budget: Double, seed: UInt64, floor: Double = 0.25) {
        precondition(floor > 0 && floor.isFinite, "the floor keeps every inclusion probability above 0")
        self.budget = max(0, budget)
        self.seed = seed
        self.floor = floor
    }

    /// Draws the sample of `items` (ids unique).
    public func sample(_ items: [Item]) -> Sample {
        let bySystem = Dictionary(grouping: items, by: \.system)
        let share = bySystem.isEmpty ? 0 : budget / Double(bySystem.count)
        var probabilities: [String: Double] = [:]
        probabilities.reserveCapacity(items.count)
        var queues: [[Selected]] = []
        for system in bySystem.keys.sorted() {
            // In id order, so the sums (and the probabilities, to the last bit) do not depend on the input's order.
            let members = bySystem[system]!.sorted { $0.id < $1.id }
            let weights = members.map { floor + ($0.uncertainty.isFinite ? max(0, $0.uncertainty) : 0) }
            let pi = Self.inclusionProbabilities(weights, total: share)
            var selected: [(key: Double, item: Selected)] = []
            for (item, p) in zip(members, pi) {
                probabilities[item.id] = p
                if Self.uniform(seed: seed, id: item.id, stream: 0) < p {
                    selected.append((Self.uniform(seed: seed, id: item.id, stream: 1),
                                     Selected(id: item.id, system: system, inclusionProbability: p)))
                }
            }
            queues.append(selected.sorted { ($0.key, $0.item.id) < ($1.key, $1.item.id) }.map(\.item))
        }
        var order: [Selected] = []
        order.reserveCapacity(queues.reduce(0) { $0 + $1.count })
        for rank in 0..<(queues.map(\.count).max() ?? 0) {
            for queue in queues where rank < queue.count { order.append(queue[rank]) }
        }
        return Sample(probabilities: probabilities, order: order)
    }

    /// Probabilities proportional to `weights` (all > 0), none above 1, summing to
    /// min(`total`, count): items that would exceed 1 are set to 1 and the rest rescaled.
    public static func inclusionProbabilities(_ weights: [Double], total: Double) -> [Double] {
        guard Double(weights.count) > total else { return weights.map { _ in 1 } }
        var pi = [Double](repeating: 0, count: weights.count)
        var capped = [Bool](repeating: false, count: weights.count)
        var cappedCount = 0
        while true {
            var free = 0.0
            for i in weights.indices where !capped[i] { free += weights[i] }
            let scale = (total - Double(cappedCount)) / free
            var changed = false
            for i in weights.indices where !capped[i] {
                pi[i] = weights[i] * scale
                if pi[i] >= 1 {
                    pi[i] = 1
                    capped[i] = true
                    cappedCount += 1
                    changed = true
                }
            }
            if !changed { return pi }
        }
    }

    /// A uniform in [0, 1) fixed by the seed, the id and the stream (0 selects, 1 orders):
    /// FNV-1a of the id's bytes, mixed with the seed by SplitMix64.
    public static func uniform(seed: UInt64, id: String, stream: UInt64) -> Double {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        var generator = SeededGenerator(seed: hash ^ (seed &* 0x9E37_79B9_7F4A_7C15) ^ (stream &* 0xD1B5_4A32_D192_ED03))
        return Double(generator.next() >> 11) * 0x1p-53
    }
}
