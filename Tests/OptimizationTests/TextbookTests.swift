import Testing
@testable import Optimization

/// Small programs whose optimum, solution and duals are worked out by hand.
@Suite struct TextbookTests {
    /// Wyndor Glass (Hillier & Lieberman): max 3x + 5y s.t. x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18.
    /// The vertex x = 2, y = 6 gives 36. Plant 1 has slack 2, so its dual is 0. With u2, u3 the
    /// duals of the binding rows: the x column gives 3·u3 = 3 ⇒ u3 = 1, the y column 2·u2 + 2·u3 = 5
    /// ⇒ u2 = 1.5.
    @Test func wyndorOptimumAndDuals() throws {
        var model = Model(name: "wyndor")
        let x = model.addVariable("x")
        let y = model.addVariable("y")
        let plant1 = model.addConstraint("plant1", LinearExpression(x) <= 4)
        let plant2 = model.addConstraint("plant2", 2 * y <= 12)
        let plant3 = model.addConstraint("plant3", 3 * x + 2 * y <= 18)
        model.setObjective(.maximize, 3 * x + 5 * y)
        for presolve in [false, true] {
            let solution = try model.solve(SolveOptions(presolve: presolve))
            #expect(solution.status == .optimal)
            #expect(solution.termination == .completed)
            #expect(abs(solution.objectiveValue! - 36) < 1e-9)
            #expect(abs(solution.value(of: x) - 2) < 1e-9)
            #expect(abs(solution.value(of: y) - 6) < 1e-9)
            #expect(abs(solution.activity(of: plant3) - 18) < 1e-9)
            #expect(solution.relativeGap == 0)
            if !presolve {
                // GLPK recovers duals after presolve too, but the basis is only guaranteed without it.
                #expect(abs(solution.dual(of: plant1)! - 0) < 1e-9)
                #expect(abs(solution.dual(of: plant2)! - 1.5) < 1e-9)
                #expect(abs(solution.dual(of: plant3)! - 1) < 1e-9)
                #expect(abs(solution.reducedCost(of: x)! - 0) < 1e-9)
            }
        }
    }

    /// A minimization with ≥, = and ranged rows: min 2a + 3b s.t. a + b ≥ 4, a − b = 1, 0 ≤ a ≤ 10,
    /// 1 ≤ a + 2b ≤ 20. From a = b + 1: 2b + 1 ≥ 4 ⇒ b ≥ 1.5; cost 2(b+1) + 3b = 5b + 2 ⇒ b = 1.5,
    /// a = 2.5, objective 9.5.
    @Test func minimizationWithEqualityAndRangedRows() throws {
        var model = Model(name: "mixed-rows")
        let a = model.addVariable("a", upperBound: 10)
        let b = model.addVariable("b")
        model.addConstraint("cover", a + b >= 4)
        model.addConstraint("link", a - b == 1)
        model.addConstraint("range", LinearRelation(a + 2 * b, in: 1...20))
        model.setObjective(.minimize, 2 * a + 3 * b)
        let solution = try model.solve()
        #expect(solution.status == .optimal)
        #expect(abs(solution.objectiveValue! - 9.5) < 1e-9)
        #expect(abs(solution.value(of: a) - 2.5) < 1e-9)
        #expect(abs(solution.value(of: b) - 1.5) < 1e-9)
    }

    /// max 5x + 4y s.t. 6x + 4y ≤ 24, x + 2y ≤ 6, x, y ≥ 0 integer. The LP optimum is x = 3,
    /// y = 1.5 (21); among integer points (4,0) gives 20, (3,1) 19, (2,2) 18, so 20 at (4, 0).
    @Test(arguments: [false, true]) func integerProgram(presolve: Bool) throws {
        var model = Model(name: "textbook-mip")
        let x = model.addVariable("x", kind: .integer)
        let y = model.addVariable("y", kind: .integer)
        model.addConstraint("c1", 6 * x + 4 * y <= 24)
        model.addConstraint("c2", x + 2 * y <= 6)
        model.setObjective(.maximize, 5 * x + 4 * y)
        let solution = try model.solve(SolveOptions(presolve: presolve))
        #expect(solution.status == .optimal)
        #expect(abs(solution.objectiveValue! - 20) < 1e-9)
        #expect(solution.value(of: x) == 4)
        #expect(solution.value(of: y) == 0)
        #expect(solution.bestBound == solution.objectiveValue)
        #expect(solution.duals == nil)
    }

    /// The objective's constant term is part of the reported objective.
    @Test func objectiveConstant() throws {
        var model = Model()
        let x = model.addVariable("x", upperBound: 3)
        model.setObjective(.maximize, 2 * x + 7)
        #expect(try model.solve().objectiveValue == 13)
    }

    @Test(arguments: [false, true]) func infeasibleLinearProgram(presolve: Bool) throws {
        var model = Model()
        let x = model.addVariable("x")
        let y = model.addVariable("y")
        model.addConstraint("at-most-one", x + y <= 1)
        model.addConstraint("at-least-two", x + y >= 2)
        model.setObjective(.maximize, x)
        let solution = try model.solve(SolveOptions(presolve: presolve))
        #expect(solution.status == .infeasible)
        #expect(solution.termination == .completed)
        #expect(!solution.hasSolution)
        #expect(solution.values.isEmpty)
    }

    /// 2x = 1 has the LP solution x = 0.5 but no integer one.
    @Test(arguments: [false, true]) func integerInfeasible(presolve: Bool) throws {
        var model = Model()
        let x = model.addVariable("x", kind: .integer, upperBound: 5)
        model.addConstraint("odd", 2 * x == 1)
        model.setObjective(.maximize, LinearExpression(x))
        #expect(try model.solve(SolveOptions(presolve: presolve)).status == .infeasible)
    }

    @Test(arguments: [false, true]) func unboundedLinearProgram(presolve: Bool) throws {
        var model = Model()
        let x = model.addVariable("x")
        let y = model.addVariable("y")
        model.addConstraint("c", x - y <= 1)
        model.setObjective(.maximize, x + y)
        let solution = try model.solve(SolveOptions(presolve: presolve))
        #expect(solution.status == .unbounded)
        #expect(!solution.hasSolution)
    }

    @Test(arguments: [false, true]) func unboundedIntegerProgram(presolve: Bool) throws {
        var model = Model()
        let x = model.addVariable("x", kind: .integer)
        let y = model.addVariable("y", kind: .integer, upperBound: 3)
        model.addConstraint("c", x - y >= 0)
        model.setObjective(.maximize, x + y)
        #expect(try model.solve(SolveOptions(presolve: presolve)).status == .unbounded)
    }

    /// The relaxation is unbounded in x, but 2y = 1 has no integer solution: infeasible, not unbounded.
    @Test(arguments: [false, true]) func unboundedRelaxationOfInfeasibleProgram(presolve: Bool) throws {
        var model = Model()
        let x = model.addVariable("x", kind: .integer)
        let y = model.addVariable("y", kind: .integer, upperBound: 3)
        model.addConstraint("odd", 2 * y == 1)
        model.setObjective(.maximize, x + y)
        #expect(try model.solve(SolveOptions(presolve: presolve)).status == .infeasible)
    }

    /// Integer bounds that are not integral are rounded inward: x ≤ 2.7 allows x = 2 at most.
    @Test func fractionalBoundsOfIntegerVariable() throws {
        var model = Model()
        let x = model.addVariable("x", kind: .integer, lowerBound: 0.2, upperBound: 2.7)
        model.setObjective(.maximize, LinearExpression(x))
        let solution = try model.solve()
        #expect(solution.value(of: x) == 2)
    }

    @Test func binaryVariablesIgnoreGivenBounds() throws {
        var model = Model()
        let b = model.addVariable("b", kind: .binary, lowerBound: -5, upperBound: 9)
        model.setObjective(.maximize, 3 * b)
        #expect(model[b].lowerBound == 0 && model[b].upperBound == 1)
        #expect(try model.solve().objectiveValue == 3)
    }
}

/// GLPK 5.0's MIP preprocessor answers this infeasible model (a brute-force trade scenario, seed 331)
/// with "INTEGER OPTIMAL SOLUTION FOUND" and the ranged row c0 at 1505: `glpsol --freemps` on its MPS
/// export does the same. By hand: c1 fixes n2 = 2, so c0 needs 500·n0 ∈ [1005, 1495], n0 ∈ [2.01, 2.99],
/// and n0 is an integer. Model.solve checks the presolved answer and must say infeasible.
@Suite struct PresolverGuardTests {
    static func model() -> Model {
        var m = Model(name: "seed-331")
        let k = m.addVariable("cost:l2")
        let n0 = m.addVariable("n:l0", kind: .integer, lowerBound: 1, upperBound: 4)
        let n1 = m.addVariable("n:l1", kind: .integer, lowerBound: 0, upperBound: 1)
        let n2 = m.addVariable("n:l2", kind: .integer, lowerBound: 0, upperBound: 4)
        let y = (0..<4).map { m.addVariable("y:p\($0)", kind: .binary) }
        let c = (0..<4).map { m.addVariable("c:p\($0)") }
        let z = m.addVariable("z:default", kind: .binary)
        let d = m.addVariable("discount")
        func constant(_ value: Double) -> LinearExpression { LinearExpression(constant: value) }
        m.addConstraint("cost:l2:1", k - 30 * n2 >= constant(-15))
        m.addConstraint("cond:p0:0", n1 - y[0] >= 0)
        m.addConstraint("cap:p0", c[0] - 400 * y[0] <= 0)
        m.addConstraint("cond:p1:0", n1 - y[1] >= 0)
        m.addConstraint("cond:p1:1", 10 * y[1] + 5 * n2 <= constant(20))
        m.addConstraint("cap:p1", c[1] - 50 * y[1] <= 0)
        m.addConstraint("rate:p1", c[1] - 2000 * n0 <= 0)
        m.addConstraint("cap:p2", c[2] - 20 * y[2] <= 0)
        m.addConstraint("rate:p2", c[2] - n1 <= 0)
        m.addConstraint("cap:p3", c[3] - 20 * y[3] <= 0)
        m.addConstraint("rate:p3", c[3] - 0.1 * n1 <= 0)
        m.addConstraint("one-tier", LinearExpression(z) == 1)
        m.addConstraint("envelope", d + c[3] + c[1] + c[0] <= 0)
        m.addConstraint(
            "participation", 20 * n2 + 100 * n1 + 100 * n0 - d - c[3] - c[2] - c[1] - c[0] >= constant(-10))
        m.addConstraint("constraint:c0", LinearRelation(2.5 * n2 + 500 * n0, in: 1010...1500))
        m.addConstraint("constraint:c1", -5 * n2 == constant(-10))
        m.setObjective(.maximize, c[0] + c[1] + c[2] + c[3] + d - k)
        return m
    }

    @Test(arguments: [false, true]) func rangedRowInfeasibility(presolve: Bool) throws {
        #expect(try Self.model().solve(SolveOptions(presolve: presolve)).status == .infeasible)
    }

    @Test func violationsNameTheBrokenRow() {
        var values = [Double](repeating: 0, count: Self.model().variables.count)
        values[1] = 2  // n0
        values[3] = 2  // n2: c0 = 5 + 1000 = 1005 < 1010
        values[12] = 1  // z
        values[0] = 45  // k = 30·2 − 15
        #expect(Self.model().violations(of: values) == ["constraint 'constraint:c0' has activity 1005.0 outside its bounds"])
        values[1] = 2.5
        #expect(Self.model().violations(of: values).contains("variable 'n:l0' = 2.5 is not integral"))
    }
}
