import Foundation
import Optimization
import Testing
import TestSupport

/// LP sensitivity: duals, reduced costs and ranging, checked by hand and against `glpsol --ranges`.
@Suite struct SensitivityTests {
    /// Wyndor Glass (Hillier & Lieberman): max 3x + 5y s.t. plant1: x ≤ 4, plant2: 2y ≤ 12,
    /// plant3: 3x + 2y ≤ 18, x, y ≥ 0. Optimum (2, 6) = 36.
    static func wyndor() -> (Model, Variable, Variable, [ConstraintReference]) {
        var model = Model(name: "wyndor")
        let x = model.addVariable("x")
        let y = model.addVariable("y")
        let rows = [
            model.addConstraint("plant1", LinearExpression(x) <= 4),
            model.addConstraint("plant2", 2 * y <= 12),
            model.addConstraint("plant3", 3 * x + 2 * y <= 18),
        ]
        model.setObjective(.maximize, 3 * x + 5 * y)
        return (model, x, y, rows)
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    static func close(_ a: ClosedRange<Double>?, _ b: ClosedRange<Double>, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return close(a.lowerBound, b.lowerBound, tolerance) && close(a.upperBound, b.upperBound, tolerance)
    }

    /// By hand. Basis at (2, 6): x, y and plant1's slack are basic; plant2 and plant3 bind.
    /// Duals: the x column gives 3·u3 = 3 ⇒ u3 = 1; the y column 2·u2 + 2·u3 = 5 ⇒ u2 = 1.5; u1 = 0.
    /// plant3's RHS b3 (plant2 still binding): y = 6, x = (b3 − 12)/3; x ≥ 0 ⇒ b3 ≥ 12 and plant1's
    /// slack 4 − x ≥ 0 ⇒ b3 ≤ 24: dual 1 holds on [12, 24].
    /// plant2's RHS b2: y = b2/2, x = (18 − b2)/3; x ≥ 0 ⇒ b2 ≤ 18; x ≤ 4 ⇒ b2 ≥ 6: [6, 18].
    /// plant1 is slack (activity 2): its bound may move over [2, +∞) with dual 0.
    /// c_x (c_y = 5): (c_x, 5) must stay in the cone of plant2's normal (0, 2) and plant3's (3, 2):
    /// c_x = 3·u3, 5 = 2·u2 + 2·u3 with u ≥ 0 ⇒ 0 ≤ c_x ≤ 7.5. c_y (c_x = 3): u3 = 1, c_y = 2·u2 + 2
    /// ⇒ c_y ≥ 2.
    @Test func wyndorByHand() throws {
        let (model, x, y, rows) = Self.wyndor()
        let (solution, sensitivity) = try model.solveWithSensitivity()
        #expect(solution.status == .optimal)
        #expect(Self.close(sensitivity.objectiveValue, 36))
        #expect(Self.close(sensitivity[x].value, 2) && Self.close(sensitivity[y].value, 6))
        let (plant1, plant2, plant3) = (sensitivity[rows[0]], sensitivity[rows[1]], sensitivity[rows[2]])
        #expect(plant1.isBasic && plant1.dual == 0)
        #expect(Self.close(plant1.activity, 2))
        #expect(Self.close(plant1.upperBoundRange, 2...Double.infinity))
        #expect(plant1.lowerBoundRange == nil)
        #expect(plant2.status == .atUpper && Self.close(plant2.dual, 1.5))
        #expect(Self.close(plant2.upperBoundRange, 6...18))
        #expect(plant3.status == .atUpper && Self.close(plant3.dual, 1))
        #expect(Self.close(plant3.upperBoundRange, 12...24))
        #expect(Self.close(plant3.activeBoundRange, 12...24))
        #expect(sensitivity[x].isBasic && sensitivity[y].isBasic)
        #expect(Self.close(sensitivity[x].costRange, 0...7.5))
        #expect(Self.close(sensitivity[y].costRange, 2...Double.infinity))
        #expect(sensitivity[x].reducedCost == 0 && sensitivity[x].boundRange == nil)
    }

    /// Warm re-solves after RHS changes. Inside plant3's range [12, 24] the objective moves by the
    /// dual: b3 = 20 gives 36 + 1·2 = 38 (x = 8/3, y = 6). Beyond it the basis changes: b3 = 30
    /// leaves plant3 slack, x = 4, y = 6, objective 12 + 30 = 42.
    @Test func warmSessionFollowsTheDualInsideTheRange() throws {
        let (model, x, _, rows) = Self.wyndor()
        try model.withWarmSession { session throws(ModelError) in
            let first = try session.resolve()
            #expect(Self.close(first.objectiveValue ?? .nan, 36))
            let coldIterations = try session.iterations
            try session.setBounds(of: rows[2], lower: nil, upper: 20)
            // GLPK never marks a solution stale; the session does.
            #expect(throws: ModelError.self) { try session.sensitivity() }
            let inside = try session.resolve()
            #expect(Self.close(inside.objectiveValue ?? .nan, 38))
            #expect(Self.close(inside.value(of: x), 8.0 / 3))
            // One dual simplex pivot at most: the basis is still optimal, only its values move.
            #expect(try session.iterations - coldIterations <= 1)
            try session.setBounds(of: rows[2], lower: nil, upper: 30)
            let beyond = try session.resolve()
            #expect(Self.close(beyond.objectiveValue ?? .nan, 42))
            #expect(try session.sensitivity()[rows[2]].isBasic)
        }
    }

    /// A MIP fixed at its optimum. max 5x + 4y, 6x + 4y ≤ 24, x + 2y ≤ 6, integers: optimum (4, 0).
    /// With x and y fixed, both rows are basic (duals 0) and the reduced costs are the objective
    /// coefficients: one more x is worth 5, valid for x in (−∞, 4], where 6x ≤ 24 still holds.
    @Test func fixedIntegersGiveReducedCostsValidWhileDecisionsStay() throws {
        var model = Model(name: "fixed-mip")
        let x = model.addVariable("x", kind: .integer)
        let y = model.addVariable("y", kind: .integer)
        model.addConstraint("wood", 6 * x + 4 * y <= 24)
        model.addConstraint("labour", x + 2 * y <= 6)
        model.setObjective(.maximize, 5 * x + 4 * y)
        let mip = try model.solve()
        #expect(Self.close(mip.objectiveValue ?? .nan, 20))
        let (_, sensitivity) = try model.fixingIntegers(at: mip.values).solveWithSensitivity()
        #expect(sensitivity[x].status == .fixed && Self.close(sensitivity[x].reducedCost, 5))
        #expect(Self.close(sensitivity[y].reducedCost, 4))
        #expect(Self.close(sensitivity[x].boundRange, -Double.infinity...4))
        #expect(sensitivity.rows.allSatisfy { $0.dual == 0 })
    }

    @Test func unfixedMIPThrowsInsteadOfCrashing() throws {
        var model = Model(name: "mip")
        let x = model.addVariable("x", kind: .integer, upperBound: 3)
        model.addConstraint("row", 2 * x <= 5)
        model.setObjective(.maximize, LinearExpression(x))
        #expect { try model.solveWithSensitivity() } throws: { ($0 as? ModelError)?.code == .sensitivityUnavailable }
    }

    @Test func infeasibleAndUnboundedLPsThrowInsteadOfCrashing() throws {
        var infeasible = Model(name: "infeasible")
        let x = infeasible.addVariable("x")
        infeasible.addConstraint("low", LinearExpression(x) <= 1)
        infeasible.addConstraint("high", LinearExpression(x) >= 2)
        infeasible.setObjective(.maximize, LinearExpression(x))
        #expect { try infeasible.solveWithSensitivity() } throws: {
            ($0 as? ModelError)?.code == .sensitivityUnavailable
        }
        var unbounded = Model(name: "unbounded")
        let u = unbounded.addVariable("u")
        unbounded.addConstraint("floor", LinearExpression(u) >= 1)
        unbounded.setObjective(.maximize, LinearExpression(u))
        #expect { try unbounded.solveWithSensitivity() } throws: {
            ($0 as? ModelError)?.code == .sensitivityUnavailable
        }
        // The thread's GLPK environment survived: a plain solve still works.
        #expect(try Self.wyndor().0.solve().status == .optimal)
    }

    @Test func sessionRefusesUseAfterItsClosureAndBadBounds() throws {
        let (model, _, _, rows) = Self.wyndor()
        var escaped: WarmSession?
        try model.withWarmSession { session throws(ModelError) in
            escaped = session
            #expect { try session.setBounds(of: rows[0], lower: 5, upper: 4) } throws: {
                ($0 as? ModelError)?.code == .invalidModel
            }
            #expect { try session.setBounds(of: rows[0], lower: nil, upper: .nan) } throws: {
                ($0 as? ModelError)?.code == .invalidModel
            }
        }
        #expect { try escaped!.resolve() } throws: { ($0 as? ModelError)?.code == .staleProblem }
    }

    /// A larger LP (60 rows, 120 columns, seeded): after a binding row's bound moves inside its
    /// range, the warm re-solve agrees with a cold solve of the changed model, the objective moves
    /// by dual × change, and it takes a small fraction of the cold solve's simplex iterations.
    @Test func warmResolveOfALargerLP() throws {
        var random = SplitMix64(seed: 7)
        var model = Model(name: "random-lp")
        let columns = (0..<120).map { model.addVariable("x\($0)", upperBound: 10) }
        var rows: [ConstraintReference] = []
        for i in 0..<60 {
            var expression = LinearExpression()
            for column in columns where random.unit() < 0.3 { expression.add(0.1 + random.unit(), column) }
            rows.append(model.addConstraint("r\(i)", expression <= LinearExpression(constant: 20 + 40 * random.unit())))
        }
        var objective = LinearExpression()
        for column in columns { objective.add(random.unit(), column) }
        model.setObjective(.maximize, objective)
        let (cold, changed, before, after, dual, range, coldIterations, warmIterations) =
            try model.withWarmSession { session throws(ModelError) in
                let first = try session.resolve()
                let coldIterations = try session.iterations
                let sensitivity = try session.sensitivity()
                guard let row = sensitivity.rows.firstIndex(where: { !$0.isBasic && $0.dual > 1e-6 }),
                    let range = sensitivity.rows[row].upperBoundRange
                else { throw ModelError(.solverFailure, "the random LP has no binding row") }
                let ranging = sensitivity.rows[row]
                let bound = model.constraints[row].relation.upperBound!
                let moved = bound + 0.5 * (range.upperBound.isFinite ? range.upperBound - bound : 1)
                try session.setBounds(of: rows[row], lower: nil, upper: moved)
                let second = try session.resolve()
                var copy = model
                copy.setBounds(of: rows[row], lower: nil, upper: moved)
                return (
                    try copy.solve(SolveOptions(presolve: false)), moved - bound, first.objectiveValue!,
                    second.objectiveValue!, ranging.dual, range, coldIterations, try session.iterations - coldIterations
                )
            }
        #expect(changed > 0 && range.upperBound > range.lowerBound)
        #expect(Self.close(after, cold.objectiveValue!, 1e-9))
        #expect(Self.close(after - before, dual * changed, 1e-7))
        #expect(coldIterations >= 20)
        #expect(warmIterations * 5 <= coldIterations, "warm \(warmIterations) vs cold \(coldIterations) iterations")
    }

    /// The same ranging as GLPK's own report: export the LP, run `glpsol --ranges`, parse it.
    /// The model adds to Wyndor a non-basic column z (at its lower bound) and a slack `≥` row.
    @Test func matchesGlpsolRanges() throws {
        var model = Model(name: "ranges")
        let x = model.addVariable("x")
        let y = model.addVariable("y")
        let z = model.addVariable("z", upperBound: 3)
        model.addConstraint("plant1", x + z <= 4)
        model.addConstraint("plant2", 2 * y <= 12)
        model.addConstraint("plant3", 3 * x + 2 * y + 2 * z <= 18)
        model.addConstraint("floor", x + y >= 1)
        // An equality row (non-basic fixed in the basis). No ranged row: LP files read ranged rows
        // back with an extra column.
        let w = model.addVariable("w", lowerBound: nil)
        model.addConstraint("link", w - x == 0)
        model.setObjective(.maximize, 3 * x + 5 * y + LinearExpression(z))
        let (_, ours) = try model.solveWithSensitivity()
        let report = try Self.glpsolRanges(try model.export(.lp))
        #expect(report.count == model.constraints.count + model.variables.count)
        for row in ours.rows {
            let theirs = try #require(report[row.name], "glpsol has no row \(row.name)")
            #expect(Self.close(row.dual, theirs.marginal, 1e-5), "\(row.name) dual")
            #expect(row.isBasic == (theirs.status == "BS"), "\(row.name) status")
            if !row.isBasic {
                #expect(Self.close(row.activeBoundRange, theirs.activityRange, 1e-5), "\(row.name) bound range")
            }
        }
        for column in ours.columns {
            let theirs = try #require(report[column.name], "glpsol has no column \(column.name)")
            #expect(Self.close(column.reducedCost, theirs.marginal, 1e-5), "\(column.name) reduced cost")
            #expect(Self.close(column.costRange, theirs.coefficientRange, 1e-5), "\(column.name) cost range")
            if !column.isBasic {
                #expect(Self.close(column.boundRange, theirs.activityRange, 1e-5), "\(column.name) bound range")
            }
        }
        #expect(ours[z].status == .atLower)
        #expect(Self.close(ours[w].value, 2))
    }

    struct GlpsolEntry {
        var status: String
        var marginal: Double
        var activityRange: ClosedRange<Double>
        var coefficientRange: ClosedRange<Double>
    }

    /// Runs glpsol on an LP file and parses its sensitivity report: two lines per row or column,
    /// `No. Name St Activity Slack|Coef Lower ActLow CoefLow ObjAt [Var]` then
    /// `Marginal Upper ActHigh CoefHigh ObjAt [Var]`, with `.` for 0 and `±Inf`.
    static func glpsolRanges(_ lp: String) throws -> [String: GlpsolEntry] {
        let lines = try Glpsol.report(of: lp, reportOption: "--ranges").split(separator: "\n").map {
            $0.split(separator: " ").map(String.init)
        }
        func number(_ text: String) -> Double {
            switch text {
            case ".": 0
            case "+Inf": .infinity
            case "-Inf": -.infinity
            default: Double(text)!
            }
        }
        var entries: [String: GlpsolEntry] = [:]
        var index = 0
        while index + 1 < lines.count {
            let first = lines[index]
            if first.count >= 9, Int(first[0]) != nil, ["BS", "NL", "NU", "NF", "NS"].contains(first[2]) {
                let second = lines[index + 1]
                entries[first[1]] = GlpsolEntry(
                    status: first[2], marginal: number(second[0]),
                    activityRange: number(first[6])...number(second[2]),
                    coefficientRange: number(first[7])...number(second[3]))
                index += 2
            } else {
                index += 1
            }
        }
        return entries
    }
}

