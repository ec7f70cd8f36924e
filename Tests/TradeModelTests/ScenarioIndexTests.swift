import Foundation
import TestSupport
import Testing
import TradeModel

/// The index expands every metric once; these tests hold it to the per-call expansion it replaced.
@Suite("Scenario index")
struct ScenarioIndexTests {
    /// The expansion `Scenario.linearForm(of:)` did on every call before the index, written top-down
    /// and recursively (the index works bottom-up in one pass): a lever is itself; a metric is its
    /// constant plus its terms, each a lever or a metric listed before it (by the id's first
    /// metric); anything else, and any metric that rests on it, has no form. A lever shadows a
    /// metric of the same id; of repeated ids the first counts.
    private static func reference(_ id: String, in scenario: Scenario) -> LinearForm? {
        if scenario.levers.contains(where: { $0.id == id }) { return LinearForm(coefficients: [id: 1]) }
        guard let position = scenario.metrics.firstIndex(where: { $0.id == id }) else { return nil }
        return referenceMetric(at: position, in: scenario)
    }

    private static func referenceMetric(at position: Int, in scenario: Scenario) -> LinearForm? {
        let metric = scenario.metrics[position]
        var coefficients: [String: Decimal] = [:]
        var constant = metric.constant
        for term in metric.terms {
            let form: LinearForm?
            if scenario.levers.contains(where: { $0.id == term.id }) {
                form = LinearForm(coefficients: [term.id: 1])
            } else if let used = scenario.metrics.firstIndex(where: { $0.id == term.id }), used < position {
                form = referenceMetric(at: used, in: scenario)
            } else {
                form = nil
            }
            guard let form else { return nil }
            for (lever, coefficient) in form.coefficients {
                let sum = coefficients[lever, default: 0] + term.coefficient * coefficient
                coefficients[lever] = sum.isZero ? nil : sum
            }
            constant += term.coefficient * form.constant
        }
        return LinearForm(coefficients: coefficients, constant: constant)
    }

    /// A scenario of 1-5 levers and 0-10 metrics whose terms name levers, earlier metrics (chains),
    /// the metric itself, later metrics and unknown ids; ids repeat now and then, and a metric may
    /// share a lever's id.
    private static func randomScenario(seed: UInt64) -> Scenario {
        var random = SplitMix64(seed: seed)
        let leverIDs = (0..<random.int(1...5)).map { "l\($0)" }
        let levers = leverIDs.map { id in
            let step = random.pick([Decimal(1), 2, Decimal(string: "0.5")!])
            let low = Decimal(random.int(0...3)) * step
            return Lever(id: id, kind: .deployment, step: step, min: low, max: low + Decimal(random.int(0...4)) * step)
        }
        let metricCount = random.int(0...10)
        var metricIDs = (0..<metricCount).map { "m\($0)" }
        for position in metricIDs.indices where random.chance(0.1) {
            // A repeated id (the first counts) or a lever's id (the lever counts).
            metricIDs[position] = random.chance(0.5) && position > 0 ? metricIDs[random.int(0...position - 1)] : "l0"
        }
        let coefficients = [Decimal(1), -1, 2, 3, Decimal(string: "0.5")!, Decimal(string: "-1.25")!, 0]
        let metrics = metricIDs.enumerated().map { position, id in
            let terms = (0..<random.int(0...4)).map { _ in
                let roll = random.unit()
                let target: String
                if roll < 0.45 || metricCount == 0 {
                    target = random.pick(leverIDs)
                } else if roll < 0.85 && position > 0 {
                    target = metricIDs[random.int(0...position - 1)]  // a chain through an earlier metric
                } else if roll < 0.9 {
                    target = id  // itself
                } else if roll < 0.95 && position + 1 < metricCount {
                    target = metricIDs[random.int(position + 1...metricCount - 1)]  // a later metric
                } else {
                    target = "unknown"
                }
                return Term(target, random.pick(coefficients))
            }
            return Metric(id: id, terms: terms, constant: Decimal(random.int(-5...5)))
        }
        return Scenario(
            name: "Random \(seed)", currency: "USD", termYears: 1, baseline: Baseline(spend: 100), levers: levers,
            metrics: metrics)
    }

    @Test("forms equal the per-call expansion on random scenarios with chained metrics", arguments: 0..<300)
    func matchesPerCallExpansion(seed: UInt64) {
        let scenario = Self.randomScenario(seed: seed)
        let index = ScenarioIndex(scenario)
        let ids = Set(scenario.levers.map(\.id) + scenario.metrics.map(\.id) + ["unknown"])
        for id in ids.sorted() {
            #expect(index.linearForm(of: id) == Self.reference(id, in: scenario), "seed \(seed), id \(id)")
        }
        var random = SplitMix64(seed: seed ^ 0xF00D)
        for _ in 0..<5 {
            let terms = (0..<random.int(0...4)).map { _ in Term(random.pick(ids.sorted()), Decimal(random.int(-3...3)))
            }
            let constant = Decimal(random.int(-9...9))
            // Terms combine like a metric that stands after every other.
            var expected: LinearForm? = LinearForm(constant: constant)
            for term in terms {
                guard let form = Self.reference(term.id, in: scenario), let sum = expected else {
                    expected = nil
                    break
                }
                var coefficients = sum.coefficients
                for (lever, coefficient) in form.coefficients {
                    coefficients[lever, default: 0] += term.coefficient * coefficient
                }
                expected = LinearForm(
                    coefficients: coefficients, constant: sum.constant + term.coefficient * form.constant)
            }
            #expect(index.linearForm(of: terms, constant: constant) == expected, "seed \(seed), terms \(terms)")
        }
    }

    @Test("the random scenarios reach every case: chains, cancellations and each kind of nil")
    func randomScenariosCoverTheCases() {
        var chained = 0
        var cancelled = 0
        var selfReference = 0
        var laterMetric = 0
        var unknown = 0
        for seed in UInt64(0)..<300 {
            let scenario = Self.randomScenario(seed: seed)
            let index = ScenarioIndex(scenario)
            for (position, metric) in scenario.metrics.enumerated()
            where index.metricPosition(id: metric.id) == position && index.lever(id: metric.id) == nil {
                let form = index.linearForm(of: metric.id)
                let targets = metric.terms.map { term in
                    (term, scenario.levers.contains { $0.id == term.id }, index.metricPosition(id: term.id))
                }
                if form != nil, targets.contains(where: { !$0.1 && $0.2 != nil }) { chained += 1 }
                if form != nil, Set(metric.terms.map(\.id)).count < metric.terms.count { cancelled += 1 }
                if targets.contains(where: { !$0.1 && $0.2 == position }) {
                    selfReference += 1
                    #expect(form == nil)
                }
                if targets.contains(where: { !$0.1 && ($0.2 ?? -1) > position }) {
                    laterMetric += 1
                    #expect(form == nil)
                }
                if targets.contains(where: { !$0.1 && $0.2 == nil }) {
                    unknown += 1
                    #expect(form == nil)
                }
            }
        }
        #expect(chained >= 100, "\(chained)")
        #expect(cancelled >= 20, "\(cancelled)")
        #expect(selfReference >= 20, "\(selfReference)")
        #expect(laterMetric >= 20, "\(laterMetric)")
        #expect(unknown >= 20, "\(unknown)")
    }

    /// By hand: levers x in [0, 4], y in [1, 3]; metrics
    /// a = 1 + 2x, b = a - y = 1 + 2x - y, c = 3 + c (itself), d = e (later), e = 5x, bad = b + nope,
    /// a again (ignored: the first a counts), x (a metric named like a lever: the lever counts).
    @Test("hand-worked chain, nil cases and first-occurrence lookups")
    func handWorked() throws {
        let scenario = Scenario(
            name: "Hand", currency: "USD", termYears: 1, baseline: Baseline(spend: 100),
            levers: [
                Lever(id: "x", kind: .deployment, label: "first x", max: 4),
                Lever(id: "y", kind: .deployment, min: 1, max: 3),
                Lever(id: "x", kind: .deployment, label: "second x", max: 9),
            ],
            metrics: [
                Metric(id: "a", terms: [Term("x", 2)], constant: 1),
                Metric(id: "b", terms: [Term("a", 1), Term("y", -1)]),
                Metric(id: "c", terms: [Term("c", 1)], constant: 3),
                Metric(id: "d", terms: [Term("e", 1)]),
                Metric(id: "e", terms: [Term("x", 5)]),
                Metric(id: "bad", terms: [Term("b", 1), Term("nope", 1)]),
                Metric(id: "a", terms: [Term("y", 7)]),
                Metric(id: "x", terms: [Term("y", 1)]),
            ],
            programs: [
                Program(id: "p", element: .migrationFunding, contribution: Contribution(kind: .funding, cap: 1)),
                Program(id: "p", element: .migrationFunding, contribution: Contribution(kind: .funding, cap: 2)),
            ])
        let index = ScenarioIndex(scenario)
        #expect(index.linearForm(of: "a") == LinearForm(coefficients: ["x": 2], constant: 1))
        #expect(index.linearForm(of: "b") == LinearForm(coefficients: ["x": 2, "y": -1], constant: 1))
        #expect(index.linearForm(of: "c") == nil)
        #expect(index.linearForm(of: "d") == nil)
        #expect(index.linearForm(of: "e") == LinearForm(coefficients: ["x": 5]))
        #expect(index.linearForm(of: "bad") == nil)
        #expect(index.linearForm(of: "x") == LinearForm(coefficients: ["x": 1]))
        #expect(index.linearForm(of: "nope") == nil)
        // 2b + e - 4x = 2 + 4x - 2y + 5x - 4x = 2 + 5x - 2y; range: 2 + 0 - 6 = -4 to 2 + 20 - 2 = 20.
        let form = try #require(index.linearForm(of: [Term("b", 2), Term("e", 1), Term("x", -4)]))
        #expect(form == LinearForm(coefficients: ["x": 5, "y": -2], constant: 2))
        #expect(index.reachableRange(of: form) == -4...20)
        #expect(index.linearForm(of: [Term("b", 1), Term("d", 1)]) == nil)
        #expect(index.lever(id: "x")?.label == "first x")
        #expect(index.metric(id: "a")?.terms == [Term("x", 2)])
        #expect(index.metricPosition(id: "a") == 0)
        #expect(index.metricPosition(id: "x") == 7)
        #expect(index.program(id: "p")?.contribution?.cap == 1)
        #expect(index.program(id: "q") == nil)
    }
}
