import ArgumentParser
import Foundation
import ScribeGrade

extension RatingScale: ExpressibleByArgument {}

/// `scribegrade agreement`: inter-rater agreement statistics of long-format ratings.
struct AgreementCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Inter-rater agreement of ratings in a CSV file (unit,rater,value).",
        discussion: """
            Each row is one rater's rating of one unit (a criterion of a note, a statement, ...);
            a rater may rate a unit once. Raters need not rate every unit.

            Overall: percent agreement, Krippendorff's alpha, Fleiss' kappa (nominal scale, same
            number of ratings per unit), Gwet's AC1, ICC(2,1) (interval scale, complete data).
            Per pair of raters, in the order they first appear: percent agreement, Cohen's kappa,
            Gwet's AC1, macro F1 (two labels; b is the reference), quadratic-weighted kappa
            (ordinal), Pearson, Spearman, Kendall tau-b (ordinal, interval), confusion matrix.
            Labels are sorted numerically on ordinal and interval scales, by code point on a
            nominal scale. Undefined statistics are null (JSON) or - (table).

            Examples:
              scribegrade agreement ratings.csv
              scribegrade agreement scores.csv --scale ordinal --format json
            """
    )

    @Argument(help: "CSV file with header unit,rater,value.")
    var ratings: String

    @Option(help: "Level of measurement of the values: nominal, ordinal or interval.")
    var scale: RatingScale = .nominal

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    func run() async throws {
        let table = try await Diagnostics.exitingOnInputError {
            try RatingsCSV.read(LocalFileSource().read(ratings), path: ratings, scale: scale)
        }
        let report = AgreementReport(table: table)
        switch format {
        case .json:
            FileHandle.standardOutput.write(try report.jsonData())
            FileHandle.standardOutput.write(Data("\n".utf8))
        case .table:
            FileHandle.standardOutput.write(Data(report.text(source: ratings).utf8))
        }
    }
}
