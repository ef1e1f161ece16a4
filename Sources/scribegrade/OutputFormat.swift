import ArgumentParser
import ScribeGrade

/// How `grade` and `report` print results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
    case csv
    case html
}

extension VerdictCombiner.Method: ExpressibleByArgument {}
