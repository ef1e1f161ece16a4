import Foundation

/// A seeded simulation that checks the corrected intervals do what they claim: two scribe
/// systems, clinicians' true note scores, a judge whose errors differ by system so that its raw
/// ranking of the two is wrong, and a few expert-rated notes drawn at random, by systematic
/// uncertainty-weighted sampling, or by the review queue's design (``ReviewSampler``).
///
/// Each encounter has a difficulty shared by all its notes (so clustering matters); each note of
/// system s meets criterion k with probability logistic(quality_s + encounter + note + c_k), and
/// its clinician score is the share of criteria met. The judge says "met" with probability
/// `sensitivity_s` for a met criterion and 1 − `specificity_s` for one not met, and is asked
/// twice: the first answer is its verdict, and the share of criteria where the two answers
/// differ is how unsure it is (sample disagreement), which the weighted design samples by.
/// The true system score is the expected clinician score, computed by quadrature.
public enum CoverageSimulation {
    public struct Settings: Sendable, Hashable {
        public var encounters = 200
        public var notesPerEncounter = 3
        public var criteria = 10
        /// Logit quality of systems A and B: A is truly better.
        public var quality: [Double] = [0.3, -0.3]
        /// The judge is strict with A, lenient with B: it ranks B first.
        public var sensitivity: [Double] = [0.70, 0.95]
        public var specificity: [Double] = [0.95, 0.70]
        public var encounterSD = 1.0
        public var noteSD = 0.5
        public var replications = 200
        public var seed: UInt64 = 1
        /// The corrected interval under test.
        public var interval: CorrectionInterval = .clusterRobust

        public init() {}
    }

    /// How the expert-rated notes are drawn, the same number for each system.
    public enum Design: String, Sendable, Hashable, Codable, CaseIterable {
        /// A simple random sample of each system's notes (no probabilities recorded).
        case random
        /// Probability proportional to √(0.05 + the judge's sample disagreement on the note),
        /// systematic sampling in random order; each rated note carries its probability.
        case uncertaintyWeighted = "uncertainty_weighted"
        /// The review queue's design (``ReviewSampler``) on the notes of both systems: Poisson
        /// sampling with budget 1.25 × the expert items (uncertainty = the judge's sample
        /// disagreement, the sampler's default floor), answers the first half of the expert items of each system's
        /// queue order (all of its selected notes when fewer were selected); each rated note
        /// carries its first-phase probability.
        case queue
    }

    /// What the replications at one number of expert items gave.
    public struct Row: Sendable, Hashable, Codable {
        public var design: Design
        /// Expert-rated notes over both systems.
        public var expertItems: Int
        public var replications: Int
        /// Share of 95% intervals (both systems, all replications) that hold the true system score.
        public var coverageCorrected = 0.0
        public var coverageJudge = 0.0
        public var coverageExperts = 0.0
        public var widthCorrected = 0.0
        public var widthJudge = 0.0
        public var widthExperts = 0.0
        /// Share of replications whose point estimates rank A above B, as it truly is.
        public var rankedCorrected = 0.0
        public var rankedJudge = 0.0
        public var rankedExperts = 0.0
        /// Share of corrected difference intervals holding the true difference, and excluding 0.
        public var coverageDifference = 0.0
        public var significantDifference = 0.0
        public var meanLambda = 0.0
        public var meanEffectiveItems = 0.0
    }

    /// The expected clinician score of each system.
    public static func trueScores(_ settings: Settings) -> [Double] {
        let sd = (settings.encounterSD * settings.encounterSD + settings.noteSD * settings.noteSD).squareRoot()
        return settings.quality.map { q in
            (0..<settings.criteria).reduce(0.0) { sum, k in
                sum + expectedLogistic(q + difficulty(k, of: settings.criteria), sd: sd)
            } / Double(settings.criteria)
        }
    }

    /// Runs `settings.replications` replications with `expertItems` rated notes (half per system).
    public static func run(_ settings: Settings, design: Design, expertItems: Int) -> Row {
        let truth = trueScores(settings)
        let encounterNames = (0..<settings.encounters).map { "e\($0)" }
        var row = Row(design: design, expertItems: expertItems, replications: settings.replications)
        let stream: UInt64 = switch design { case .random: 0; case .uncertaintyWeighted: 1; case .queue: 2 }
        var generator = SeededGenerator(seed: settings.seed &+ UInt64(expertItems) &* 0x9E37_79B9 &+ stream)
        var intervals = 0.0, lambdas = 0.0, effective = 0.0, effectiveCount = 0.0
        for _ in 0..<settings.replications {
            let systems = simulate(settings, names: encounterNames, &generator)
            var corrected: [CorrectedSystemScore] = []
            let rated = draw(systems, count: expertItems / 2, design: design, &generator)
            for (s, sample) in rated.enumerated() {
                // Every replication has far more than 10 expert items per system here.
                let score = try! CorrectedScorer.score(sample, options: CorrectionOptions(interval: settings.interval))
                corrected.append(score)
                let judge = CorrectedScorer.judgeMean(sample)!
                let t = truth[s]
                if let c = score.corrected.ci95 {
                    row.coverageCorrected += c[0] <= t && t <= c[1] ? 1 : 0
                    row.widthCorrected += c[1] - c[0]
                }
                if let e = score.expertsOnly.ci95 {
                    row.coverageExperts += e[0] <= t && t <= e[1] ? 1 : 0
                    row.widthExperts += e[1] - e[0]
                }
                row.coverageJudge += judge.ci.lower <= t && t <= judge.ci.upper ? 1 : 0
                row.widthJudge += judge.ci.upper - judge.ci.lower
                intervals += 1
                lambdas += score.corrected.lambda
                if let e = score.corrected.effectiveItems {
                    effective += e
                    effectiveCount += 1
                }
                if s == 1 {
                    let judgeA = CorrectedScorer.judgeMean(rated[0])!.score
                    row.rankedJudge += judgeA > judge.score ? 1 : 0
                }
            }
            row.rankedCorrected += corrected[0].corrected.score > corrected[1].corrected.score ? 1 : 0
            row.rankedExperts += corrected[0].expertsOnly.score > corrected[1].expertsOnly.score ? 1 : 0
            let difference = try! CorrectedScorer.compare(rated[0], rated[1], options: CorrectionOptions(interval: settings.interval))
            if let c = difference.ci95 {
                let t = truth[0] - truth[1]
                row.coverageDifference += c[0] <= t && t <= c[1] ? 1 : 0
                row.significantDifference += c[0] > 0 ? 1 : 0
            }
        }
        let r = Double(settings.replications)
        row.coverageCorrected /= intervals
        row.coverageExperts /= intervals
        row.coverageJudge /= intervals
        row.widthCorrected /= intervals
        row.widthExperts /= intervals
        row.widthJudge /= intervals
        row.rankedCorrected /= r
        row.rankedExperts /= r
        row.rankedJudge /= r
        row.coverageDifference /= r
        row.significantDifference /= r
        row.meanLambda = lambdas / intervals
        row.meanEffectiveItems = effectiveCount > 0 ? effective / effectiveCount * 2 : 0
        return row
    }

    /// One replication's notes of each system, with judge and clinician scores and, until drawn,
    /// the judge's disagreement in `inclusionProbability` (replaced when drawing).
    static func simulate(_ settings: Settings, names: [String], _ generator: inout SeededGenerator) -> [[SimulatedNote]] {
        var systems = [[SimulatedNote]](repeating: [], count: settings.quality.count)
        for e in 0..<settings.encounters {
            let encounter = settings.encounterSD * normal(&generator)
            for s in systems.indices {
                for _ in 0..<settings.notesPerEncounter {
                    let note = encounter + settings.noteSD * normal(&generator)
                    var met = 0, judged = 0, disagreements = 0
                    for k in 0..<settings.criteria {
                        let p = logistic(settings.quality[s] + note + difficulty(k, of: settings.criteria))
                        let truth = uniform(&generator) < p
                        let yes = truth ? settings.sensitivity[s] : 1 - settings.specificity[s]
                        let first = uniform(&generator) < yes, second = uniform(&generator) < yes
                        met += truth ? 1 : 0
                        judged += first ? 1 : 0
                        disagreements += first != second ? 1 : 0
                    }
                    let k = Double(settings.criteria)
                    systems[s].append(SimulatedNote(
                        encounter: names[e], judge: Double(judged) / k, expert: Double(met) / k,
                        disagreement: Double(disagreements) / k))
                }
            }
        }
        return systems
    }

    struct SimulatedNote {
        var encounter: String
        var judge: Double
        var expert: Double
        var disagreement: Double
    }

    /// Each system's notes with `count` of them rated by the design.
    static func draw(_ systems: [[SimulatedNote]], count: Int, design: Design, _ generator: inout SeededGenerator) -> [[RatedNote]] {
        switch design {
        case .random: systems.map { drawRandom($0, count: count, &generator) }
        case .uncertaintyWeighted: systems.map { drawSystematic($0, count: count, &generator) }
        case .queue: drawByQueue(systems, count: count, &generator)
        }
    }

    /// A simple random sample of `count` notes.
    static func drawRandom(_ notes: [SimulatedNote], count: Int, _ generator: inout SeededGenerator) -> [RatedNote] {
        var result = notes.map { RatedNote(encounter: $0.encounter, judge: $0.judge) }
        var order = Array(notes.indices)
        for i in 0..<count {
            order.swapAt(i, i + generator.index(below: order.count - i))
            result[order[i]].expert = notes[order[i]].expert
        }
        return result
    }

    /// `count` notes with probability proportional to √(0.05 + disagreement), systematic
    /// sampling in random order.
    static func drawSystematic(_ notes: [SimulatedNote], count: Int, _ generator: inout SeededGenerator) -> [RatedNote] {
        var result = notes.map { RatedNote(encounter: $0.encounter, judge: $0.judge) }
        let pi = ReviewSampler.inclusionProbabilities(notes.map { (0.05 + $0.disagreement).squareRoot() }, total: Double(count))
        var order = Array(notes.indices)
        order.shuffle(using: &generator)
        let start = uniform(&generator)
        var cumulative = 0.0
        for i in order {
            let before = cumulative
            cumulative += pi[i]
            // Points start, start + 1, …: note i is drawn when one falls in [before, cumulative).
            if (cumulative - start).rounded(.down) > (before - start).rounded(.down) {
                result[i].expert = notes[i].expert
                result[i].inclusionProbability = pi[i]
            }
        }
        return result
    }

    /// The review queue's draw (``ReviewSampler``) over the notes of all systems, answered
    /// from the front of its order until `count` notes of a system are rated.
    static func drawByQueue(_ systems: [[SimulatedNote]], count: Int, _ generator: inout SeededGenerator) -> [[RatedNote]] {
        var items: [ReviewSampler.Item] = []
        var position: [String: (system: Int, note: Int)] = [:]
        for (s, notes) in systems.enumerated() {
            for (i, note) in notes.enumerated() {
                let id = "\(s)/\(i)"
                items.append(ReviewSampler.Item(id: id, system: "\(s)", uncertainty: note.disagreement))
                position[id] = (s, i)
            }
        }
        let sampler = ReviewSampler(budget: 1.25 * Double(count * systems.count), seed: generator.next())
        var result = systems.map { $0.map { RatedNote(encounter: $0.encounter, judge: $0.judge) } }
        var answered = [Int](repeating: 0, count: systems.count)
        for selected in sampler.sample(items).order {
            let (s, i) = position[selected.id]!
            guard answered[s] < count else { continue }
            answered[s] += 1
            result[s][i].expert = systems[s][i].expert
            result[s][i].inclusionProbability = selected.inclusionProbability
        }
        return result
    }

    static func difficulty(_ k: Int, of criteria: Int) -> Double {
        criteria > 1 ? -1.5 + 3 * Double(k) / Double(criteria - 1) : 0
    }

    static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// E[logistic(m + sd·Z)], Z standard normal, by the trapezoid rule over ±10 sd.
    static func expectedLogistic(_ m: Double, sd: Double) -> Double {
        let steps = 4000
        let h = 20.0 / Double(steps)
        var sum = 0.0
        for i in 0...steps {
            let z = -10 + Double(i) * h
            let weight = (i == 0 || i == steps) ? 0.5 : 1
            sum += weight * logistic(m + sd * z) * exp(-z * z / 2)
        }
        return sum * h / (2 * Double.pi).squareRoot()
    }

    static func uniform(_ generator: inout SeededGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// A standard normal draw (Box–Muller).
    static func normal(_ generator: inout SeededGenerator) -> Double {
        let u = 1 - uniform(&generator)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * uniform(&generator))
    }
}
