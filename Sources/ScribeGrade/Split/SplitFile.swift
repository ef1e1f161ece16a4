import Foundation

/// Reads and writes split files: JSON `{"seed", "dev_share", "stratified_by", "encounters":
/// {"<encounter>": "dev" | "test"}}`, as `scribegrade split` writes them.
public enum SplitFile {
    /// The file's name and the hash of its content, which names the split in runs and reports.
    public static func id(path: String, text: String) -> String {
        RatingSource(path: path, text: text).id
    }

    public static func parse(_ text: String, path: String) throws -> EncounterSplit {
        let split: EncounterSplit
        do {
            split = try JSONDecoder().decode(EncounterSplit.self, from: Data(text.utf8))
        } catch {
            throw InputError(
                "not a split file (expected {\"seed\", \"dev_share\", \"encounters\": {\"<encounter>\": \"dev\" | \"test\"}}); write one with `scribegrade split`",
                at: SourceLocation(file: path))
        }
        guard !split.parts.isEmpty else { throw InputError("the split has no encounters", at: SourceLocation(file: path)) }
        return split
    }

    public static func json(_ split: EncounterSplit) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(split), as: UTF8.self) + "\n"
    }
}
