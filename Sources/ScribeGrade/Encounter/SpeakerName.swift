import Foundation

/// Normalises speaker labels so the same role reads the same across transcript formats.
public enum SpeakerName {
    /// Spellings of the two fixed roles, lower-cased with punctuation dropped.
    static let roles: [String: String] = [
        "doctor": "doctor", "dr": "doctor", "doc": "doctor", "d": "doctor",
        "patient": "patient", "pt": "patient", "p": "patient",
    ]

    /// `doctor` or `patient` for the usual spellings of those roles (`Doctor`, `DR.`, `Pt`);
    /// any other label trimmed but otherwise as written.
    public static func normalise(_ label: String) -> String {
        let trimmed = label.trimmingCharacters(in: .whitespaces)
        let key = String(trimmed.lowercased().filter { $0.isLetter })
        return roles[key] ?? trimmed
    }
}
