import Testing
@testable import ScribeGrade

/// One fixture per kind of rubric error, each asserting the exact compiler-style output.
@Suite struct RubricErrorTests {
    static let sections = "subjective, objective, assessment, plan, any"
    static let pointsMessage = "points must be a non-zero number in [-10, 10]"

    func expectDiagnostics(_ fixture: String, _ expected: [String]) {
        #expect(RubricFixtures.diagnostics(fixture) == RubricFixtures.lines(fixture, expected))
        #expect(throws: InputError.self) { try RubricDecoder().decode(fileAt: RubricFixtures.path(fixture)) }
    }

    @Test func yamlSyntaxErrorIsReportedWhereLibyamlFindsIt() {
        expectDiagnostics("errors/syntax.yaml", [
            "5:34: error: invalid YAML: mapping values are not allowed in this context",
        ])
    }

    @Test func missingRequiredKeysAreNamedAtTheirMapping() {
        expectDiagnostics("errors/missing-keys.yaml", [
            "1:1: error: missing required key 'encounter'",
            "3:5: error: criterion 'no-text' is missing required key 'text'",
            "5:5: error: criterion is missing required key 'id'",
            "7:5: error: criterion 'no-points' is missing required key 'points'",
        ])
    }

    @Test func wrongTypesNameTheFieldAndWhatWasFound() {
        expectDiagnostics("errors/wrong-types.yaml", [
            "2:12: error: encounter must be a string, not a list",
            "4:3: error: title must be a string, not a mapping",
            "9:5: error: each criterion must be a mapping with keys id, text and points, not a string",
            "10:9: error: id must be a string, not a list",
            "12:7: error: text must be a string, not a list",
        ])
    }

    @Test func criteriaThatAreNotAListAreOneError() {
        expectDiagnostics("errors/criteria-not-a-list.yaml", [
            "4:3: error: criteria must be a list of criteria, not a mapping",
        ])
    }

    @Test func unknownKeysSuggestTheClosestKnownKey() {
        expectDiagnostics("errors/unknown-keys.yaml", [
            "3:1: error: unknown key 'titel'; did you mean 'title'?",
            "4:1: error: unknown key 'author'; expected one of id, encounter, version, title, source, include, criteria",
            "6:5: error: criterion 'a' is missing required key 'points'",
            "8:5: error: unknown key 'point'; did you mean 'points'?",
            "9:5: error: unknown key 'weight'; expected one of id, section, text, points, critical, tags, parent",
        ])
    }

    @Test func duplicateCriterionIdPointsAtTheSecondAndNamesTheFirstLine() {
        expectDiagnostics("errors/duplicate-ids.yaml", [
            "10:9: error: duplicate criterion id 'a'; first defined at line 4",
        ])
    }

    @Test func pointsMustBeNonZeroNumbersWithinTen() {
        expectDiagnostics("errors/points.yaml", [
            "6:13: error: \(Self.pointsMessage)",
            "9:13: error: \(Self.pointsMessage)",
            "12:13: error: \(Self.pointsMessage)",
            "15:13: error: \(Self.pointsMessage)",
            "18:13: error: \(Self.pointsMessage)",
        ])
    }

    @Test func unknownSectionListsTheValidOnes() {
        expectDiagnostics("errors/unknown-section.yaml", [
            "5:14: error: unknown section 'history'; expected one of \(Self.sections)",
        ])
    }

    @Test func parentsMustExistNotBeSelfAndNotLoop() {
        expectDiagnostics("errors/parent.yaml", [
            "8:13: error: parent 'pc-diarrhea' is not the id of any criterion; did you mean 'pc-diarrhoea'?",
            "12:13: error: criterion 'self' cannot be its own parent",
            "16:13: error: parent cycle: loop-a -> loop-b -> loop-a",
            "24:13: error: parent 'nothing-like-it' is not the id of any criterion",
        ])
    }

    @Test func aRubricNeedsPositivePoints() {
        expectDiagnostics("errors/no-positive-points.yaml", [
            "4:3: error: rubric has no criteria with positive points; a score divides by their sum",
        ])
    }

    @Test func anEmptyCriteriaListIsAnError() {
        expectDiagnostics("errors/no-criteria.yaml", [
            "3:11: error: rubric has no criteria",
        ])
    }

    @Test func blankOrMissingTextIsAnError() {
        expectDiagnostics("errors/empty-text.yaml", [
            "5:11: error: text must not be empty",
            "8:10: error: text must not be empty",
        ])
    }

    @Test func versionMustBeAPositiveInteger() {
        expectDiagnostics("errors/version.yaml", [
            "3:10: error: version must be a positive integer",
        ])
    }

    @Test func idMustMatchTheFileName() {
        expectDiagnostics("errors/id-mismatch.yaml", [
            "1:5: error: rubric id 'something-else' does not match the file name 'id-mismatch.yaml'; a rubric is stored as <id>.yaml",
        ])
    }

    @Test func tagsMustBeAListOfStrings() {
        expectDiagnostics("errors/tags.yaml", [
            "7:11: error: tags must be a list of strings, not a string",
            "11:21: error: each tag must be a non-empty string, not a list",
        ])
    }

    @Test func criticalMustBeABoolean() {
        expectDiagnostics("errors/critical.yaml", [
            "7:15: error: critical must be true or false",
            "11:15: error: critical must be true or false",
        ])
    }

    @Test func duplicateYamlKeysAreReportedAtEachRepeatWithTheOtherErrors() {
        expectDiagnostics("errors/duplicate-keys.yaml", [
            "7:5: error: duplicate key 'points'; first used at line 6",
            "9:5: error: duplicate key 'section'; first used at line 8",
            "10:5: error: duplicate key 'section'; first used at line 8",
            "13:13: error: \(Self.pointsMessage)",
        ])
    }

    @Test func anEmptyFileIsAnError() {
        expectDiagnostics("errors/empty.yaml", [
            "1:1: error: rubric file is empty; expected keys id, encounter and criteria",
        ])
    }

    @Test func aTopLevelListIsAnError() {
        expectDiagnostics("errors/not-a-mapping.yaml", [
            "1:1: error: a rubric must be a mapping with keys id, encounter and criteria, not a list",
        ])
    }

    @Test func everyProblemOfAFileIsReportedAtOnce() {
        expectDiagnostics("errors/many-errors.yaml", [
            "2:11: error: encounter must not be empty",
            "3:10: error: version must be a positive integer",
            "4:1: error: unknown key 'colour'; expected one of id, encounter, version, title, source, include, criteria",
            "7:14: error: unknown section 'subjectiv'; expected one of \(Self.sections)",
            "9:13: error: \(Self.pointsMessage)",
            "10:9: error: duplicate criterion id 'a'; first defined at line 6",
            "11:11: error: text must not be empty",
            "13:15: error: critical must be true or false",
            "15:13: error: parent 'z' is not the id of any criterion",
            "18:11: error: tags must be a list of strings, not a string",
        ])
    }

    @Test func thrownInputErrorCarriesEveryErrorButNoWarnings() throws {
        let path = RubricFixtures.path("errors/many-errors.yaml")
        let error = try #require(throws: InputError.self) { try RubricDecoder().decode(fileAt: path) }
        #expect(error.diagnostics.count == 10)
        #expect(error.diagnostics.allSatisfy { $0.severity == .error })
    }
}
