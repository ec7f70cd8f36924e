import Foundation
import Testing

/// End-to-end: `trade sensitivity` as a user runs it.
@Suite struct SensitivityCommandTests {
    /// envelope-binding has six limits: azure-commit's min and max, the incentive's cap and its
    /// condition, the tier's maxPct and the hurdle (the discount is unlimited, so it has no maxPct).
    /// The tier's maxPct is worth 1 × baseline 1,000,000 per unit up to 0.04 (see the solver tests),
    /// and it is the only limit whose ±10% changes the optimum: 0.027 → 27,000, 0.033 → 33,000.
    @Test func jsonReportOfTheEnvelopeFixture() throws {
        let result = try CommandRunner.run(["sensitivity", "fixtures/solve/envelope-binding.yaml", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        #expect(object["format"] as? String == "renewal-trade-sensitivity/v1")
        #expect((object["caveat"] as? String)?.contains("discrete decisions") == true)
        let limits = object["limits"] as! [[String: Any]]
        #expect(limits.count == 6)
        let tier = try #require(limits.first { $0["path"] as? String == "envelope.tiers.account-team.maxPct" })
        let local = tier["local"] as! [String: Any]
        #expect(local["marginalValue"] as? Double == 1_000_000)
        #expect(local["validTo"] as? Double == 0.04)
        let global = tier["global"] as! [String: Any]
        #expect((global["down"] as! [String: Any])["buyerValue"] as? Double == 27_000)
        #expect((global["up"] as! [String: Any])["buyerValue"] as? Double == 33_000)
        #expect((object["ranking"] as! [String]).first == "envelope.tiers.account-team.maxPct")
        let hurdle = try #require(limits.first { $0["path"] as? String == "microsoft.hurdle" })
        #expect((hurdle["local"] as! [String: Any])["validFrom"] is NSNull)  // −∞
    }

    @Test func textCsvAndSvg() throws {
        let svg = FileManager.default.temporaryDirectory.appendingPathComponent("tornado-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: svg) }
        let text = try CommandRunner.run(["sensitivity", "fixtures/solve/envelope-binding.yaml", "--svg", svg.path])
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("valid only while the discrete decisions stay as they are"))
        let ranking = text.standardOutput.components(separatedBy: "Most worth negotiating")
        #expect(ranking.count == 2 && ranking[1].contains("1. envelope.tiers.account-team.maxPct"))
        let chart = try String(contentsOf: svg, encoding: .utf8)
        #expect(chart.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!chart.contains("href") && !chart.contains("<script") && !chart.contains("<image"))
        #expect(chart.contains("envelope.tiers.account-team.maxPct"))
        let csv = try CommandRunner.run(["sensitivity", "fixtures/solve/hurdle-binding.yaml", "--format", "csv"])
        let lines = csv.standardOutput.split(separator: "\n")
        #expect(lines.count == 1 + 4)  // header; azure-commit min and max, the tier's maxPct, the hurdle
        // hurdle-binding: d = 40,000 − hurdle, so 18,000 → 12,000 and 22,000 → 8,000, marginal −1.
        #expect(
            lines.contains(
                "microsoft.hurdle,hurdle,USD,20000,0,true,-1,-10000,40000,2000,18000,optimal,12000,22000,optimal,8000,2000"
            ))
    }

    @Test func exitStatusesAsForSolve() throws {
        #expect(try CommandRunner.run(["sensitivity", "fixtures/solve/infeasible-headroom.yaml"]).status == 3)
        #expect(try CommandRunner.run(["sensitivity", "fixtures/invalid/negative-cap.yaml"]).status == 2)
        #expect(try CommandRunner.run(["sensitivity", "fixtures/solve/balanced.yaml", "--step", "0"]).status == 64)
        #expect(try CommandRunner.run(["sensitivity", "no/such/file.yaml"]).status == 1)
    }
}
