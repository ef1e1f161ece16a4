/// Aggregates note scores per system and compares systems, with encounter-clustered bootstrap
/// intervals.
public enum SystemScorer {
    /// Scores per system, best first (ties by name).
    public static func score(_ notes: [NoteScore], options: BootstrapOptions = BootstrapOptions()) -> [SystemScore] {
        let bySystem = Dictionary(grouping: notes, by: \.system)
        var results: [SystemScore] = []
        for (system, systemNotes) in bySystem {
            let scored = systemNotes.filter { $0.score != nil }
            let clusters = clusterSums(scored)
            let total = clusters.reduce(0) { $0 + $1.sum }
            let count = clusters.reduce(0) { $0 + $1.count }
            let meanRaw = count > 0 ? total / Double(count) : 0
            let interval = ClusterBootstrap.interval(clusterCount: clusters.count, options: options) { draws in
                var sum = 0.0
                var n = 0
                for (index, times) in draws.enumerated() where times > 0 {
                    sum += Double(times) * clusters[index].sum
                    n += times * clusters[index].count
                }
                return n > 0 ? NoteScorer.clip(sum / Double(n)) : nil
            }
            var sectionValues: [String: [Double]] = [:]
            for note in scored {
                for (section, value) in note.sections { sectionValues[section, default: []].append(value) }
            }
            results.append(SystemScore(
                system: system, score: NoteScorer.clip(meanRaw), meanRaw: meanRaw,
                ci95: interval.map { [$0.lower, $0.upper] } ?? [],
                notes: scored.count, encounters: clusters.count,
                criticalMissed: systemNotes.reduce(0) { $0 + $1.criticalMissed.count },
                failed: systemNotes.reduce(0) { $0 + $1.failed },
                sections: sectionValues.mapValues { $0.reduce(0, +) / Double($0.count) }))
        }
        return results.sorted { ($0.score, $1.system) > ($1.score, $0.system) }
    }

    /// Paired comparisons of every pair of systems, in the order of `systems`.
    public static func compare(
        _ notes: [NoteScore], systems: [String], options: BootstrapOptions = BootstrapOptions()
    ) -> [SystemComparison] {
        var perEncounter: [String: [String: Double]] = [:]  // system -> encounter -> mean raw
        for (system, systemNotes) in Dictionary(grouping: notes.filter { $0.score != nil }, by: \.system) {
            for (encounter, encounterNotes) in Dictionary(grouping: systemNotes, by: \.encounter) {
                let values = encounterNotes.compactMap(\.score)
                perEncounter[system, default: [:]][encounter] = values.reduce(0, +) / Double(values.count)
            }
        }
        var comparisons: [SystemComparison] = []
        for (i, a) in systems.enumerated() {
            for b in systems[(i + 1)...] {
                guard let scoresA = perEncounter[a], let scoresB = perEncounter[b] else { continue }
                let shared = Set(scoresA.keys).intersection(scoresB.keys).sorted()
                guard !shared.isEmpty else { continue }
                let differences = shared.map { scoresA[$0]! - scoresB[$0]! }
                let mean = differences.reduce(0, +) / Double(differences.count)
                let interval = ClusterBootstrap.interval(clusterCount: differences.count, options: options) { draws in
                    var sum = 0.0
                    var n = 0
                    for (index, times) in draws.enumerated() where times > 0 {
                        sum += Double(times) * differences[index]
                        n += times
                    }
                    return sum / Double(n)
                }
                let ci = interval.map { [$0.lower, $0.upper] } ?? []
                let significant = interval.map { $0.lower > 0 || $0.upper < 0 } ?? false
                comparisons.append(SystemComparison(
                    a: a, b: b, difference: mean, ci95: ci, encounters: shared.count, significant: significant))
            }
        }
        return comparisons
    }

    /// Sum and count of raw scores per encounter, in encounter order.
    static func clusterSums(_ notes: [NoteScore]) -> [(sum: Double, count: Int)] {
        let grouped = Dictionary(grouping: notes, by: \.encounter)
        return grouped.keys.sorted().map { encounter in
            let values = grouped[encounter]!.compactMap(\.score)
            return (values.reduce(0, +), values.count)
        }
    }
}
