import Foundation
import ScribeGrade
import Testing

@Suite struct TextGridParserTests {
    @Test func readsPriMockLongFormatWithSpaceIndentation() throws {
        let path = ImportFixture.path("primock57/transcripts/day1_consultation01_doctor.TextGrid")
        let grid = try TextGridParser.parse(try ImportFixture.text("primock57/transcripts/day1_consultation01_doctor.TextGrid"), path: path)
        #expect(grid.start == 0)
        #expect(grid.end == 457.92)
        #expect(grid.tiers.count == 1)
        let tier = try #require(grid.tiers.first)
        #expect(tier.kind == .interval)
        #expect(tier.name == "Doctor")
        #expect(tier.intervals.count == 97)
        #expect(tier.intervals[0].text == "")
        #expect(tier.intervals[1].start == 2.5334561157322537)
        #expect(tier.intervals[1].end == 12.499861706065632)
        #expect(tier.intervals[1].text.hasPrefix("Hello? Hi. Um, should we start? Yeah, okay. <UNSURE>Hello how</UNSURE> um."))
        #expect(tier.intervals[1].line == 22)
        #expect(tier.intervals.filter { !$0.text.isEmpty }.count == 53)
    }

    @Test func readsPriMockLongFormatWithTabIndentation() throws {
        let text = try ImportFixture.text("primock57/transcripts/day1_consultation02_doctor.TextGrid")
        #expect(text.contains("\t\tname = \"Speaker\""))
        let grid = try TextGridParser.parse(text, path: "day1_consultation02_doctor.TextGrid")
        #expect(grid.end == 559.199977324263)
        #expect(grid.tiers[0].name == "Speaker")
        #expect(grid.tiers[0].intervals.count == 131)
        #expect(grid.tiers[0].intervals[0].text == "Hello?")
        #expect(grid.tiers[0].intervals[0].end == 2.64429372934949)
    }

    @Test func readsShortFormatAndDoubledQuotes() throws {
        let grid = try TextGridParser.parse(try ImportFixture.text("transcripts/day1_consultation01-short.TextGrid"), path: "short.TextGrid")
        #expect(grid.tiers.map(\.name) == ["Doctor", "Patient"])
        #expect(grid.tiers[0].intervals.count == 3)
        #expect(grid.tiers[1].intervals[1].text == "Hello, how are you? Oh hey, um, I've just had some \"diarrhea\" for the last three days.")
        #expect(grid.tiers[1].intervals[1].start == 3.9071713687564986)
    }

    @Test func reportsANonNumberWithItsLineAndColumn() {
        let path = ImportFixture.path("malformed/bad-number.TextGrid")
        let diagnostics = ImportFixture.diagnostics { _ = try TextGridParser.parse(try ImportFixture.text("malformed/bad-number.TextGrid"), path: path) }
        // "xmax = ten" is skipped as a label, so the next value read for xmax is the text string.
        #expect(diagnostics.map(\.description) == [
            "\(path):22:20: error: expected xmax of interval 2 of tier 1 as a number, found a string",
        ])
    }

    @Test func reportsATruncatedFileAtItsLastLine() {
        let diagnostics = ImportFixture.diagnostics { _ = try TextGridParser.parse(try ImportFixture.text("malformed/truncated.TextGrid"), path: "t.TextGrid") }
        #expect(diagnostics.map(\.description) == ["t.TextGrid:18: error: unexpected end of file; expected xmin of interval 2 of tier 1"])
    }

    @Test func reportsAnUnterminatedString() {
        let diagnostics = ImportFixture.diagnostics { _ = try TextGridParser.parse(try ImportFixture.text("malformed/unterminated.TextGrid"), path: "u.TextGrid") }
        #expect(diagnostics.map(\.description) == ["u.TextGrid:18:20: error: unterminated string (a \" without its closing \")"])
    }

    @Test func reportsAnIntervalThatEndsBeforeItStarts() {
        let diagnostics = ImportFixture.diagnostics { _ = try TextGridParser.parse(try ImportFixture.text("malformed/backwards.TextGrid"), path: "b.TextGrid") }
        #expect(diagnostics.map(\.description) == ["b.TextGrid:17:20: error: interval 1 of tier 1 ends (xmax) before it starts (xmin)"])
    }

    @Test func refusesOtherPraatObjectsAndBinaryFiles() {
        let pitch = ImportFixture.diagnostics { _ = try TextGridParser.parse(try ImportFixture.text("malformed/pitch.TextGrid"), path: "p.TextGrid") }
        #expect(pitch.map(\.description) == ["p.TextGrid:2:16: error: not a TextGrid: the object class is not \"TextGrid\""])
        let binary = ImportFixture.diagnostics { _ = try TextGridParser.parse("ooBinaryFile\u{08}TextGrid", path: "bin.TextGrid") }
        #expect(binary.first?.location == SourceLocation(file: "bin.TextGrid", line: 1, column: 1))
        #expect(binary.first?.message.contains("binary") == true)
    }
}
