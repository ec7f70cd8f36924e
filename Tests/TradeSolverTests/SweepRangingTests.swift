import Foundation
import Testing
import TradeModel
import TradeSolver

/// The pieces a sweep builds from LP ranging, against exhaustive enumeration (``BruteForce``, which
/// shares no code with GLPK or the formulation) at points the sweep never solved.
@Suite struct SweepRangingTests {
    /// A limit of `scenario` that enters the program as a bound or right-hand side, by seed: a
    /// program's cap, a tier's maxPct, the hurdle, a buyer constraint's bound or a lever's max.
    static func limit(in scenario: Scenario, seed: UInt64) throws -> (ScenarioParameter, Decimal, Decimal)? {
        switch seed % 5 {
        case 0:
            guard let program = scenario.programs.first(where: { $0.contribution != nil }) else { return nil }
            let kind = program.contribution!.kind.rawValue
            return (try ScenarioParameter("programs.\(program.id).\(kind).cap", in: scenario), 0, 500)
        case 1:
            guard let tier = scenario.envelope.tiers.last else { return nil }
            return (try ScenarioParameter("envelope.tiers.\(tier.id).maxPct", in: scenario), 0, dec("0.2"))
        case 2:
            let hurdle = scenario.microsoft.hurdle
            return (try ScenarioParameter("microsoft.hurdle", in: scenario), hurdle - 300, hurdle + 300)
        case 3:
            guard let constraint = scenario.constraints.first(where: { $0.equals == nil }) else { return nil }
            let key = constraint.atMost != nil ? "atMost" : "atLeast"
            let value = constraint.atMost ?? constraint.atLeast!
            let width = Swift.max(50, abs(value))
            return (
                try ScenarioParameter("constraints.\(constraint.id).\(key)", in: scenario), value - width, value + width
            )
        default:
            guard let lever = scenario.levers.first(where: { $0.type == .integer && $0.max > $0.min }) else {
                return nil
            }
            return (try ScenarioParameter("levers.\(lever.id).max", in: scenario), lever.min, lever.max)
        }
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): abs(a - b) <= 1e-6 * max(1, abs(a), abs(b))
        default: false
        }
    }

    /// Every piece, at 30%, 55% and 85% of its way (rounded to the lever's step for a lever bound),
    /// equals the brute-force optimum of the scenario moved there.
    @Test(arguments: Array(UInt64(1)...UInt64(40)))
    func rangedPiecesEqualEnumeration(seed: UInt64) async throws {
        let scenario = ScenarioGenerator.scenario(seed: seed)
        guard let (parameter, from, to) = try Self.limit(in: scenario, seed: seed) else { return }
        let granularity = parameter.granularity(in: scenario)
        let sweep = Sweep(parameter: parameter, from: from, to: to, tolerance: (to - from) / 2000)
        var result: ValueFunction?
        do {
            result = try await sweep.run(on: scenario)
        } catch {
            // Only an interval that leaves the format's rules (a cap below 0) may stop it.
            #expect(error.kind == .invalidScenario, "seed \(seed): \(error)")
        }
        guard let function = result else { return }
        #expect(!function.pieces.isEmpty)
        let solved = Set(function.samples.map(\.at))
        var checked = 0
        for piece in function.pieces where piece.end > piece.start {
            // Off the sweep's first grid of sixteenths, so these points were not solved by it.
            for fraction in [dec("0.3"), dec("0.55"), dec("0.85")] {
                var x = piece.start + (piece.end - piece.start) * fraction
                if let granularity { x = (x / granularity).wholeRounded() * granularity }
                guard x >= piece.start, x <= piece.end, !solved.contains(x) else { continue }
                let moved = try parameter.setting(x, in: scenario)
                guard moved.validate().allSatisfy({ $0.severity != .error }) else { continue }
                let expected = BruteForce(moved).optimum()?.objective
                #expect(
                    Self.close(piece.line(at: x), expected),
                    "seed \(seed), \(parameter.path) = \(x): piece \(piece.start)...\(piece.end) says \(String(describing: piece.line(at: x))), enumeration \(String(describing: expected))"
                )
                checked += 1
            }
        }
        // A lever bound's pieces may hold no step the sweep did not solve; any other piece does.
        if granularity == nil && function.pieces.contains(where: { $0.end > $0.start }) {
            #expect(checked > 0, "seed \(seed): nothing checked")
        }
    }

    /// On the hand-checked tier-unlock fixture the corporate share's kink and the tier change are
    /// found at the crossings of ranged lines, exactly, with far fewer solves than bisection needs
    /// (a grid of 17, then one solve per crossing).
    @Test func rangingLocatesTheKinkExactly() async throws {
        let scenario = try SweepTests.tierUnlock()
        let parameter = try ScenarioParameter("envelope.tiers.area-lead.maxPct", in: scenario)
        let function = try await Sweep(parameter: parameter, from: 0, to: dec("0.08")).run(on: scenario)
        let points = function.breakpoints.filter(\.changesValue)
        #expect(points.count == 2)
        // By hand (SweepTests): 100,000 = 5,000,000·p − 20,000 at p = 0.024; 5,000,000·p − 20,000 = 130,000 at 0.03.
        #expect(points.first?.at == dec("0.024"))
        #expect(points.last?.at == dec("0.03"))
        #expect(points.allSatisfy { $0.lower == $0.upper })
        #expect(function.samples.count <= 25, "\(function.samples.count) solves")
    }
}
