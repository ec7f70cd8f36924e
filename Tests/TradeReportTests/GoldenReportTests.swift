import Foundation
import Testing
import TradeModel
import TradeReport
import TradeSolver

/// The default model's offer in every format, against files checked by hand once
/// (fixtures/reports/README.md keeps the arithmetic behind the key sentences).
@Suite struct GoldenReportTests {
    static func render(_ format: String) throws -> String {
        let (trade, scenario, explanation) = try explain("models/contoso-ea-renewal.yaml")
        switch format {
        case "txt": return TextReport(trade: trade, scenario: scenario, explanation: explanation).render()
        case "md": return MarkdownReport(trade: trade, scenario: scenario, explanation: explanation).render()
        case "json": return TradeDocument(trade: trade, scenario: scenario, explanation: explanation).json()
        default: return HTMLReport(trade: trade, scenario: scenario, explanation: explanation).render()
        }
    }

    @Test(arguments: ["txt", "md", "json", "html"]) func matchesTheGoldenFile(format: String) throws {
        let golden = try String(
            contentsOf: packageRoot.appendingPathComponent("fixtures/reports/contoso-ea-renewal.\(format)"), encoding: .utf8)
        let rendered = try Self.render(format)
        #expect(rendered == golden, "run scripts/update-golden-reports, then check the diff by hand")
    }

    @Test func keySentencesCarryTheHandArithmetic() throws {
        // Sentences wrap across lines in the terminal; compare with whitespace collapsed.
        let text = try Self.render("txt").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("The buyer nets 3,370,000: Microsoft puts in 4,650,000 and the commitments cost the buyer 1,280,000."))
        #expect(text.contains("Microsoft keeps a net gain of 1,440,000, 440,000 above its hurdle of 1,000,000."))
        #expect(text.contains("The envelope of 3,600,000 is fully used"))
        #expect(text.contains("Engineering capacity (FTE-months) is at its limit: 13 of 13."))
    }

    @Test func jsonCarriesTheExplanation() throws {
        let json = try Self.render("json")
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let explanation = try #require(object["explanation"] as? [String: Any])
        for key in ["summary", "commitments", "contributions", "envelope", "microsoft", "nearMisses", "bindingLimits"] {
            #expect(explanation[key] != nil, "missing explanation.\(key)")
        }
    }

    /// One page, no scripts, nothing fetched: three inline SVG charts and no external references.
    @Test func htmlIsSelfContained() throws {
        let html = try Self.render("html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=") && !html.contains("<link"))
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
    }

    @Test func colourOnlyWhenAsked() throws {
        let (trade, scenario, explanation) = try explain("models/readme-small.yaml")
        let plain = TextReport(trade: trade, scenario: scenario, explanation: explanation).render()
        let coloured = TextReport(trade: trade, scenario: scenario, explanation: explanation, colour: true).render()
        #expect(!plain.contains("\u{1B}["))
        #expect(coloured.contains("\u{1B}[1m"))
    }
}
