import ScribeGrade

/// In tests, `SourceLocation` is ScribeGrade's (Swift Testing has one too).
typealias SourceLocation = ScribeGrade.SourceLocation
