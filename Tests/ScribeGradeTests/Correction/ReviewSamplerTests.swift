import Testing
@testable import ScribeGrade

/// The review queue's random design: probabilities that sum to each system's share of the
/// budget, never zero, a Poisson draw that selects at those rates, the same draw every time,
/// and an order that alternates systems.
@Suite struct ReviewSamplerTests {
    static func items(_ system: String, _ count: Int, uncertainty: (Int) -> Double) -> [ReviewSampler.Item] {
        (0..<count).map { ReviewSampler.Item(id: "\(system)/\($0)", system: system, uncertainty: uncertainty($0)) }
    }

    static func sum(_ sample: ReviewSampler.Sample, _ items: [ReviewSampler.Item]) -> Double {
        items.reduce(0) { $0 + sample.probabilities[$1.id]! }
    }

    @Test func probabilitiesSumToEachSystemsEqualShareOfTheBudget() {
        // A: 100 items, a few very uncertain ones capped at 1; B: 300 items; C: 5 items, fewer than its share.
        let a = Self.items("A", 100) { $0 < 3 ? 50 : Double($0 % 7) / 10 }
        let b = Self.items("B", 300) { Double($0 % 4) / 8 }
        let c = Self.items("C", 5) { _ in 0 }
        let sample = ReviewSampler(budget: 60, seed: 3).sample(a + b + c)
        #expect(abs(Self.sum(sample, a) - 20) < 1e-9)
        #expect(abs(Self.sum(sample, b) - 20) < 1e-9)
        #expect(Self.sum(sample, c) == 5)
        #expect(a.prefix(3).allSatisfy { sample.probabilities[$0.id] == 1 })
        #expect(sample.probabilities.values.allSatisfy { $0 > 0 && $0 <= 1 })
        // Uncapped items are proportional to floor + uncertainty.
        let ratio = sample.probabilities["B/3"]! / sample.probabilities["B/0"]!
        #expect(abs(ratio - (0.25 + 0.375) / 0.25) < 1e-9)
    }

    @Test func theFloorGivesItemsTheJudgesAgreeOnAChance() {
        // Uncertainty 0 (and unusable values, counted as 0) next to items 9 times as uncertain.
        let items = Self.items("A", 100) { $0 < 50 ? 0.9 : ($0 == 50 ? -.infinity : ($0 == 51 ? .nan : 0)) }
        let sample = ReviewSampler(budget: 10, seed: 1, floor: 0.1).sample(items)
        // 10 × 0.1 / (50 × 1.0 + 50 × 0.1) = 1/55.
        for id in ["A/50", "A/51", "A/99"] { #expect(abs(sample.probabilities[id]! - 10.0 / 550) < 1e-12) }
        #expect(abs(sample.probabilities["A/0"]! - 100.0 / 550) < 1e-12)
    }

    @Test func theDrawIsTheSameForTheSameSeedWhateverTheItemsOrder() {
        let items = Self.items("A", 200) { Double($0 % 5) / 5 } + Self.items("B", 150) { Double($0 % 3) / 3 }
        let sampler = ReviewSampler(budget: 80, seed: 42)
        let first = sampler.sample(items)
        #expect(sampler.sample(items.reversed()) == first)
        #expect(sampler.sample(items.shuffled()) == first)
        #expect(ReviewSampler(budget: 80, seed: 43).sample(items).order != first.order)
        // Adding another system's items changes neither A's probabilities nor which of A's items are drawn.
        let more = ReviewSampler(budget: 120, seed: 42).sample(items + Self.items("C", 50) { _ in 0 })
        #expect(more.order.filter { $0.system == "A" } == first.order.filter { $0.system == "A" })
    }

    @Test func poissonSelectionRatesMatchTheProbabilities() {
        // 10,000 sure items (w = 0.1) and 10,000 unsure ones (w = 1.0): π = 0.02 and 0.2 with a
        // share of 2,200. Selected counts are binomial; each must fall within 4 standard
        // deviations of n·π (a seeded draw, so this is a fixed check, failing at random with
        // probability below 1e-4 for a different seed).
        let items = Self.items("A", 20000) { $0 < 10000 ? 0 : 0.9 }
        let sample = ReviewSampler(budget: 2200, seed: 7, floor: 0.1).sample(items)
        let selected = Set(sample.order.map(\.id))
        for (range, pi) in [(0..<10000, 0.02), (10000..<20000, 0.2)] {
            #expect(abs(sample.probabilities["A/\(range.lowerBound)"]! - pi) < 1e-12)
            let count = Double(range.filter { selected.contains("A/\($0)") }.count)
            let expected = 10000 * pi, sd = (10000 * pi * (1 - pi)).squareRoot()
            #expect(abs(count - expected) < 4 * sd, "\(count) selected where \(expected) ± \(sd) expected")
        }
        #expect(sample.order.allSatisfy { $0.inclusionProbability == sample.probabilities[$0.id] })
    }

    @Test func theOrderAlternatesSystemsAndIsRandomWithinEach() {
        let items = Self.items("B", 400) { Double($0 % 10) / 10 } + Self.items("A", 400) { Double($0 % 10) / 10 }
        let order = ReviewSampler(budget: 100, seed: 5).sample(items).order
        let a = order.filter { $0.system == "A" }, b = order.filter { $0.system == "B" }
        let pairs = min(a.count, b.count)
        #expect(pairs > 30)
        #expect(order.prefix(2 * pairs).enumerated().allSatisfy { $0.element.system == ($0.offset % 2 == 0 ? "A" : "B") })
        #expect(order.dropFirst(2 * pairs).allSatisfy { $0.system == (a.count > b.count ? "A" : "B") })
        // Within a system, neither by id nor by probability: the first half of A's queue holds
        // both more and less uncertain items than the second.
        let ids = a.map { Int($0.id.dropFirst(2))! }
        #expect(ids != ids.sorted())
        let probabilities = a.map(\.inclusionProbability)
        #expect(probabilities != probabilities.sorted() && probabilities != probabilities.sorted(by: >))
    }
}
