/// The version of ScribeGrade, printed by `scribegrade --version`.
public enum ScribeGradeVersion {
    public static let string = "0.1.0"
}
