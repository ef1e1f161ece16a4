import Testing
@testable import ScribeGrade

/// Randomly damaged rubric files: decoding never crashes, and whatever it rejects it rejects
/// with at least one error that points at a line of the file.
@Suite struct RubricMutationTests {
    static let pieces = [":", " ", "\n", "-", "[", "]", "{", "}", "\"", "'", "#", "\t", "&a", "*a", "? ", "|", ">", "0", "é", "id: x\n", "  - ", "    points: 1\n"]

    @Test func damagedRubricsAreRejectedWithLocatedErrorsNeverACrash() throws {
        let path = "rubrics/valid/day1_consultation01.yaml"
        let original = try LocalFileSource().read(RubricFixtures.path("valid/day1_consultation01.yaml"))
        let files = InMemoryFileSource([
            "rubrics/common/soap-quality.yaml": try LocalFileSource().read(RubricFixtures.path("common/soap-quality.yaml")),
        ])
        #expect(RubricDecoder(files: files).check(original, path: path).diagnostics.isEmpty)
        var generator = SeededGenerator(seed: 7)
        var rejected = 0
        for _ in 0..<1000 {
            var scalars = Array(original.unicodeScalars)
            for _ in 0..<(1 + generator.index(below: 4)) {
                let at = generator.index(below: scalars.count)
                switch generator.index(below: 3) {
                case 0: scalars.remove(at: at)
                case 1: scalars.insert(contentsOf: Self.pieces[generator.index(below: Self.pieces.count)].unicodeScalars, at: at)
                default: scalars[at] = Self.pieces[generator.index(below: Self.pieces.count)].unicodeScalars.first!
                }
            }
            let text = String(String.UnicodeScalarView(scalars))
            let lineCount = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
            let check = RubricDecoder(files: files).check(text, path: path)
            if check.rubric == nil {
                rejected += 1
                #expect(!check.errors.isEmpty)
            }
            for diagnostic in check.diagnostics where diagnostic.location.file == path {
                let line = try #require(diagnostic.location.line, "\(diagnostic)")
                #expect((1...max(lineCount, 1)).contains(line), "\(diagnostic)")
            }
        }
        // Most damage breaks the file; some lands in comments or text and leaves a valid rubric.
        #expect((300..<1000).contains(rejected), "\(rejected) of 1000 rejected")
    }
}
