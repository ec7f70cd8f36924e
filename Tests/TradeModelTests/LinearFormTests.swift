import Foundation
import Testing
import TestSupport
import TradeModel

/// Levers a in [0, 10] step 1, b in [2, 6] step 2, c binary with step 5; metrics built on them.
private let scenario = Scenario(
    name: "Forms", currency: "USD", termYears: 1, baseline: Baseline(spend: 100),
    levers: [
        Lever(id: "a", kind: .deployment, max: 10),
        Lever(id: "b", kind: .engineering, step: 2, min: 2, max: 6),
        Lever(id: "c", kind: .executive, type: .binary, step: 5, min: 0, max: 5),
    ],
    metrics: [
        Metric(id: "m1", terms: [Term("a", 2), Term("b", -1)], constant: 3),  // 3 + 2a - b
        // 0.5 * m1 + c - a = 1.5 + 0a - 0.5b + c
        Metric(id: "m2", terms: [Term("m1", Decimal(string: "0.5")!), Term("c", 1), Term("a", -1)]),
        Metric(id: "bad", terms: [Term("later", 1)]),
        Metric(id: "later", terms: [Term("a", 1)]),
    ])

private let index = ScenarioIndex(scenario)

@Suite("Linear forms and reachable ranges")
struct LinearFormTests {
    @Test("a lever is itself with coefficient 1")
    func lever() {
        #expect(index.linearForm(of: "b") == LinearForm(coefficients: ["b": 1], constant: 0))
    }

    @Test("a metric expands into levers")
    func metric() {
        #expect(index.linearForm(of: "m1") == LinearForm(coefficients: ["a": 2, "b": -1], constant: 3))
    }

    @Test("metrics of metrics expand recursively and cancelled levers drop out")
    func nested() {
        // 0.5 * (3 + 2a - b) + c - a = 1.5 - 0.5b + c
        let expected = LinearForm(
            coefficients: ["b": Decimal(string: "-0.5")!, "c": 1], constant: Decimal(string: "1.5")!)
        #expect(index.linearForm(of: "m2") == expected)
        #expect(index.linearForm(of: "m2")?.coefficients["a"] == nil)
    }

    @Test("unknown ids and forward references have no form")
    func missing() {
        #expect(index.linearForm(of: "nope") == nil)
        #expect(index.linearForm(of: "bad") == nil)
        #expect(index.linearForm(of: [Term("a", 1), Term("nope", 1)]) == nil)
    }

    @Test("terms with a constant combine levers and metrics")
    func terms() {
        // 10 + 4b + 1*(3 + 2a - b) = 13 + 2a + 3b
        let form = index.linearForm(of: [Term("b", 4), Term("m1", 1)], constant: 10)
        #expect(form == LinearForm(coefficients: ["a": 2, "b": 3], constant: 13))
    }

    @Test("reachable range of a lever is its bounds")
    func leverRange() {
        #expect(index.reachableRange(of: LinearForm(coefficients: ["b": 1])) == 2...6)
        #expect(index.reachableRange(of: LinearForm(coefficients: ["c": 1])) == 0...5)
    }

    @Test("negative coefficients take the other bound")
    func metricRange() throws {
        // 3 + 2a - b: low 3 + 0 - 6 = -3, high 3 + 20 - 2 = 21
        let m1 = try #require(index.linearForm(of: "m1"))
        #expect(index.reachableRange(of: m1) == -3...21)
        // 1.5 - 0.5b + c: low 1.5 - 3 + 0 = -1.5, high 1.5 - 1 + 5 = 5.5
        let m2 = try #require(index.linearForm(of: "m2"))
        #expect(index.reachableRange(of: m2) == Decimal(string: "-1.5")!...Decimal(string: "5.5")!)
    }

    @Test("a constant form has a single point range")
    func constantRange() {
        #expect(index.reachableRange(of: LinearForm(constant: 7)) == 7...7)
    }

    @Test("lookups by id")
    func lookups() {
        #expect(index.lever(id: "b")?.step == 2)
        #expect(index.metric(id: "m1")?.constant == 3)
        #expect(index.lever(id: "m1") == nil)
        #expect(index.program(id: "a") == nil)
    }
}
