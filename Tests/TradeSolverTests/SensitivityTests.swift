import Foundation
import Optimization
import Testing
import TradeModel
import TradeSolver

/// The sensitivity report on the hand-checked solve fixtures: local values checked by hand and by
/// finite differences of the fixed-decision LP, global effects by an independent brute force.
@Suite struct TradeSensitivityTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func scenario(_ name: String) throws -> Scenario {
        try ScenarioDecoder.decode(contentsOf: root.appendingPathComponent("fixtures/solve/\(name).yaml")).scenario
    }

    static let feasibleFixtures = [
        "balanced", "concession-cap-limited", "discount-false", "envelope-binding", "exclusive-group",
        "expands-envelope", "funding-rate-limited", "hurdle-binding", "metric-chain-equals", "tier-unlock",
    ]

    static func entry(_ report: TradeSensitivity, _ path: String) throws -> LimitSensitivity {
        try #require(report.limits.first { $0.limit.path == path }, "no limit \(path)")
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-6) -> Bool {
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    // MARK: Local values by hand

    /// envelope-binding: at q = 200k the envelope (3% of B = 1,000,000 → 30,000) binds and
    /// participation (0.2·200k = 40,000) does not, so each dollar of envelope is a dollar of buyer
    /// value: d buyerValue / d maxPct = dual 1 × B × z = 1,000,000 per unit of maxPct (10,000 per
    /// percentage point). It holds while the envelope stays below participation, maxPct ≤ 0.04,
    /// and down to maxPct 0 (the incentive then pays 0 but the decisions stay feasible).
    @Test func envelopeBindingTierMaxPct() throws {
        let report = try TradeSolver().sensitivity(try Self.scenario("envelope-binding"))
        let tier = try Self.entry(report, "envelope.tiers.account-team.maxPct")
        #expect(tier.binding && tier.slack == 0)
        #expect(Self.close(tier.marginalValue, 1_000_000))
        #expect(Self.close(tier.validFrom, 0) && Self.close(tier.validTo, 0.04))
        // The incentive's cap (50,000) is slack by 20,000 and worth nothing, for any cap ≥ 0: the
        // plain discount (unlimited here) can stand in for the incentive within the envelope.
        let cap = try Self.entry(report, "programs.strategic-incentive.concession.cap")
        #expect(!cap.binding && Self.close(cap.slack ?? .nan, 20_000) && cap.marginalValue == 0)
        #expect(cap.validFrom == 0 && cap.validTo == .infinity)
    }

    /// hurdle-binding: d = 0.1·400k − hurdle = 40,000 − h while 0 ≤ d ≤ 50,000 (envelope): each
    /// dollar of hurdle costs the buyer a dollar, for h in [−10,000, 40,000].
    /// tier-unlock: d = 0.05·3M − h = 150,000 − h, envelope 200,000: h in [−50,000, 150,000]; the
    /// area-lead maxPct is slack (150,000 of 200,000 used): 0, valid from 0.03 up.
    @Test func hurdleByHand() throws {
        let hurdle = try Self.entry(
            try TradeSolver().sensitivity(try Self.scenario("hurdle-binding")), "microsoft.hurdle")
        #expect(hurdle.binding && Self.close(hurdle.marginalValue, -1))
        #expect(Self.close(hurdle.validFrom, -10_000) && Self.close(hurdle.validTo, 40_000))
        let unlock = try TradeSolver().sensitivity(try Self.scenario("tier-unlock"))
        let tierHurdle = try Self.entry(unlock, "microsoft.hurdle")
        #expect(Self.close(tierHurdle.marginalValue, -1))
        #expect(Self.close(tierHurdle.validFrom, -50_000) && Self.close(tierHurdle.validTo, 150_000))
        let areaLead = try Self.entry(unlock, "envelope.tiers.area-lead.maxPct")
        #expect(!areaLead.binding && areaLead.marginalValue == 0 && Self.close(areaLead.validFrom, 0.03))
    }

    /// concession-cap-limited: at n = 3, c = cap = 40,000 < rate·base = 45,000; d = 10,000 at its
    /// maxPct (1% of 1,000,000). Envelope 60,000 and participation 60,000 leave 10,000 each.
    /// Cap: +1 dollar of cap is +1 of c, valid on [0, 45,000] (the rate binds above).
    /// Discount maxPct: d buyerValue / d maxPct = reduced cost 1 × B = 1,000,000, valid while
    /// c + d ≤ 60,000, i.e. d ≤ 20,000: maxPct in [0, 0.02].
    /// funding-rate-limited: c = 0.25 × 320,000 = 80,000 < cap 100,000: d/d rate = 1 × base
    /// 320,000, valid while c ≤ 100,000 (rate ≤ 0.3125) and down to 0.
    @Test func capsRatesAndDiscountByHand() throws {
        let capped = try TradeSolver().sensitivity(try Self.scenario("concession-cap-limited"))
        let cap = try Self.entry(capped, "programs.reference-credits.concession.cap")
        #expect(cap.binding && Self.close(cap.marginalValue, 1))
        #expect(Self.close(cap.validFrom, 0) && Self.close(cap.validTo, 45_000))
        let discount = try Self.entry(capped, "envelope.discount.maxPct")
        #expect(discount.binding && Self.close(discount.marginalValue, 1_000_000))
        #expect(Self.close(discount.validFrom, 0) && Self.close(discount.validTo, 0.02))
        let funded = try TradeSolver().sensitivity(try Self.scenario("funding-rate-limited"))
        let rate = try Self.entry(funded, "programs.migration-funding.funding.rate")
        #expect(rate.binding && Self.close(rate.marginalValue, 320_000))
        #expect(Self.close(rate.validFrom, 0) && Self.close(rate.validTo, 0.3125))
        let fundingCap = try Self.entry(funded, "programs.migration-funding.funding.cap")
        #expect(!fundingCap.binding && fundingCap.marginalValue == 0 && Self.close(fundingCap.validFrom, 80_000))
    }

    // MARK: Local values against finite differences

    /// The LP of `scenario` with every discrete decision held at `trade`'s, written independently
    /// of the solver's own code: levers' steps, programs' switches and the tier by variable name.
    static func fixedDecisionValue(_ scenario: Scenario, at trade: Trade, lever: (id: String, quantity: Double)? = nil)
        throws -> Double?
    {
        let model = try Formulation(scenario).model
        var values = [Double](repeating: 0, count: model.variables.count)
        for (index, variable) in model.variables.enumerated() {
            let parts = variable.name.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "n":
                let lever = scenario.levers.first { $0.id == parts[1] }!
                values[index] = (trade.levers.first { $0.id == parts[1] }!.quantity / lever.step).doubleValue
            case "y": values[index] = trade.programs.first { $0.id == parts[1] }!.active ? 1 : 0
            case "z": values[index] = trade.envelope?.tier == parts[1] ? 1 : 0
            default: break
            }
        }
        var fixed = model.fixingIntegers(at: values)
        if let lever, let n = fixed.variable(named: "n:\(lever.id)") {
            let step = scenario.levers.first { $0.id == lever.id }!.step.doubleValue
            fixed.setBounds(of: n, lower: lever.quantity / step, upper: lever.quantity / step)
        }
        let solution = try fixed.solve(SolveOptions(presolve: false))
        return solution.status == .optimal ? solution.objectiveValue : nil
    }

    /// Every limit with room on a side: moving it there by h (inside the stated interval) moves the
    /// fixed-decision LP's optimum by marginal × h, on every feasible fixture and the README model.
    @Test(arguments: feasibleFixtures) func localValueIsTheFiniteDifference(name: String) throws {
        let checked = try Self.checkLocalValues(try Self.scenario(name), name)
        #expect(checked >= 2, "\(name): too few limits checked")
    }

    /// Checks every limit with room inside its interval; returns how many moves were checked.
    static func checkLocalValues(_ scenario: Scenario, _ name: String) throws -> Int {
        let report = try TradeSolver().sensitivity(scenario)
        let base = try #require(try Self.fixedDecisionValue(scenario, at: report.trade))
        var checked = 0
        for entry in report.limits {
            let value = entry.limit.value.doubleValue
            for direction in [-1.0, 1.0] {
                let room = direction > 0 ? entry.validTo - value : value - entry.validFrom
                guard room > 1e-9 * max(1, abs(value)) else { continue }
                let h = direction * min(room / 2, max(abs(value), 1) * 0.01)
                let moved: Double?
                switch entry.limit.kind {
                case .leverMin, .leverMax:
                    // A lever bound's local value is per unit of quantity at that bound.
                    guard entry.binding else { continue }
                    moved = try Self.fixedDecisionValue(
                        scenario, at: report.trade, lever: (entry.limit.owner, value + h))
                default:
                    let changed = Self.edit(scenario, entry.limit.path, to: entry.limit.value + Decimal(h))
                    guard changed.validate().allSatisfy({ $0.severity != .error }) else { continue }
                    moved = try Self.fixedDecisionValue(changed, at: report.trade)
                }
                let movedValue = try #require(moved, "\(name) \(entry.limit.path) moved by \(h) is infeasible")
                #expect(
                    Self.close((movedValue - base) / h, entry.marginalValue, 1e-5),
                    "\(name) \(entry.limit.path): (\(movedValue) − \(base)) / \(h) ≠ \(entry.marginalValue)")
                checked += 1
            }
        }
        return checked
    }

    // MARK: Global effects against brute force

    /// Every ± move of every limit: the reported optimal buyer value equals the brute-force
    /// optimum of the scenario edited independently here (a path parser of the test's own).
    @Test(arguments: feasibleFixtures) func globalEffectsMatchBruteForce(name: String) throws {
        try Self.checkGlobalEffects(try Self.scenario(name), name)
    }

    /// Random scenarios from the brute-force suite's generator (small enough to enumerate): every
    /// global move matches the brute force, and every local value its finite difference.
    @Test(arguments: 0..<40) func randomScenarios(seed: Int) throws {
        let scenario = ScenarioGenerator.scenario(seed: UInt64(seed))
        guard BruteForce(scenario).optimum() != nil else { return }  // infeasible: nothing to analyse
        let context = "seed \(seed):\n\(scenario.yaml)"
        try Self.checkGlobalEffects(scenario, context)
        _ = try Self.checkLocalValues(scenario, context)
    }

    /// Checks every ± move of every limit against the brute force.
    static func checkGlobalEffects(_ scenario: Scenario, _ name: String) throws {
        let report = try TradeSolver().sensitivity(scenario)
        #expect(
            Self.close(report.buyerValue, BruteForce(scenario).optimum()!.objective, 1e-6)
                || scenario.objective == .balanced)
        for entry in report.limits {
            for move in [entry.down, entry.up] {
                let edited = Self.edit(scenario, entry.limit.path, to: move.value)
                if edited.validate().contains(where: { $0.severity == .error }) {
                    #expect(move.status == nil && move.note != nil, "\(name) \(entry.limit.path) → \(move.value)")
                    continue
                }
                let optimum = BruteForce(edited).optimum()
                // Under `balanced` the brute force's objective is the fair share, not the buyer value.
                let expected = optimum.map { scenario.objective == .balanced ? $0.total - $0.cost : $0.objective }
                if let expected {
                    let got = try #require(move.buyerValue, "\(name) \(entry.limit.path) → \(move.value): no trade")
                    #expect(
                        Self.close(got, expected, 1e-6),
                        "\(name) \(entry.limit.path) → \(move.value): \(got) ≠ \(expected)")
                } else {
                    #expect(move.status == .infeasible, "\(name) \(entry.limit.path) → \(move.value)")
                }
            }
            let changes = [entry.down, entry.up].compactMap { $0.buyerValue.map { abs($0 - report.buyerValue) } }
            #expect(Self.close(entry.swing, changes.max() ?? 0, 1e-9))
        }
        let swings = report.ranking.map(\.swing)
        #expect(swings == swings.sorted(by: >))
    }

    /// A zero limit moves by the stated absolute step; a lever bound by whole steps.
    @Test func stepsOfZeroLimitsAndLeverBounds() throws {
        let scenario = try Self.scenario("envelope-binding")
        let report = try TradeSolver().sensitivity(scenario)
        let hurdle = try Self.entry(report, "microsoft.hurdle")  // 0: 1% of the baseline, 10,000
        #expect(hurdle.up.value == 10_000 && hurdle.down.value == -10_000)
        let max = try Self.entry(report, "levers.azure-commit.max")  // 10% of 500k = 50k → one step of 100k
        #expect(max.up.value == 600_000 && max.down.value == 400_000)
        let min = try Self.entry(report, "levers.azure-commit.min")  // 0 → −100k: invalid, said so
        #expect(min.down.status == nil && min.down.note != nil)
    }

    @Test func infeasibleScenarioThrows() throws {
        #expect(throws: TradeSolverError.self) {
            try TradeSolver().sensitivity(try Self.scenario("infeasible-headroom"))
        }
    }

    /// The default model: the re-solves of a few limits, redone here one by one with the full
    /// solver (tie-breaks included), give the same buyer values.
    @Test func contosoGlobalEffectsMatchDirectSolves() throws {
        let scenario = try ScenarioDecoder.decode(
            contentsOf: Self.root.appendingPathComponent("models/contoso-ea-renewal.yaml")
        ).scenario
        let report = try TradeSolver().sensitivity(scenario)
        #expect(report.limits.count >= 20)
        for path in [
            "programs.migration-funding.funding.cap", "envelope.tiers.corporate.maxPct",
            "constraints.engineering-capacity.atMost", report.ranking[0].limit.path,
        ] {
            let entry = try Self.entry(report, path)
            for move in [entry.down, entry.up] {
                let trade = try TradeSolver().solve(
                    Self.edit(scenario, path, to: move.value), options: TradeOptions(timeLimit: .seconds(20)))
                #expect(Self.close(move.buyerValue ?? .nan, trade.buyerValue ?? .nan, 1e-6), "\(path) → \(move.value)")
            }
        }
        // Migration funding is capped (900,000 of 0.25 × 4.2M = 1.05M) outside the envelope, and
        // Microsoft's participation has 440,000 to spare: each dollar of cap is a buyer dollar.
        let cap = try Self.entry(report, "programs.migration-funding.funding.cap")
        #expect(cap.binding && Self.close(cap.marginalValue, 1) && Self.close(cap.validTo, 1_050_000))
    }

    // MARK: An independent path editor

    /// Sets the number at `path` (`constraints.ID.atMost`, `levers.ID.max`, `programs.ID.funding.cap`,
    /// `programs.ID.requires.I.atLeast`, `envelope.tiers.ID.maxPct`, `envelope.discount.maxPct`,
    /// `microsoft.hurdle`, …).
    static func edit(_ scenario: Scenario, _ path: String, to value: Decimal) -> Scenario {
        var s = scenario
        let p = path.split(separator: ".").map(String.init)
        switch p[0] {
        case "microsoft": s.microsoft.hurdle = value
        case "constraints":
            let i = s.constraints.firstIndex { $0.id == p[1] }!
            switch p[2] {
            case "atMost": s.constraints[i].atMost = value
            case "atLeast": s.constraints[i].atLeast = value
            default:
                s.constraints[i] = BuyerConstraint(
                    id: p[1], label: s.constraints[i].label, terms: s.constraints[i].terms, equals: value)
            }
        case "levers":
            let i = s.levers.firstIndex { $0.id == p[1] }!
            if p[2] == "min" { s.levers[i].min = value } else { s.levers[i].max = value }
        case "programs":
            let i = s.programs.firstIndex { $0.id == p[1] }!
            switch p[2] {
            case "expandsEnvelope": s.programs[i].expandsEnvelope = value
            case "requires": s.programs[i].requires[Int(p[3])!].threshold = value
            default:
                if p[3] == "cap" {
                    s.programs[i].contribution!.cap = value
                } else {
                    s.programs[i].contribution!.rate = value
                }
            }
        default:  // envelope
            if p[1] == "discount" {
                s.envelope.discount = .upTo(maxPct: value)
            } else {
                let i = s.envelope.tiers.firstIndex { $0.id == p[2] }!
                if p[3] == "maxPct" {
                    s.envelope.tiers[i].maxPct = value
                } else {
                    s.envelope.tiers[i].requires[Int(p[4])!].threshold = value
                }
            }
        }
        return s
    }
}
