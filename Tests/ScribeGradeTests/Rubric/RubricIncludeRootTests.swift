import Foundation
import Testing
@testable import ScribeGrade

/// Includes resolve only inside the rubric root, symbolic links followed to their real path
/// first, and a file outside it is never read, so none of its text can reach a diagnostic.
@Suite struct RubricIncludeRootTests {
    static let marker = "SECRET-MARKER-7f3a"
    static let secret = "\(marker): do not print\n\(marker)-2: [1, 2\n"

    /// A fresh directory holding `root/` and a secret file beside it (outside the root).
    static func layout() throws -> (root: String, secret: String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("include-root-\(UUID().uuidString)")
        let root = base.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("common"), withIntermediateDirectories: true)
        let secret = base.appendingPathComponent("secret.yaml")
        try Self.secret.write(to: secret, atomically: true, encoding: .utf8)
        try "criteria:\n  - {id: shared, text: Shared., points: 1}\n".write(
            to: root.appendingPathComponent("common/shared.yaml"), atomically: true, encoding: .utf8)
        return (root.resolvingSymlinksInPath().path, secret.resolvingSymlinksInPath().path)
    }

    static func rubric(including paths: [String]) -> String {
        "id: r\nencounter: e\ninclude: [\(paths.map { "'\($0)'" }.joined(separator: ", "))]\ncriteria:\n  - {id: a, text: A., points: 1}\n"
    }

    @Test func absoluteAndParentIncludesOutsideTheRootAreRefusedUnread() throws {
        let (root, secret) = try Self.layout()
        try Self.rubric(including: [secret, "../secret.yaml", "common/shared.yaml"])
            .write(toFile: "\(root)/r.yaml", atomically: true, encoding: .utf8)
        let load = RubricLoader().load([root])
        #expect(load.diagnostics.map(\.description) == [
            "\(root)/r.yaml:3:11: error: include '\(secret)' is outside the rubric root '\(root)'",
            "\(root)/r.yaml:3:\(15 + secret.count): error: include '../secret.yaml' is outside the rubric root '\(root)'",
        ])
        #expect(!load.diagnostics.map(\.description).joined().contains(Self.marker))
    }

    @Test func aSymbolicLinkInsideTheRootToAFileOutsideIsRefused() throws {
        let (root, secret) = try Self.layout()
        try FileManager.default.createSymbolicLink(atPath: "\(root)/common/link.yaml", withDestinationPath: secret)
        try FileManager.default.createSymbolicLink(atPath: "\(root)/outside", withDestinationPath: Paths.directory(of: secret))
        try Self.rubric(including: ["common/link.yaml", "outside/secret.yaml"])
            .write(toFile: "\(root)/r.yaml", atomically: true, encoding: .utf8)
        let check = RubricLoader().load(["\(root)/r.yaml"])
        #expect(check.diagnostics.map(\.description) == [
            "\(root)/r.yaml:3:11: error: include 'common/link.yaml' is outside the rubric root '\(root)'",
            "\(root)/r.yaml:3:31: error: include 'outside/secret.yaml' is outside the rubric root '\(root)'",
        ])
    }

    @Test func aSymbolicLinkThatStaysInsideTheRootIsFollowed() throws {
        let (root, _) = try Self.layout()
        try FileManager.default.createSymbolicLink(atPath: "\(root)/link.yaml", withDestinationPath: "common/shared.yaml")
        try Self.rubric(including: ["link.yaml"]).write(toFile: "\(root)/r.yaml", atomically: true, encoding: .utf8)
        let rubric = try #require(RubricLoader().load(["\(root)/r.yaml"]).rubrics.first)
        #expect(rubric.criteria.map(\.id) == ["shared", "a"])
    }

    @Test func aFileThatIsNotYAMLIsNotRead() throws {
        let (root, _) = try Self.layout()
        try Self.secret.write(toFile: "\(root)/notes.txt", atomically: true, encoding: .utf8)
        try Self.rubric(including: ["notes.txt"]).write(toFile: "\(root)/r.yaml", atomically: true, encoding: .utf8)
        let load = RubricLoader().load(["\(root)/r.yaml"])
        #expect(load.diagnostics.map(\.description) == [
            "\(root)/r.yaml:3:11: error: include 'notes.txt' is not a rubric fragment; fragments are .yaml or .yml files",
        ])
    }

    @Test func theRootIsTheWorkingDirectoryForPathsInsideIt() {
        // The service's uploads, and any relative path: `..` and `/` lead outside the set.
        let files = InMemoryFileSource([
            "rubrics/r.yaml": Self.rubric(including: ["../common/shared.yaml", "../../up.yaml", "/etc/passwd"]),
            "common/shared.yaml": "criteria:\n  - {id: shared, text: Shared., points: 1}\n",
            "../up.yaml": Self.secret,
            "/etc/passwd": Self.secret,
        ])
        let check = RubricDecoder(files: files).check(fileAt: "rubrics/r.yaml")
        #expect(check.diagnostics.map(\.description) == [
            "rubrics/r.yaml:3:36: error: include '../../up.yaml' is outside the rubric root '.'",
            "rubrics/r.yaml:3:53: error: include '/etc/passwd' is outside the rubric root '.'",
        ])
    }
}
