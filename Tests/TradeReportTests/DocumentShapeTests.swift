import Foundation
import Testing
import TradeModel
import TradeSolver
@testable import TradeReport

/// The JSON contracts promise every key in every object, `null` when absent (docs/result-format.md,
/// docs/sensitivity.md, docs/sweep.md); synthesized Codable alone would leave absent keys out.
@Suite struct DocumentShapeTests {
    static func object(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func absentOptionalsAreWrittenAsNull() throws {
        let change = try Self.object(SweepDocument.ChangeEntry(kind: "becomes-feasible"))
        #expect(Set(change.keys) == ["kind", "id", "from", "to"])
        #expect(change["id"] is NSNull && change["from"] is NSNull && change["to"] is NSNull)

        let move = try Self.object(SensitivityDocument.Move(value: 5))
        #expect(Set(move.keys) == ["value", "status", "buyerValue", "change", "note"])
        #expect(move["status"] is NSNull && move["note"] is NSNull)
    }

    @Test func presentOptionalsKeepTheirValues() throws {
        let change = try Self.object(SweepDocument.ChangeEntry(kind: "quantity", id: "azure", from: "1", to: "2"))
        #expect(change["id"] as? String == "azure" && change["to"] as? String == "2")
    }

    @Test func aDocumentReadsBackEqual() throws {
        // The default model's document: a program without a contribution kind (design-partner) is
        // `"kind": null`, and every top-level key is there.
        let (trade, scenario, explanation) = try explain("models/contoso-ea-renewal.yaml")
        let document = TradeDocument(trade: trade, scenario: scenario, explanation: explanation)
        let json = document.json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["diagnosis"] is NSNull)
        let programs = try #require(object["programs"] as? [[String: Any]])
        #expect(programs.allSatisfy { $0.keys.contains("kind") })
        #expect(programs.contains { $0["id"] as? String == "design-partner" && $0["kind"] is NSNull })
        let decoded = try JSONDecoder().decode(TradeDocument.self, from: Data(json.utf8))
        #expect(decoded == document)
    }
}
