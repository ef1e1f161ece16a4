/// Finds the candidate a misspelt word most likely meant, for "did you mean …?" hints.
enum ClosestMatch {
    /// The candidate nearest to `word` by edit distance (ignoring case), if it is close enough:
    /// at most a third of the shorter word's length, with one edit allowed from three
    /// characters on (shorter words must match but for case: any one-letter word is one edit
    /// from any other). Ties go to the earlier candidate.
    static func find(_ word: String, in candidates: [String]) -> String? {
        let lowered = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let target = Array(candidate.lowercased())
            let distance = editDistance(lowered, target)
            let shorter = min(lowered.count, target.count)
            let allowed = shorter < 3 ? 0 : max(1, shorter / 3)
            guard distance <= allowed else { continue }
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// Edit distance counting insertions, deletions, substitutions and swaps of two adjacent
    /// characters ("titel" → "title") as one edit each (optimal string alignment).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
