import Testing
@testable import ScribeGrade

@Suite struct PathsTests {
    @Test(arguments: [
        ("Rubrics/primock57/a.yaml", "../common/q.yaml", "Rubrics/common/q.yaml"),
        ("a.yaml", "common/q.yaml", "common/q.yaml"),
        ("a.yaml", "../q.yaml", "../q.yaml"),
        ("./x/a.yaml", "./q.yaml", "x/q.yaml"),
        ("x/a.yaml", "../../q.yaml", "../q.yaml"),
        ("/r/x/a.yaml", "../q.yaml", "/r/q.yaml"),
        ("/a.yaml", "../../q.yaml", "/q.yaml"),
        ("x/a.yaml", "/abs//q.yaml", "/abs/q.yaml"),
        ("x//y/a.yaml", "q.yaml", "x/y/q.yaml"),
    ])
    func includesResolveAgainstTheIncludingFilesDirectory(_ file: String, _ relative: String, _ expected: String) {
        #expect(Paths.resolve(relative, from: file) == expected)
    }

    @Test func normalizingKeepsWhatCannotBeRemoved() {
        #expect(Paths.normalize("a/..") == ".")
        #expect(Paths.normalize("../../a") == "../../a")
        #expect(Paths.normalize("/..") == "/")
        #expect(Paths.directory(of: "/a.yaml") == "/")
        #expect(Paths.fileName(of: "x/y/a.yaml") == "a.yaml")
    }
}
