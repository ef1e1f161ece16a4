import Foundation
import Testing
@testable import ScribeGrade

@Suite struct PromptTemplateTests {
    static let promptsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Prompts").path

    @Test(arguments: PromptKind.allCases)
    func builtInTemplateIsIdenticalToTheFileInPrompts(kind: PromptKind) throws {
        let file = try String(contentsOfFile: Self.promptsDirectory + "/" + kind.fileName, encoding: .utf8)
        #expect(PromptTemplate.builtIn(kind).text == file, "run Scripts/embed-prompts.sh after editing Prompts/\(kind.fileName)")
        #expect(PromptTemplate.builtIn(kind).hash == (try PromptTemplate(kind: kind, text: file, path: kind.fileName)).hash)
    }

    @Test func loadingFromADirectoryReadsTheFileAndFallsBackToTheBuiltIn() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prompts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let edited = PromptTemplate.builtIn(.perCriterion).text.replacingOccurrences(of: "meticulous", with: "careful")
        try edited.write(to: directory.appendingPathComponent("per-criterion.txt"), atomically: true, encoding: .utf8)
        let loaded = try PromptTemplate.load(.perCriterion, from: directory.path)
        #expect(loaded.text == edited)
        #expect(loaded.hash != PromptTemplate.builtIn(.perCriterion).hash)
        #expect(try PromptTemplate.load(.batched, from: directory.path) == PromptTemplate.builtIn(.batched))
    }

    @Test func aTemplateThatDropsTheNoteIsRejectedAtThePartsLine() throws {
        let text = """
            # comment
            === system ===
            Grade it.
            === shared ===
            <transcript_{{tag}}>
            {{transcript}}
            </transcript_{{tag}}>
            === question ===
            {{criterion_id}} {{criterion_text}}
            """
        #expect {
            try PromptTemplate(kind: .perCriterion, text: text, path: "p.txt")
        } throws: { error in
            let description = String(describing: error)
            return description.contains("p.txt:4:1: error:") && description.contains("{{note}}")
        }
    }

    @Test func anUnclosedSectionIsASyntaxErrorNamingThePart() throws {
        let text = "=== system ===\nx\n=== shared ===\n{{tag}}{{transcript}}{{note}}\n=== question ===\n{{#penalty}}{{criterion_id}}{{criterion_text}}\n"
        #expect {
            try PromptTemplate(kind: .perCriterion, text: text, path: "q.txt")
        } throws: { error in
            String(describing: error).contains("q.txt:5:1: error: '{{#penalty}}' is never closed in the question part")
        }
    }

    @Test func aClosingTagThatClosesNothingIsReportedWhereItIs() throws {
        let text = "=== system ===\nx\n=== shared ===\n{{tag}}{{transcript}}{{note}}\n=== question ===\n{{criterion_id}}\n  {{/penalty}}{{criterion_text}}\n"
        #expect {
            try PromptTemplate(kind: .perCriterion, text: text, path: "q.txt")
        } throws: { error in
            String(describing: error).contains("q.txt:7:6: error: '{{/penalty}}' closes nothing open in the question part")
        }
    }

    @Test func aTagWithoutItsClosingBracesIsReportedWhereItIs() throws {
        let text = "=== system ===\nx\n=== shared ===\n{{tag}}{{transcript}}\n{{note}\n=== question ===\n{{criterion_id}}{{criterion_text}}\n"
        #expect {
            try PromptTemplate(kind: .perCriterion, text: text, path: "q.txt")
        } throws: { error in
            String(describing: error).contains("q.txt:5:") && String(describing: error).contains("closing '}}'")
        }
    }

    @Test func templateTextRendersListsFlagsAndDropsStandaloneSectionLines() throws {
        let template = try PromptPart("A\n{{#items}}\n- {{id}}{{#bad}} (bad){{/bad}}\n{{/items}}\n{{^items}}\nnone\n{{/items}}\nZ")
        let rendered = template.render(["items": .list([["id": .text("x"), "bad": .flag(true)], ["id": .text("y"), "bad": .flag(false)]])])
        #expect(rendered == "A\n- x (bad)\n- y\nZ")
        #expect(template.render(["items": .list([])]) == "A\nnone\nZ")
    }
}

@Suite struct ContentHasherTests {
    @Test func hexDigestsAreSHA256InLowerCaseHex() {
        #expect(ContentHasher.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHasher.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
