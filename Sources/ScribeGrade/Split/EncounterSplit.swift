import Foundation

/// Encounters divided into a development part, on which rubrics and judge prompts are tuned and
/// judges calibrated, and a held-out test part that ranks the products. Tuning on the encounters
/// that rank overfits the rubric to them; keeping the parts apart is what makes a leaderboard
/// on the test part honest.
///
/// The division is by encounter (every note and rating of an encounter falls in one part), seeded
/// and reproducible, and — when strata are given (a specialty, a site) — made within each
/// stratum, so both parts hold each stratum in about the dev share.
public struct EncounterSplit: Sendable, Hashable, Codable {
    public enum Part: String, Sendable, Hashable, Codable, CaseIterable {
        case dev
        case test
    }

    public var seed: UInt64
    /// The share of each stratum's encounters in the dev part (rounded to whole encounters).
    public var devShare: Double
    /// What the strata were, e.g. the file they came from; nil when not stratified.
    public var stratifiedBy: String?
    /// Every encounter's part.
    public var parts: [String: Part]

    public init(seed: UInt64, devShare: Double, stratifiedBy: String? = nil, parts: [String: Part]) {
        self.seed = seed
        self.devShare = devShare
        self.stratifiedBy = stratifiedBy
        self.parts = parts
    }

    enum CodingKeys: String, CodingKey {
        case seed, parts = "encounters"
        case devShare = "dev_share"
        case stratifiedBy = "stratified_by"
    }

    /// Splits `encounters`: within each stratum (all one stratum when `strata` is nil, an
    /// encounter missing from it in a stratum of its own name ""), encounters in sorted order are
    /// shuffled by a generator seeded with `seed`, and the first round(share × count) are dev.
    public static func make(
        encounters: [String], devShare: Double, seed: UInt64, strata: [String: String]? = nil, stratifiedBy: String? = nil
    ) -> EncounterSplit {
        var generator = SeededGenerator(seed: seed)
        var parts: [String: Part] = [:]
        let groups = Dictionary(grouping: Set(encounters).sorted()) { strata?[$0] ?? "" }
        for stratum in groups.keys.sorted() {
            let shuffled = groups[stratum]!.shuffled(using: &generator)
            let dev = Int((devShare * Double(shuffled.count)).rounded())
            for (index, encounter) in shuffled.enumerated() { parts[encounter] = index < dev ? .dev : .test }
        }
        return EncounterSplit(seed: seed, devShare: devShare, stratifiedBy: strata == nil ? nil : stratifiedBy, parts: parts)
    }

    /// The encounters of one part.
    public func encounters(in part: Part) -> Set<String> {
        Set(parts.filter { $0.value == part }.keys)
    }
}

/// Which part of which split a run or report covers, as outputs print it.
public struct SplitSelection: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The split file's name and content hash, e.g. `split.json@3f2a9c1d0b7e`.
    public var file: String
    public var part: EncounterSplit.Part
    /// Encounters of that part.
    public var encounters: Int
    /// Encounters of the whole split.
    public var of: Int

    public init(file: String, part: EncounterSplit.Part, encounters: Int, of: Int) {
        self.file = file
        self.part = part
        self.encounters = encounters
        self.of = of
    }

    public var description: String {
        "split \(part.rawValue): \(encounters) of \(of) encounters (\(file))"
    }
}
