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
            Each row is one rater's rating of one unit (a criterion of a note, a statement, ...); \
            a rater may rate a unit once, and need not rate every unit. A blank value is a \
            missing rating. Values are labels on a nominal scale, numbers otherwise.

            Overall: percent agreement (mean share of agreeing rater pairs per unit), \
            Krippendorff's alpha (at the scale's level), Fleiss' kappa (nominal scale, same number \
            of ratings per unit), Gwet's AC1 (values as categories), ICC(2,1) (interval scale, \
            every rater rated every unit). Per pair of raters, in the order raters first appear, \
            over the units both rated: percent agreement, Cohen's kappa, Gwet's AC1, macro F1 \
            (exactly two labels; b is the reference), quadratic-weighted kappa (ordinal), \
            Pearson, Spearman, Kendall tau-b (ordinal, interval), and the confusion matrix \
            (rows a, columns b; nominal and ordinal scales only: interval values are numbers, not \
            categories). With --bootstrap (the default on the interval scale) every statistic gets \
            a 95% percentile interval, in the table and as "overall_ci95" and each pair's "ci95" \
            in JSON. Labels are sorted numerically on ordinal and interval scales and \
            by Unicode code point on a nominal one. Undefined statistics are null in JSON, - in \
            the table.

            JSON: {"scale", "units" (number of units), "raters" (ids in order of first \
            appearance), "overall", "pairs", "icc2_1"}; every key is always present.

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

    @Option(help: ArgumentHelp("Bootstrap resamples (over units) for 95% intervals of every statistic; default 1000 on the interval scale, none otherwise.", valueName: "n"))
    var bootstrap: Int?

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 0

    func validate() throws {
        if let bootstrap, bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more.") }
    }

    /// Confusion matrices grow with the square of the distinct values; beyond this many, the
    /// data is not categorical enough for them (continuous interval data).
    static let maximumLabels = 1000

    func run() async throws {
        let table = try Diagnostics.exitingOnInputError {
            let table = try RatingsCSV.read(LocalFileSource().read(ratings), path: ratings, scale: scale)
            guard table.labelCount <= Self.maximumLabels else {
                throw InputError(
                    "\(table.labelCount) distinct values; confusion matrices allow at most \(Self.maximumLabels) (round interval data to fewer values)",
                    at: SourceLocation(file: ratings))
            }
            return table
        }
        let resamples = bootstrap ?? (scale == .interval ? 1000 : 0)
        let report = AgreementReport(table: table, bootstrap: resamples > 0 ? BootstrapOptions(resamples: resamples, seed: seed) : nil)
        switch format {
        case .json:
            Terminal.write(try report.jsonData())
            Terminal.write("\n")
        case .table:
            Terminal.write(report.text(source: ratings))
        }
    }
}
