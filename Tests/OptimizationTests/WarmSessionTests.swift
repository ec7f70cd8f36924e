import Optimization
import Testing
import TestSupport

/// A warm session solving a MIP, then a pass that keeps its optimum and minimizes something else,
/// then the LP left with the integers fixed: every answer checked against enumeration of all
/// integer points, the way the trade's lexicographic passes use a session.
@Suite struct WarmSessionTests {
    /// A seeded pure-integer program small enough to enumerate: 4 integer variables in 0...3, 3 rows
    /// `Σ a·x ≤ b` with non-negative coefficients (so x = 0 is feasible), a random objective and a
    /// random secondary objective.
    struct Program {
        var model: Model
        var variables: [Variable]
        var rows: [[Double]]
        var limits: [Double]
        var objective: [Double]
        var secondary: [Double]

        init(seed: UInt64) {
            var random = SplitMix64(seed: seed)
            var model = Model(name: "enumerable")
            // x0's bound 3.4 must reach GLPK as 3: branch and bound needs integral bounds.
            variables = (0..<4).map { model.addVariable("x\($0)", kind: .integer, upperBound: $0 == 0 ? 3.4 : 3) }
            self.model = model
            rows = (0..<3).map { _ in (0..<4).map { _ in Double(random.int(0...5)) } }
            limits = (0..<3).map { _ in Double(random.int(3...14)) }
            objective = (0..<4).map { _ in Double(random.int(-2...9)) }
            secondary = (0..<4).map { _ in Double(random.int(-4...4)) }
            for (index, row) in rows.enumerated() {
                self.model.addConstraint("row\(index)", expression(row) <= LinearExpression(constant: limits[index]))
            }
            self.model.setObjective(.maximize, expression(objective))
        }

        func expression(_ coefficients: [Double]) -> LinearExpression {
            var sum = LinearExpression()
            for (variable, coefficient) in zip(variables, coefficients) { sum.add(coefficient, variable) }
            return sum
        }

        /// Every feasible integer point.
        var points: [[Double]] {
            var found: [[Double]] = []
            for code in 0..<256 {
                let point = (0..<4).map { Double((code >> (2 * $0)) & 3) }
                let fits = zip(rows, limits).allSatisfy { row, limit in
                    zip(row, point).map(*).reduce(0, +) <= limit
                }
                if fits { found.append(point) }
            }
            return found
        }

        static func value(_ coefficients: [Double], _ point: [Double]) -> Double {
            zip(coefficients, point).map(*).reduce(0, +)
        }
    }

    /// Both ways of scaling an added row (the whole problem again, or the row alone).
    @Test(arguments: 1...40 as ClosedRange<UInt64>, [WarmSession.RowScaling.wholeProblem, .addedRowAlone])
    func passesMatchEnumeration(seed: UInt64, rowScaling: WarmSession.RowScaling) throws {
        let program = Program(seed: seed)
        let points = program.points
        let best = points.map { Program.value(program.objective, $0) }.max()!
        let secondBest = points.filter { Program.value(program.objective, $0) == best }
            .map { Program.value(program.secondary, $0) }.min()!
        // As the trade's passes solve: integers within 1e-9 of a whole number, a start offered.
        var options = SolveOptions(integralityTolerance: 1e-9)
        let session = try WarmSession(model: program.model, options: options, rowScaling: rowScaling)
        defer { session.close() }
        do {
            let first = try session.resolve()
            #expect(first.status == .optimal)
            #expect(abs((first.objectiveValue ?? .nan) - best) < 1e-6)
            try session.addConstraint("keep", program.expression(program.objective) >= LinearExpression(constant: best - 1e-7))
            try session.setObjective(.minimize, program.expression(program.secondary))
            options.start = first.values.map { $0.rounded() }
            let second = try session.resolve(options)
            #expect(second.status == .optimal)
            #expect(abs((second.objectiveValue ?? .nan) - secondBest) < 1e-6)
            #expect(session.model.violations(of: second.values).isEmpty)
            // The LP left with the integers fixed at the second pass's point has that point as its
            // only solution, and an optimal basis to analyse.
            let point = second.values.map { $0.rounded() }
            try session.fixIntegers(at: second.values)
            #expect(!session.model.isMixedInteger)
            let fixed = try session.resolve()
            #expect(fixed.status == .optimal)
            #expect(fixed.values == point)
            let ranging = try session.sensitivity()
            #expect(abs(ranging.objectiveValue - Program.value(program.secondary, point)) < 1e-9)
        }
    }

    /// Bad changes are refused before they reach GLPK, and leave the session as it was.
    @Test func refusedChangesLeaveTheSessionIntact() throws {
        let program = Program(seed: 3)
        let best = program.points.map { Program.value(program.objective, $0) }.max()!
        var other = Model(name: "other")
        _ = other.addVariable("a")
        _ = other.addVariable("b")
        _ = other.addVariable("c")
        _ = other.addVariable("d")
        let stranger = other.addVariable("e")
        try program.model.withWarmSession { session throws(ModelError) in
            func refused(_ change: () throws(ModelError) -> Void) -> Bool {
                do throws(ModelError) {
                    try change()
                    return false
                } catch {
                    return error.code == .invalidModel
                }
            }
            #expect(refused { () throws(ModelError) in try session.addConstraint("bad", LinearExpression(stranger) <= 1) })
            #expect(refused { () throws(ModelError) in try session.addConstraint("row0", program.expression([1, 0, 0, 0]) <= 1) })
            #expect(refused { () throws(ModelError) in try session.addConstraint("nan", program.expression([1, 0, 0, 0]) <= LinearExpression(constant: .nan)) })
            #expect(refused { () throws(ModelError) in try session.setObjective(.maximize, program.expression([.infinity, 0, 0, 0])) })
            #expect(refused { () throws(ModelError) in try session.setBounds(of: program.variables[0], lower: 1.2, upper: 1.8) })
            #expect(refused { () throws(ModelError) in try session.fixIntegers(at: [1, 2]) })
            #expect(session.model == program.model)
            #expect(try session.resolve().objectiveValue == best)
        }
    }

    /// A raised cancellation stops a session's branch and bound like a cold solve's.
    @Test func cancellationStopsASessionsSearch() throws {
        // Many equal-value knapsack items: the root relaxation is fractional, so a search is needed.
        var model = Model(name: "parity")
        let items = (0..<30).map { model.addVariable("i\($0)", kind: .binary) }
        var weight = LinearExpression()
        for item in items { weight.add(2, item) }
        model.addConstraint("capacity", weight <= 31)
        model.setObjective(.maximize, weight)
        let cancellation = SolveCancellation()
        cancellation.cancel()
        try model.withWarmSession { session throws(ModelError) in
            var options = SolveOptions()
            options.cancellation = cancellation
            let stopped = try session.resolve(options)
            #expect(stopped.termination == .cancelled)
            #expect(stopped.status != .optimal)
            // The same session, without the flag, proves the optimum: 15 items of weight 2 = 30.
            let finished = try session.resolve(SolveOptions())
            #expect(finished.status == .optimal && finished.objectiveValue == 30)
        }
    }
}
