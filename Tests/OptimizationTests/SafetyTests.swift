import Foundation
import Logging
import Synchronization
import Testing
import TestSupport
@testable import Optimization

/// GLPK's fatal-error path is reached on purpose, and the process lives on.
@Suite struct FatalErrorTests {
    /// A row index out of range makes GLPK call its error routine, which without the guard ends in
    /// abort(). Here it must become a thrown error, and GLPK must stay usable on this thread.
    @Test func outOfRangeRowIsSurvived() throws {
        try onOwnThread {
            let earlier = try GLPKProblem()
            let problem = try GLPKProblem()
            #expect {
                try problem.setRowBounds(999, lower: 0, upper: 1)
            } throws: { error in
                let error = error as! ModelError
                return error.code == .fatalSolverError && error.messages[0].contains("glp_set_row_bnds")
                    && error.messages[0].contains("out of range")
            }
            // The reset freed every problem of the thread; using one is an error, not a crash.
            #expect(throws: ModelError.self) { try problem.setColumnBounds(1, lower: 0, upper: 1) }
            #expect(throws: ModelError.self) { try earlier.setRowBounds(1, lower: 0, upper: 1) }
            // A new solve on the same thread works.
            var model = Model()
            let x = model.addVariable("x", kind: .integer, upperBound: 7)
            model.setObjective(.maximize, x)
            #expect(try model.solve().objectiveValue == 7)
        }
    }

    /// An invalid bound type is another of GLPK's fatal errors.
    @Test func repeatedFatalErrorsAreSurvived() throws {
        try onOwnThread {
            for _ in 0..<20 {
                let problem = try GLPKProblem()
                #expect(throws: ModelError.self) { try problem.setColumnBounds(0, lower: 0, upper: 1) }
            }
        }
    }

    /// Runs a body start to end on one thread, as GLPK's thread-owned problems require.
    private func onOwnThread(_ body: @escaping @Sendable () throws -> Void) throws {
        let failure = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do { try body() } catch { failure.withLock { $0 = error } }
            done.signal()
        }
        thread.start()
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}

/// Limits stop the search honestly: never "optimal" after a limit.
@Suite struct LimitTests {
    /// Jeroslow's problem, weighted: max Σ wᵢxᵢ s.t. 2·Σx ≤ n, n odd, x binary, wᵢ = 1 + i·10⁻⁴.
    /// Every LP bound holds half a variable more than any integer point, and the weights are not
    /// integral (GLPK would otherwise round the bound), so branch and bound must explore about
    /// C(n, n/2) nodes: far more than a fraction of a second allows for n = 41.
    static func jeroslow(_ n: Int = 41) -> Model {
        var model = Model(name: "jeroslow")
        let x = (0..<n).map { model.addVariable("x\($0)", kind: .binary) }
        let count = LinearExpression.sum(x.map(LinearExpression.init))
        model.addConstraint("parity", 2 * count <= LinearExpression(constant: Double(n)))
        model.setObjective(.maximize, .sum(x.enumerated().map { (1 + Double($0.offset) * 1e-4) * $0.element }))
        return model
    }

    /// The best 20 of 41 weights: 20 + (21 + … + 40)·10⁻⁴ = 20.061.
    static let jeroslowOptimum = 20.061

    @Test func timeLimitIsNeverOptimal() throws {
        let solution = try Self.jeroslow().solve(SolveOptions(timeLimit: .milliseconds(300), presolve: false))
        #expect(solution.termination == .timeLimit)
        #expect(solution.status == .feasible || solution.status == .noSolution)
        if solution.status == .feasible {
            #expect(solution.objectiveValue! <= Self.jeroslowOptimum + 1e-9)
            #expect(solution.bestBound! >= Self.jeroslowOptimum - 1e-9)
            #expect(solution.relativeGap! >= 0)
        }
    }

    /// With a 10% gap tolerance the search stops at the first 20-variable incumbent, whose bound
    /// is still about 20.5.
    @Test func gapLimitIsReportedAsFeasible() throws {
        let solution = try Self.jeroslow().solve(SolveOptions(relativeGap: 0.1, presolve: false))
        #expect(solution.termination == .gapLimit)
        #expect(solution.status == .feasible)
        #expect(solution.objectiveValue! > 20 && solution.objectiveValue! <= Self.jeroslowOptimum + 1e-9)
        #expect(solution.relativeGap! <= 0.1)
    }

    @Test func cancellationStopsASearchPromptly() async throws {
        let model = Self.jeroslow()
        let task = Task { try await model.solve(SolveOptions(presolve: false)) }
        try await Task.sleep(for: .milliseconds(200))
        let cancelledAt = ContinuousClock.now
        task.cancel()
        let solution = try await task.value
        #expect(solution.termination == .cancelled)
        #expect(solution.status != .optimal)
        // Uncancelled, this search runs for hours; the bound only guards against a hang, since the
        // solver queue may be busy with other suites' solves on a loaded machine.
        #expect(ContinuousClock.now - cancelledAt < .seconds(60))
    }

    /// A market-split style program: equality rows with random coefficients, which GLPK's rounding
    /// heuristic cannot satisfy. A start built to satisfy them is the first incumbent, and with an
    /// enormous gap tolerance the search stops on it, so the answer is exactly the start's value.
    @Test func startIsTheFirstIncumbent() throws {
        let (model, start, weights) = MarketSplit.program()
        let startValue = zip(weights, start).map(*).reduce(0, +)
        let solution = try model.solve(SolveOptions(relativeGap: 1e9, presolve: false, start: start))
        #expect(solution.status == .feasible)
        #expect(solution.termination == .gapLimit)
        #expect(solution.objectiveValue == startValue)
        #expect(solution.values == start)
    }

    /// GLPK takes a heuristic solution checking only that its integers are whole
    /// (`glp_ios_heur_sol`), so a start outside a bound or row would become the incumbent and,
    /// better than the relaxation, end the search on a point that is not feasible. By hand: max
    /// 5x + 4y s.t. 6x + 4y ≤ 24, x + 2y ≤ 6, x ≤ 4, integers ≥ 0. The relaxation's optimum is
    /// x = 3, y = 1.5 (21), fractional; of the whole points, (4, 0) gives 20, (3, 1) 19, (2, 2) 18.
    /// The starts (4, 1), worth 24, and (5, 0), worth 25, break the first row and x's bound.
    @Test func startThatIsNotFeasibleIsIgnored() throws {
        var model = Model(name: "infeasible-start")
        let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 4)
        let y = model.addVariable("y", kind: .integer, lowerBound: 0)
        model.addConstraint("material", 6 * x + 4 * y <= 24)
        model.addConstraint("labour", x + 2 * y <= 6)
        model.setObjective(.maximize, 5 * x + 4 * y)
        for start in [[4.0, 1.0], [5.0, 0.0]] {
            #expect(!model.violations(of: start).isEmpty)
            let solution = try model.solve(SolveOptions(presolve: false, start: start))
            #expect(solution.status == .optimal, "start \(start)")
            #expect(solution.objectiveValue == 20, "start \(start)")
            #expect(solution.values == [4, 0], "start \(start)")
        }
    }
}

/// GLPK prints nothing by default; a caller's logger receives its output when asked.
@Suite struct SolverLogTests {
    final class Recorder: LogHandler, @unchecked Sendable {
        let lines = Mutex<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { lines.withLock { $0.append("\(event.message)") } }
    }

    @Test func outputGoesToTheLogger() throws {
        let recorder = Recorder()
        let logger = Logger(label: "glpk") { _ in recorder }
        var model = Model()
        let x = model.addVariable("x", kind: .integer, upperBound: 3)
        model.setObjective(.maximize, x)
        _ = try model.solve(SolveOptions(presolve: false, solverLog: logger))
        let lines = recorder.lines.withLock { $0 }
        // GLPK's branch and bound announces itself and its result.
        // GLPK's progress lines: the incumbent, and the empty tree that proves it optimal.
        #expect(lines.contains { $0.contains("mip =   3.000000000e+00") })
        #expect(lines.contains { $0.contains("tree is empty") })
    }
}
