import Foundation
import Testing
import ScribeGrade
import ScribeGradeStore

/// Provider batches are stored when created and read back by a later process on the same file.
@Suite struct ProviderBatchStoreTests {
    @Test func storedBatchesSurviveReopeningAndKeepTheirItemsAndStatus() async throws {
        let path = temporaryStorePath()
        let first = ProviderBatchRecord(
            id: "batch_1", provider: "openai", judge: "openai:gpt", run: "run-a",
            items: ["sg-1": ["k1", "k2"], "sg-2": ["k3"]], createdAt: Date(timeIntervalSince1970: 100))
        let second = ProviderBatchRecord(
            id: "msgbatch_2", provider: "anthropic", judge: "anthropic:claude", run: "run-a",
            items: ["sg-3": ["k4"]], createdAt: Date(timeIntervalSince1970: 200))
        let other = ProviderBatchRecord(id: "batch_3", provider: "openai", judge: "openai:gpt", run: "run-b", items: ["sg-9": ["k9"]])
        do {
            let store = try SQLiteStore(path: path)
            try await store.saveBatch(second)
            try await store.saveBatch(first)
            try await store.saveBatch(other)
            try await store.setStatus(.collected, ofBatch: "batch_1")
        }
        let reopened = try SQLiteStore(path: path)
        let batches = try await reopened.batches(ofRun: "run-a")
        #expect(batches.map(\.id) == ["batch_1", "msgbatch_2"])
        #expect(batches[0].items == first.items)
        #expect(batches[0].status == .collected)
        #expect(batches[1].status == .submitted)
        #expect(batches[1].provider == "anthropic")
        #expect(batches[1].judge == "anthropic:claude")
        #expect(try await reopened.batches(ofRun: "run-c").isEmpty)
    }
}
