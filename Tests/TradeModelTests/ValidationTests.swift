import Foundation
import Testing
import TradeModel

/// A valid scenario built in code, for rules a document cannot express or that need no file.
private func base() -> Scenario {
    Scenario(
        name: "Code", currency: "USD", termYears: 3, baseline: Baseline(spend: 1_000_000),
        levers: [Lever(id: "azure-commit", kind: .consumption, step: 100_000, max: 500_000)],
        programs: [
            Program(
                id: "incentive", element: .customIncentives,
                requires: [Condition(.lever("azure-commit"), .atLeast, 200_000)],
                contribution: Contribution(kind: .concession, cap: 50_000))
        ])
}

@Suite("Validation of scenarios built in code")
struct ValidationTests {
    @Test("a valid scenario has no diagnostics")
    func valid() {
        #expect(base().validate().isEmpty)
    }

    @Test("paths come without line numbers")
    func noLines() {
        var scenario = base()
        scenario.levers[0].max = 450_000
        let diagnostics = scenario.validate()
        #expect(diagnostics.map(\.path) == ["levers[0].max"])
        #expect(diagnostics.first?.line == nil)
    }

    @Test("equals together with a different bound is an error")
    func equalsWithBound() {
        var scenario = base()
        var constraint = BuyerConstraint(id: "cap", terms: [Term("azure-commit", 1)], equals: 300_000)
        constraint.atMost = 400_000
        scenario.constraints = [constraint]
        #expect(scenario.validate().map(\.path) == ["constraints[0].equals"])
    }

    @Test("a binary lever built with other bounds is an error")
    func binaryBounds() {
        var scenario = base()
        scenario.levers.append(Lever(id: "sponsor", kind: .executive, type: .binary, min: 0, max: 2))
        #expect(scenario.validate().map(\.path) == ["levers[1].max"])
    }

    @Test("a program needs some contribution")
    func noContribution() {
        var scenario = base()
        scenario.programs[0].contribution = nil
        let diagnostics = scenario.validate()
        #expect(diagnostics.map(\.path) == ["programs[0]"])
        #expect(diagnostics.first?.severity == .error)
    }

    @Test("a condition that always holds gives no warning; one just out of reach does")
    func conditionEdges() {
        var scenario = base()
        scenario.programs[0].requires = [Condition(.lever("azure-commit"), .atLeast, 500_000)]
        #expect(scenario.validate().isEmpty)
        scenario.programs[0].requires = [Condition(.lever("azure-commit"), .atLeast, 500_001)]
        let diagnostics = scenario.validate()
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(
            diagnostics.first?.message
                == "azure-commit atLeast 500,001 can never hold: reachable range is 0 to 500,000; the program stays off"
        )
    }

    @Test("a base exactly at zero at its minimum is fine")
    func baseAtZero() {
        var scenario = base()
        scenario.metrics = [Metric(id: "over", terms: [Term("azure-commit", 1)], constant: 0)]
        scenario.programs[0].contribution = Contribution(kind: .funding, cap: 1, rate: 1, base: "over")
        #expect(scenario.validate().isEmpty)
        scenario.metrics[0].constant = Decimal(string: "-0.01")!
        #expect(scenario.validate().map(\.path) == ["programs[0].funding.base"])
        #expect(scenario.validate().first?.message.contains("reachable minimum is -0.01") == true)
    }

    @Test("the first cost segment may start below min")
    func costBelowMin() {
        var scenario = base()
        scenario.levers[0].min = 100_000
        scenario.levers[0].cost = [CostSegment(from: 0, perUnit: 0), CostSegment(from: 300_000, perUnit: 1)]
        #expect(scenario.validate().isEmpty)
    }

    @Test("fractional steps take exact multiples")
    func fractionalStep() {
        var scenario = base()
        scenario.programs = []
        scenario.levers[0] = Lever(
            id: "azure-commit", kind: .consumption, step: Decimal(string: "0.3")!, min: Decimal(string: "0.6")!,
            max: Decimal(string: "2.7")!)
        #expect(scenario.validate().isEmpty)
        scenario.levers[0].max = Decimal(string: "2.8")!
        #expect(scenario.validate().map(\.path) == ["levers[0].max"])
    }

    @Test("currency codes", arguments: [("USD", true), ("EUR", true), ("usd", false), ("US", false), ("USDX", false)])
    func currency(code: String, valid: Bool) {
        var scenario = base()
        scenario.currency = code
        #expect(scenario.validate().isEmpty == valid)
    }

    @Test(
        "ids",
        arguments: [
            ("a", true), ("9-lives", true), ("azure-commit", true), ("-a", false), ("A", false),
            ("a_b", false), ("", false), ("a b", false),
        ])
    func ids(id: String, valid: Bool) {
        var scenario = base()
        scenario.programs[0].id = id
        #expect(scenario.validate().isEmpty == valid)
    }
}
