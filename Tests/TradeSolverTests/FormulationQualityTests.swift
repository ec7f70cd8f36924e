import Foundation
import Optimization
import Testing
import TradeModel

@testable import TradeSolver

/// The tightened search model (`Formulation.searchModel`) against the spec's rows: the same
/// integer optimum, a root LP bound never weaker, and each tightening worked out by hand.
@Suite struct FormulationQualityTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The bundled models and the hand-worked fixtures.
    static func bundledScenarios() throws -> [(String, Scenario)] {
        var files: [URL] = []
        for folder in ["models", "fixtures/solve"] {
            let directory = root.appendingPathComponent(folder)
            files += try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
        }
        return try files.map { ($0.lastPathComponent, try ScenarioDecoder.decode(contentsOf: $0).scenario) }
    }

    @Test("tightening keeps the first pass's optimum and never weakens the root LP bound")
    func sameOptimumTighterBound() throws {
        var scenarios = try Self.bundledScenarios()
        for seed in BruteForceTests.seeds {
            scenarios.append(("seed \(seed)", ScenarioGenerator.scenario(seed: UInt64(seed))))
        }
        var tighter = 0
        var compared = 0
        for (name, scenario) in scenarios {
            let plain = try FirstPass(scenario, tightens: false)
            let tight = try FirstPass(scenario, tightens: true)
            #expect(plain.status == tight.status, "\(name): \(plain.status) against \(tight.status)")
            if let a = plain.optimum, let b = tight.optimum {
                #expect(abs(a - b) <= 1e-6 * Swift.max(1, abs(a)), "\(name): optimum \(a) against \(b)")
            }
            guard let weak = plain.relaxation, let strong = tight.relaxation else { continue }
            compared += 1
            // Both objectives are maximized: a tighter relaxation has a smaller bound.
            #expect(strong <= weak + 1e-7 * Swift.max(1, abs(weak)), "\(name): root bound \(strong) above \(weak)")
            if strong < weak - 1e-7 * Swift.max(1, abs(weak)) { tighter += 1 }
        }
        #expect(compared > 250)
        // Measured when written: 46 of about 290 relaxations are strictly tighter.
        #expect(tighter >= 20, "only \(tighter) of \(compared) root bounds got tighter")
    }

    /// The polish solves the search program with the decisions fixed, in place of the spec's rows
    /// (built only on first use): both must have the same columns, and with the trade's decisions
    /// fixed the same LP optimum and the same least discount keeping it. A tightening that cut an
    /// integer-feasible point, or a column out of step between the builds, fails here.
    @Test("with the decisions fixed, the search program's LP is the spec's")
    func fixedDecisionsSameLP() throws {
        var scenarios = try Self.bundledScenarios()
        for seed in BruteForceTests.seeds.prefix(120) {
            scenarios.append(("seed \(seed)", ScenarioGenerator.scenario(seed: UInt64(seed))))
        }
        var compared = 0
        for (name, scenario) in scenarios {
            let formulation = try Formulation(scenario)
            let spec = formulation.model
            let search = formulation.searchModel
            #expect(spec.variables.map(\.name) == search.variables.map(\.name), "\(name): columns differ")
            // A switch the tightened build fixes at 0 becomes an integer column with bounds [0, 0].
            #expect(
                spec.variables.map { $0.kind == .continuous } == search.variables.map { $0.kind == .continuous },
                "\(name): discrete and continuous columns differ")
            for (id, row) in formulation.constraintRows {
                #expect(spec[row].name == "constraint:\(id)", "\(name): row of \(id) is \(spec[row].name)")
            }
            let trade = try TradeSolver().solve(scenario)
            guard trade.hasTrade else { continue }
            let values = TradeSolver.discreteValues(of: trade, in: formulation)
            func leastDiscount(_ model: Model) throws -> (Double, Double)? {
                let fixed = model.fixingIntegers(at: values)
                let best = try fixed.solve()
                guard best.status == .optimal, let value = best.objectiveValue else { return nil }
                var least = fixed
                least.addConstraint("keep", fixed.objective >= LinearExpression(constant: value - 1e-7 * Swift.max(1, abs(value))))
                least.setObjective(.minimize, LinearExpression(formulation.discount))
                guard let discount = try least.solve().objectiveValue else { return nil }
                return (value, discount)
            }
            let a = try leastDiscount(spec)
            let b = try leastDiscount(search)
            #expect(a != nil, "\(name): the spec's LP with the trade's decisions did not solve")
            guard let a, let b else {
                #expect(b == nil, "\(name): only the search program's LP solved")
                continue
            }
            compared += 1
            #expect(abs(a.0 - b.0) <= 1e-6 * Swift.max(1, abs(a.0)), "\(name): objective \(a.0) against \(b.0)")
            #expect(abs(a.1 - b.1) <= 1e-6 * Swift.max(1, abs(a.1)), "\(name): discount \(a.1) against \(b.1)")
        }
        #expect(compared > 60)
    }

    @Test("every kind of tightening applies to some random scenarios")
    func everyTighteningApplies() throws {
        var bounds = 0
        var rows = 0
        var constants = 0
        var reach = 0
        for seed in BruteForceTests.seeds {
            let scenario = ScenarioGenerator.scenario(seed: UInt64(seed))
            let tightening = try Formulation(scenario).tightening
            if tightening.leverBounds > 0 { bounds += 1 }
            if tightening.rowsLeftOut > 0 { rows += 1 }
            if tightening.constantsTightened > 0 { constants += 1 }
            if tightening.reachCosts > 0 { reach += 1 }
        }
        #expect(bounds >= 5, "lever bounds moved on \(bounds) seeds")
        #expect(rows >= 5, "rows left out on \(rows) seeds")
        #expect(constants >= 5, "constants tightened on \(constants) seeds")
        #expect(reach >= 5, "reach costs added on \(reach) seeds")
    }

    /// a ∈ [0, 10] step 1, b ∈ [0, 8] step 2, a + 3b ≤ 12, a ≥ 5 (as a constraint), hurdle 0.
    /// By hand: b ≤ (12 − 5)/3 = 2.33, so b ≤ 2 (a multiple of 2); a ≤ 12 − 0 = 12, so 10 stays.
    @Test("lever bounds propagate from the buyer's constraints, to whole steps")
    func propagation() throws {
        let scenario = Self.twoLevers(constraints: [
            BuyerConstraint(id: "capacity", terms: [Term("a", 1), Term("b", 3)], atMost: 12),
            BuyerConstraint(id: "floor", terms: [Term("a", 1)], atLeast: 5),
        ])
        let implied = try #require(ImpliedBounds(ScenarioIndex(scenario)))
        #expect(implied.quantities["a"] == 5...10)
        #expect(implied.quantities["b"] == 0...2)
        // 3b reaches 6 at most now, so the form a + 3b ranges over 5...16.
        #expect(implied.range(of: LinearForm(coefficients: ["a": 1, "b": 3])) == 5...16)
    }

    /// a + b ≥ 30 with a ≤ 10 and b ≤ 8 cannot hold: the bounds cross, and the search is left to
    /// say "infeasible" itself.
    @Test("crossing bounds give no implied bounds, and the solver still reports infeasible")
    func crossingBounds() throws {
        let scenario = Self.twoLevers(constraints: [
            BuyerConstraint(id: "too-much", terms: [Term("a", 1), Term("b", 1)], atLeast: 30)
        ])
        #expect(ImpliedBounds(ScenarioIndex(scenario)) == nil)
        #expect(try TradeSolver().solve(scenario).status == .infeasible)
    }

    /// Microsoft's hurdle 700 with value 100 per unit of a (b worth nothing): a ≥ 7.
    @Test("the hurdle implies a lower bound on a lever that carries value")
    func hurdleBound() throws {
        var scenario = Self.twoLevers(constraints: [])
        scenario.levers[0].value = 100
        scenario.microsoft.hurdle = 700
        let implied = try #require(ImpliedBounds(ScenarioIndex(scenario)))
        #expect(implied.quantities["a"] == 7...10)
        #expect(implied.quantities["b"] == 0...8)
    }

    /// 2·a + 1 over whole a takes only odd values: `≥ 4` means `≥ 5`, `≤ 4` means `≤ 3`. With
    /// b's step 2, b + 1 takes odd values too. With a step of 0.5 the unit is not whole: unchanged.
    @Test("thresholds move to the next value the expression can take")
    func thresholdRounding() {
        let steps: [String: Decimal] = ["a": 1, "b": 2, "h": Decimal(string: "0.5")!]
        let form = LinearForm(coefficients: ["a": 2], constant: 1)
        #expect(ImpliedBounds.rounded(4, of: form, up: true, steps: steps) == 5)
        #expect(ImpliedBounds.rounded(4, of: form, up: false, steps: steps) == 3)
        #expect(ImpliedBounds.rounded(5, of: form, up: true, steps: steps) == 5)
        // 2a + 3b (b in steps of 2): units 2 and 6, gcd 2.
        let mixed = LinearForm(coefficients: ["a": 2, "b": 3])
        #expect(ImpliedBounds.rounded(Decimal(string: "7.5")!, of: mixed, up: true, steps: steps) == 8)
        let half = LinearForm(coefficients: ["h": 1])
        #expect(
            ImpliedBounds.rounded(Decimal(string: "0.7")!, of: half, up: true, steps: steps) == Decimal(string: "0.7")!)
    }

    /// Cost pieces from 0 (slope 1), 4 (slope 2), 8 (slope 3). Within [0, 6] the piece from 8 lies
    /// below the one from 4; within [5, 10] the piece from 0 lies below the one from 4.
    @Test("cost pieces out of the lever's reach are dominated")
    func dominatedCostPieces() {
        let cost = [
            CostSegment(from: 0, perUnit: 1), CostSegment(from: 4, perUnit: 2), CostSegment(from: 8, perUnit: 3),
        ]
        #expect(Formulation.isDominated(piece: 2, of: cost, within: 0...6))
        #expect(!Formulation.isDominated(piece: 1, of: cost, within: 0...6))
        #expect(Formulation.isDominated(piece: 0, of: cost, within: 5...10))
        #expect(!Formulation.isDominated(piece: 0, of: cost, within: 3...10))
        #expect(!Formulation.isDominated(piece: 2, of: cost, within: 5...10))
        // A reach of the one breakpoint 4: the piece from 4 goes, the piece ending at 4 stays.
        #expect(Formulation.isDominated(piece: 1, of: cost, within: 4...4))
        #expect(!Formulation.isDominated(piece: 0, of: cost, within: 4...4))
    }

    /// A reference credit of rate 1 × base 100·r (r ∈ [2, 6]) with cap 1,000: 100·r never passes
    /// 600, so the cap row's multiplier becomes 600; the base is at least 200 > 0, so the rate row
    /// is lifted: c − 100·r − 200·y ≤ −200. By hand with r = 2 and y = 1: c ≤ 200.
    @Test("a cap becomes rate × the base's largest value, and the rate row is lifted")
    func capAndRate() throws {
        let text = """
            schema: renewal-trade/v1
            name: cap and rate
            currency: USD
            termYears: 1
            baseline: {spend: 100000}
            levers:
              - {id: r, kind: reference, min: 2, max: 6, cost: [{from: 2, perUnit: 10}], value: 500}
            programs:
              - {id: credit, element: reference-participation, requires: [{lever: r, atLeast: 3}],
                 concession: {rate: 100, base: r, cap: 1000}}
            envelope: {discount: false, tiers: [{id: team, maxPct: 0.5}]}
            """
        let formulation = try Formulation(try ScenarioDecoder.decode(text).scenario)
        let model = formulation.searchModel
        let c = try #require(formulation.contributions["credit"])
        let y = try #require(formulation.active["credit"])
        let n = try #require(formulation.steps["r"])
        let cap = try #require(model.constraint(named: "cap:credit"))
        #expect(model[cap].relation.expression.coefficients[y] == -600)
        let rate = try #require(model.constraint(named: "rate:credit"))
        #expect(model[rate].relation.expression.coefficients == [c: 1, n: -100, y: -200])
        #expect(model[rate].relation.upperBound == -200)
        // The spec's rows are untouched.
        let plainCap = try #require(formulation.model.constraint(named: "cap:credit"))
        #expect(formulation.model[plainCap].relation.expression.coefficients[y] == -1000)
        // The optimum, by hand: r = 6 gives credit 600 for cost 40: buyer value 560.
        let trade = try TradeSolver().solve(try ScenarioDecoder.decode(text))
        #expect(trade.buyerValue.map { abs($0 - 560) < 1e-6 } == true)
    }

    /// Contoso's strategic incentive needs azure-commit ≥ 20M; its cost is 0 up to 18M and 0.3 per
    /// dollar to 24M, so reaching 20M costs 0.3 × 2M = 600,000 (by hand): `k − 600000·y ≥ 0`.
    /// The design partnership needs 6 FTE-months at 18,000 each: 108,000.
    @Test("a condition on one costed lever adds the cost of reaching its threshold")
    func reachCost() throws {
        let url = Self.root.appendingPathComponent("models/contoso-ea-renewal.yaml")
        let formulation = try Formulation(try ScenarioDecoder.decode(contentsOf: url).scenario)
        let model = formulation.searchModel
        let strategic = try #require(model.constraint(named: "reach:cond:strategic-incentive:0"))
        let k = try #require(formulation.costs["azure-commit"])
        let y = try #require(formulation.active["strategic-incentive"])
        #expect(model[strategic].relation.expression.coefficients == [k: 1, y: -600_000])
        #expect(model[strategic].relation.lowerBound == 0)
        let partner = try #require(model.constraint(named: "reach:cond:design-partner:0"))
        let partnerSwitch = try #require(formulation.active["design-partner"])
        #expect(model[partner].relation.expression.coefficients[partnerSwitch] == -108_000)
        // Migration funding's azure-commit ≥ 10M costs nothing to reach: no row.
        #expect(model.constraint(named: "reach:cond:migration-funding:1") == nil)
        #expect(formulation.model.constraint(named: "reach:cond:strategic-incentive:0") == nil)
    }

    @Test("every branching and backtracking rule and cut set finds Contoso's optimum")
    func everyStrategyAgrees() throws {
        let scenario = try ScenarioDecoder.decode(
            contentsOf: Self.root.appendingPathComponent("models/contoso-ea-renewal.yaml"))
        let reference = try #require(try TradeSolver().solve(scenario).buyerValue)
        for branching in SearchStrategy.Branching.allCases {
            for backtracking in SearchStrategy.Backtracking.allCases {
                for cuts in [SearchStrategy.Cuts(), .all] {
                    var options = TradeOptions()
                    options.strategy = SearchStrategy(branching: branching, backtracking: backtracking, cuts: cuts)
                    let value = try #require(try TradeSolver().solve(scenario, options: options).buyerValue)
                    #expect(abs(value - reference) <= 1e-6 * abs(reference), "\(branching) \(backtracking) \(cuts)")
                }
            }
        }
    }

    /// A tier needing a = 11 where a ≤ 10 can never be reached; forcing it (`--tier`) must leave no
    /// trade, in the spec's rows and the tightened ones alike. Before, the forcing overrode the
    /// switch that the never-holding condition had fixed at 0, and a trade "reached" the tier.
    @Test("forcing a tier whose condition can never hold leaves no trade", arguments: [false, true])
    func forcedUnreachableTier(tightens: Bool) throws {
        var scenario = Self.twoLevers(constraints: [])
        scenario.envelope.tiers = [
            Tier(id: "team", maxPct: 0),
            Tier(id: "corporate", maxPct: 0.1, requires: [Condition(.lever("a"), .atLeast, 11)]),
        ]
        var options = TradeOptions(forcedTier: "corporate")
        options.tightens = tightens
        #expect(try TradeSolver().solve(scenario, options: options).status == .infeasible)
        options.forcedTier = "team"
        #expect(try TradeSolver().solve(scenario, options: options).status == .optimal)
    }

    static func twoLevers(constraints: [BuyerConstraint]) -> Scenario {
        Scenario(
            name: "two levers", currency: "USD", termYears: 1, baseline: Baseline(spend: 1000),
            levers: [
                Lever(id: "a", kind: .deployment, type: .integer, step: 1, min: 0, max: 10, cost: [], value: 0),
                Lever(id: "b", kind: .deployment, type: .integer, step: 2, min: 0, max: 8, cost: [], value: 0),
            ],
            metrics: [], programs: [], envelope: Envelope(discount: .unlimited, tiers: Envelope.defaultTiers),
            microsoft: MicrosoftSide(hurdle: 0), constraints: constraints, exclusive: [], objective: .buyerValue)
    }
}

/// The first lexicographic pass on its own: the root LP bound, the optimum, the nodes and the time.
struct FirstPass {
    var status: SolutionStatus
    var relaxation: Double?
    var optimum: Double?
    var nodes: Int?
    var seconds: Double

    init(
        _ scenario: Scenario, tightens: Bool, strategy: SearchStrategy = TradeOptions.defaultStrategy,
        presolve: Bool = false, timeLimit: Duration? = nil
    ) throws {
        var options = TradeOptions()
        options.tightens = tightens
        let formulation = try Formulation(scenario, options: options)
        let started = ContinuousClock.now
        let solution = try formulation.searchModel.solve(
            SolveOptions(
                timeLimit: timeLimit, integralityTolerance: 1e-9, presolve: presolve, strategy: strategy))
        let elapsed = ContinuousClock.now - started
        seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        status = solution.status
        relaxation = solution.relaxationBound
        optimum = solution.status == .optimal ? solution.objectiveValue : nil
        nodes = solution.searchNodes
    }
}
