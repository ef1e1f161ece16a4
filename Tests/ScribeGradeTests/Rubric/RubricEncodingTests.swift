import Foundation
import Testing
@testable import ScribeGrade

/// A rubric that is not UTF-8 is reported at the line and column of its first invalid byte.
@Suite struct RubricEncodingTests {
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("encoding-\(UUID().uuidString).yaml").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let head = Array("id: r\r\nencounter: e\ntitle: é中 caf".utf8)
    static let tail = Array(" au lait\ncriteria:\n  - {id: a, text: A., points: 1}\n".utf8)

    @Test func aLatin1ByteIsReportedAtItsLineAndColumn() throws {
        let path = try Self.file(Self.head + [0xE9] + Self.tail)
        let load = RubricLoader().load([path])
        #expect(load.diagnostics.map(\.description) == [
            "\(path):3:14: error: file is not valid UTF-8 text: byte 0xE9 does not form a character here; save it as UTF-8",
        ])
    }

    @Test func aTruncatedCharacterAtTheEndIsReportedWhereItStarts() throws {
        let path = try Self.file(Array("id: r\nencounter: e\ncriteria: []\n# 中".utf8).dropLast(1))
        let check = RubricDecoder().check(fileAt: path)
        #expect(check.diagnostics.map(\.description) == [
            "\(path):4:3: error: file is not valid UTF-8 text: byte 0xE4 does not form a character here; save it as UTF-8",
        ])
    }

    @Test func aStrayContinuationByteOnTheFirstLineIsReported() throws {
        let path = try Self.file([0x69, 0x64, 0x3A, 0x20, 0x80] + Self.tail)
        #expect(RubricDecoder().check(fileAt: path).diagnostics.map(\.description) == [
            "\(path):1:5: error: file is not valid UTF-8 text: byte 0x80 does not form a character here; save it as UTF-8",
        ])
    }
}
