// swift-tools-version:5.4
// libFuzzer targets for the parsers that read untrusted input; see README.md. Build and run
// with `bash Fuzz/run.sh [seconds-per-target]`.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM renames an executable's `main` to
// `<module>_main` and links `main` to it, which clashes with libFuzzer's own `main` (the
// targets are compiled with -parse-as-library and have none).
import Foundation
import PackageDescription

// A local package's identity is its folder's name, which differs between clones.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let scribeGrade = root.lastPathComponent

let targets = ["FuzzRubric", "FuzzNotes", "FuzzTranscript", "FuzzRatings", "FuzzJSON"]

let package = Package(
    name: "ScribeGradeFuzz",
    products: targets.map { .executable(name: $0, targets: [$0]) },
    dependencies: [.package(path: root.path)],
    targets: targets.map {
        .executableTarget(name: $0, dependencies: [.product(name: "ScribeGrade", package: scribeGrade)])
    }
)
