import Foundation
import Testing

@testable import ScribeGrade

/// ICC(C,1), the note-level calibration's consistency ICC, against pingouin.
@Suite struct ConsistencyICCTests {
    @Test func iccC1MatchesPingouinOnShroutAndFleiss1979() throws {
        // pingouin.intraclass_corr: ICC(C,1) (ICC3) = 0.7148407148407154.
        let table = try AgreementFixtures.table("shrout-fleiss-1979.csv", scale: .interval)
        let value = try #require(IntraclassCorrelation.icc31(table))
        #expect(abs(value - 0.7148407148407154) < 1e-9)
        // ICC(A,1) is unchanged by sharing its ANOVA with ICC(C,1).
        #expect(abs(try #require(IntraclassCorrelation.icc21(table)) - 0.28976377952755916) < 1e-12)
    }
}
