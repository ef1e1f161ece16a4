// `CorrectionTool note-level FILE.json`: ScribeGrade's note-level agreement on generated data,
// for Tests/Reference/note_level_reference.py to compare with scipy, pingouin and scikit-learn.
import Foundation
import ScribeGrade

/// One generated data set: a judge's note scores and raters' values on one dimension.
struct NoteLevelCase: Decodable {
    struct Score: Decodable {
        var system: String
        var encounter: String
        var score: Double
    }

    struct Rating: Decodable {
        var system: String
        var encounter: String
        var rater: String
        var value: Double
    }

    var name: String
    var dimension: String
    /// A scale declaration, as `--scale` takes it: `interval:0:1`, `ordinal:1,2,3`, …
    var scale: String
    var scores: [Score]
    var ratings: [Rating]
}

struct NoteLevelCaseResult: Encodable {
    var name: String
    var result: NoteLevelAgreement?
}

/// `note-level FILE.json`: reads `{"cases": [NoteLevelCase]}` from the file and prints
/// `{"cases": [{"name", "result"}]}`, `result` being the case's `note_level` entry as
/// `calibrate --format json` writes it; exits 2 naming the file on bad input.
func noteLevelReference(_ arguments: ArraySlice<String>) {
    guard arguments.count == 1, let path = arguments.first else { fail("usage: CorrectionTool note-level FILE.json") }
    do {
        try noteLevelReference(path: path)
    } catch {
        fail("\(path): \(error)")
    }
}

func noteLevelReference(path: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let cases = try JSONDecoder().decode([String: [NoteLevelCase]].self, from: data)["cases"] ?? []
    var results: [NoteLevelCaseResult] = []
    for item in cases {
        let scale: NoteRatingScale
        do {
            scale = try NoteRatingScale(declaration: item.scale)
        } catch {
            fail("\(path): case \(item.name): \(error.message)")
        }
        let ratings = item.ratings.map {
            NoteRating(system: $0.system, encounter: $0.encounter, rater: $0.rater, dimension: item.dimension, value: $0.value, source: "reference")
        }
        let agreement = NoteLevelAgreement.compute(
            judge: "judge", scores: item.scores.map { ($0.system, $0.encounter, $0.score) }, ratings: ratings,
            scales: [item.dimension: scale], bootstrap: BootstrapOptions(resamples: 20, seed: 0))
        results.append(NoteLevelCaseResult(name: item.name, result: agreement.first))
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: try encoder.encode(["cases": results]), as: UTF8.self))
}
