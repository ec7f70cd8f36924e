public import Foundation
public import TradeModel

/// Traces the optimal value of a scenario as one parameter moves over `[from, to]`.
///
/// The value function of an integer program is piecewise linear with jumps. The sweep solves a
/// coarse grid, then bisects every interval whose ends differ in their discrete decisions (lever
/// quantities, active programs, tier) until it is narrower than `tolerance`. Where both ends share
/// the decisions, a solve at the midpoint checks that the value is linear in between (it is for
/// caps, rates, percentages and the hurdle, where the optimum is concave in the parameter) and
/// bisects again if not. Independent solves run in parallel.
///
/// ```swift
/// let cap = try ScenarioParameter("programs.reference-credits.concession.cap", in: scenario)
/// let function = try await Sweep(parameter: cap, from: 0, to: 1_000_000).run(on: scenario)
/// for breakpoint in function.breakpoints { print(breakpoint.at, breakpoint.jump ?? 0) }
/// ```
///
/// A change hidden strictly inside an interval whose ends and midpoint agree (decisions and a
/// linear value) cannot be seen; the initial grid (`initialIntervals`) bounds how wide such an
/// interval can be.
public struct Sweep: Sendable {
    /// The swept parameter.
    public var parameter: ScenarioParameter
    /// The interval's lower end.
    public var from: Decimal
    /// The interval's upper end.
    public var to: Decimal
    /// Breakpoints are located to within this distance; by default `(to − from) · 1e-4`.
    public var tolerance: Decimal
    /// How many equal intervals the first round solves (their ends), before any bisection.
    public var initialIntervals: Int
    /// How many solves run at once; by default the number of active processors.
    public var maxConcurrency: Int
    /// Options for every solve (time limit, fixed levers, forced or forbidden programs).
    public var options: TradeOptions

    /// A sweep of `parameter` over `[from, to]`.
    public init(
        parameter: ScenarioParameter, from: Decimal, to: Decimal, tolerance: Decimal? = nil, initialIntervals: Int = 8,
        maxConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount, options: TradeOptions = TradeOptions()
    ) {
        self.parameter = parameter
        self.from = from
        self.to = to
        self.tolerance = tolerance ?? (to - from) * Decimal(sign: .plus, exponent: -4, significand: 1)
        self.initialIntervals = initialIntervals
        self.maxConcurrency = maxConcurrency
        self.options = options
    }

    /// How far a running sweep has got, reported after each round of solves.
    public struct Progress: Sendable {
        /// Solves finished so far.
        public var solves: Int
        /// Intervals still to be checked or narrowed.
        public var openIntervals: Int
        /// The widest open interval.
        public var widestOpen: Decimal
    }

    /// Runs the sweep on `scenario`. Throws when an interval end or a point in between makes the
    /// scenario invalid, or when a solve cannot run or stops at a limit without a proven optimum.
    public func run(
        on scenario: Scenario, progress: (@Sendable (Progress) -> Void)? = nil
    ) async throws(SweepError) -> ValueFunction {
        guard from < to else { throw SweepError(.invalidRange, ["--from must be below --to"]) }
        guard tolerance > 0 else { throw SweepError(.invalidRange, ["the tolerance must be positive"]) }
        let current: Decimal
        do {
            current = try parameter.value(in: scenario)
        } catch {
            throw SweepError(.invalidParameter, [error.description])
        }
        let granularity = parameter.granularity(in: scenario)
        let tolerance = Swift.max(self.tolerance, granularity ?? 0)
        var runner = Runner(
            sweep: self, scenario: scenario, granularity: granularity, tolerance: tolerance, progress: progress)
        // Both ends first, so that an invalid end is reported before any other work.
        try await runner.solve([from, to])
        let count = Swift.max(1, initialIntervals)
        let grid = (1..<count).map { runner.snap(from + (to - from) * Decimal($0) / Decimal(count)) }
        // A grid point where the solver fails is left out; bisection probes around it.
        try await runner.solve(grid, tolerateSolverFailure: true)
        try await runner.refine()
        var function = runner.assemble()
        function.current = current
        return function
    }
}

/// Why a sweep could not run.
public struct SweepError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem stopped the sweep.
    public enum Kind: String, Sendable {
        /// `from`/`to`/`tolerance` do not describe an interval.
        case invalidRange
        /// The parameter does not address a number of the scenario.
        case invalidParameter
        /// A value in the interval makes the scenario invalid.
        case invalidScenario
        /// A solve could not run, or stopped at a limit before proving its optimum.
        case solverFailed
    }

    /// What kind of problem it is.
    public var kind: Kind
    /// Each problem, ready to print.
    public var messages: [String]

    /// An error of `kind` with `messages`.
    public init(_ kind: Kind, _ messages: [String]) {
        self.kind = kind
        self.messages = messages
    }

    /// The messages, one per line.
    public var description: String { messages.joined(separator: "\n") }
}

// MARK: - The bisection

/// The sweep's working state: solved points, and the intervals between them still open.
private struct Runner {
    typealias Sample = ValueFunction.Sample

    enum Segment: Equatable {
        /// Checked: both ends and the midpoint agree, or no wider than the tolerance with equal ends.
        case linear
        /// No wider than the tolerance, with different decisions at the ends.
        case bracket
        /// Narrow, equal decisions at the ends, but not checked for linearity.
        case narrow
    }

    let sweep: Sweep
    let scenario: Scenario
    let granularity: Decimal?
    let tolerance: Decimal
    let progress: (@Sendable (Sweep.Progress) -> Void)?
    var samples: [Decimal: Sample] = [:]
    /// Settled intervals, by lower end.
    var settled: [Decimal: (upper: Decimal, segment: Segment)] = [:]

    init(
        sweep: Sweep, scenario: Scenario, granularity: Decimal?, tolerance: Decimal,
        progress: (@Sendable (Sweep.Progress) -> Void)?
    ) {
        self.sweep = sweep
        self.scenario = scenario
        self.granularity = granularity
        self.tolerance = tolerance
        self.progress = progress
    }

    /// `x` moved down onto the parameter's grid, when it has one.
    func snap(_ x: Decimal) -> Decimal {
        guard let granularity, granularity > 0 else { return x }
        return Swift.max(sweep.from, ((x - sweep.from) / granularity).floored() * granularity + sweep.from)
    }

    /// The value tolerance for comparing optima of this size: 1e-6 relative, as the spec compares.
    static func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): abs(a - b) <= 1e-6 * Swift.max(1, abs(a), abs(b))
        default: false
        }
    }

    mutating func refine() async throws(SweepError) {
        var open: [(Decimal, Decimal)] = []
        let xs = samples.keys.sorted()
        for (a, b) in zip(xs, xs.dropFirst()) { open.append((a, b)) }
        while !open.isEmpty {
            var probes: [(Decimal, Decimal, Decimal)] = []  // (lower, probe, upper)
            for (a, b) in open {
                let same = samples[a]!.decisions == samples[b]!.decisions
                let mid = snap((a + b) / 2)
                if b - a <= tolerance || mid <= a || mid >= b {
                    settled[a] = (b, same ? .narrow : .bracket)
                } else {
                    probes.append((a, mid, b))
                }
            }
            progress?(
                Sweep.Progress(
                    solves: samples.count, openIntervals: probes.count,
                    widestOpen: probes.map { $0.2 - $0.0 }.max() ?? 0))
            var failed = try await solve(probes.map(\.1), tolerateSolverFailure: true)
            // GLPK can fail on particular numbers; bisection needs only some interior point, so a
            // failed probe moves to another one (3/8, 5/8, 1/4, 3/4 of the way) before giving up.
            for fraction in ["0.375", "0.625", "0.25", "0.75"] where !failed.isEmpty {
                let weight = Decimal(string: fraction)!
                var moved: [Decimal] = []
                for index in probes.indices where failed.contains(probes[index].1) {
                    let (a, _, b) = probes[index]
                    let x = snap(a + (b - a) * weight)
                    if x > a && x < b { probes[index].1 = x }
                    moved.append(probes[index].1)
                }
                let stillFailing = try await solve(moved, tolerateSolverFailure: true)
                failed = stillFailing
            }
            if let point = failed.min() {
                // Every interior point tried failed: solve one again to report its error.
                _ = try await Self.sample(point, parameter: sweep.parameter, scenario: scenario, options: sweep.options)
            }
            open = []
            for (a, m, b) in probes {
                let (sa, sm, sb) = (samples[a]!, samples[m]!, samples[b]!)
                let agree = sa.decisions == sm.decisions && sm.decisions == sb.decisions
                let linear = agree && Self.linear(sa, sm, sb)
                if linear {
                    settled[a] = (m, .linear)
                    settled[m] = (b, .linear)
                } else {
                    open += [(a, m), (m, b)]
                }
            }
        }
    }

    /// Whether `m` lies on the line through `a` and `b` (or all three have no trade).
    static func linear(_ a: Sample, _ m: Sample, _ b: Sample) -> Bool {
        guard let va = a.value, let vm = m.value, let vb = b.value else {
            return a.value == nil && m.value == nil && b.value == nil
        }
        let t = (m.at - a.at).double / (b.at - a.at).double
        return close(vm, va + t * (vb - va))
    }

    /// Solves every point not yet solved, `maxConcurrency` at a time. With `tolerateSolverFailure`,
    /// points where the solver fails are returned instead of thrown (an invalid scenario still throws).
    @discardableResult
    mutating func solve(_ points: [Decimal], tolerateSolverFailure: Bool = false) async throws(SweepError) -> Set<Decimal> {
        var todo: [Decimal] = []
        for x in points where samples[x] == nil && !todo.contains(x) { todo.append(x) }
        guard !todo.isEmpty else { return [] }
        let parameter = sweep.parameter
        let scenario = scenario
        let options = sweep.options
        let width = Swift.max(1, sweep.maxConcurrency)
        let solved = await withTaskGroup(of: (Decimal, Result<Sample, SweepError>).self) { group in
            var results: [(Decimal, Result<Sample, SweepError>)] = []
            var next = 0
            func add() {
                let x = todo[next]
                next += 1
                group.addTask {
                    do throws(SweepError) {
                        return (x, .success(try await Self.sample(x, parameter: parameter, scenario: scenario, options: options)))
                    } catch {
                        return (x, .failure(error))
                    }
                }
            }
            while next < Swift.min(width, todo.count) { add() }
            while let result = await group.next() {
                results.append(result)
                if next < todo.count { add() }
            }
            return results
        }
        var failed: Set<Decimal> = []
        for (x, result) in solved.sorted(by: { $0.0 < $1.0 }) {
            switch result {
            case .success(let sample): samples[x] = sample
            case .failure(let error):
                guard tolerateSolverFailure, error.kind == .solverFailed else { throw error }
                failed.insert(x)
            }
        }
        return failed
    }

    /// One independent solve of the scenario with the parameter at `x`.
    static func sample(_ x: Decimal, parameter: ScenarioParameter, scenario: Scenario, options: TradeOptions)
        async throws(SweepError) -> Sample
    {
        let modified: Scenario
        do {
            modified = try parameter.setting(x, in: scenario)
        } catch {
            throw SweepError(.invalidParameter, [error.description])
        }
        let diagnostics = modified.validate()
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            throw SweepError(
                .invalidScenario,
                errors.map { "with \(parameter.path) = \(x): \($0.description)" })
        }
        let trade: Trade
        do {
            trade = try await TradeSolver().solve(LoadedScenario(scenario: modified, warnings: []), options: options)
        } catch {
            throw SweepError(.solverFailed, error.messages.map { "with \(parameter.path) = \(x): \($0)" })
        }
        switch trade.status {
        case .optimal:
            return Sample(at: x, value: Self.objectiveValue(trade), decisions: TradeDecisions(trade))
        case .infeasible:
            return Sample(at: x, value: nil, decisions: nil)
        case .feasible, .noSolution:
            throw SweepError(
                .solverFailed,
                ["with \(parameter.path) = \(x): a limit stopped the solve before it proved the optimum (\(trade.status.rawValue))"])
        }
    }

    /// The value the objective maximizes: the buyer's value, or under `balanced` the fair share
    /// `min(buyerValue, microsoftNet − hurdle)`.
    static func objectiveValue(_ trade: Trade) -> Double? {
        guard let buyer = trade.buyerValue else { return nil }
        switch trade.objective {
        case .buyerValue: return buyer
        case .balanced:
            guard let net = trade.microsoftNet else { return nil }
            return Swift.min(buyer, net - trade.hurdle.double)
        }
    }

    // MARK: Assembly

    func assemble() -> ValueFunction {
        let xs = samples.keys.sorted()
        let ordered = xs.map { samples[$0]! }
        var pieces: [ValueFunction.Piece] = []
        var breakpoints: [ValueFunction.Breakpoint] = []
        // A piece in progress: its first and last samples.
        var first = ordered[0]
        var last = ordered[0]

        func close() {
            let slope: Double? =
                if let a = first.value, let b = last.value, last.at > first.at {
                    (b - a) / (last.at - first.at).double
                } else { nil }
            pieces.append(
                ValueFunction.Piece(
                    start: first.at, end: last.at, valueAtStart: first.value, valueAtEnd: last.value, slope: slope,
                    decisions: first.decisions))
        }

        /// Whether `sample` continues the piece in progress on its line.
        func continues(_ sample: Sample) -> Bool {
            guard sample.decisions == first.decisions else { return false }
            guard let a = first.value, let b = last.value, let v = sample.value else {
                return first.value == nil && sample.value == nil
            }
            guard last.at > first.at else { return true }
            let slope = (b - a) / (last.at - first.at).double
            return Self.close(v, a + slope * (sample.at - first.at).double)
        }

        for (a, b) in zip(xs, xs.dropFirst()) {
            // `last` is always the sample at `a` here.
            let segment = settled[a]?.segment ?? .bracket
            let next = samples[b]!
            if segment != .bracket && continues(next) {
                last = next
            } else if segment == .linear {
                // Both sides of `a` were checked linear, with different slopes: a kink on a solved point.
                close()
                first = samples[a]!
                last = next
            } else {
                // A bracket: the decisions change, or a narrow interval holds a kink.
                close()
                first = next
                last = next
            }
        }
        close()
        for (below, above) in zip(pieces, pieces.dropFirst()) { breakpoints.append(breakpoint(below, above)) }
        return ValueFunction(
            parameter: sweep.parameter.path, objective: scenario.objective, from: sweep.from, to: sweep.to,
            current: 0, tolerance: tolerance, pieces: pieces, breakpoints: breakpoints, samples: ordered)
    }

    func breakpoint(_ below: ValueFunction.Piece, _ above: ValueFunction.Piece) -> ValueFunction.Breakpoint {
        let lower = below.end
        let upper = above.start
        // On a grid (a lever's bounds), the change takes effect at the upper grid point.
        var at = granularity == nil ? Self.roundest(in: lower, upper) : upper
        // Where both lines are known and cross inside the bracket, the optimum (the best of the
        // trades on either side) is continuous there: report the crossing. This also places a
        // kink of the continuous part exactly.
        if granularity == nil, let sb = below.slope, let sa = above.slope, let vb = below.line(at: lower),
            let va = above.line(at: lower), !Self.close(sb, sa)
        {
            // vb + sb·t = va + sa·t  ⇒  t = (va − vb) / (sb − sa), measured from `lower`.
            let t = (va - vb) / (sb - sa)
            if t.isFinite, t >= 0, t <= (upper - lower).double {
                var crossing = lower + Decimal(t)
                var rounded = Decimal()
                // Doubles carry about 16 digits: keep four below the tolerance's.
                let places = Swift.max(0, Int((-log10(tolerance.double)).rounded(.up)) + 4)
                NSDecimalRound(&rounded, &crossing, places, .plain)
                at = Swift.min(upper, Swift.max(lower, rounded))
            }
        }
        var changes: [TradeChange] = []
        switch (below.decisions, above.decisions) {
        case (let b?, let a?): changes = b.changes(to: a)
        case (nil, _?): changes = [.becomesFeasible]
        case (_?, nil): changes = [.becomesInfeasible]
        case (nil, nil): break
        }
        let valueBelow = below.line(at: at)
        let valueAbove = above.line(at: at)
        let changesValue =
            (valueBelow == nil) != (valueAbove == nil) || !Self.close(valueBelow, valueAbove)
            || (below.slope != nil && above.slope != nil && !Self.close(below.slope, above.slope))
        return ValueFunction.Breakpoint(
            lower: lower, upper: upper, at: at, valueBelow: valueBelow, valueAbove: valueAbove,
            slopeBelow: below.slope, slopeAbove: above.slope, changes: changes, changesValue: changesValue)
    }

    /// The number in `[lower, upper]` with the fewest significant digits, for people to read.
    static func roundest(in lower: Decimal, _ upper: Decimal) -> Decimal {
        guard upper > lower else { return lower }
        for exponent in stride(from: 30, through: -20, by: -1) {
            let unit = Decimal(sign: .plus, exponent: exponent, significand: 1)
            let candidate = (lower / unit).ceiled() * unit
            if candidate <= upper { return candidate }
        }
        return (lower + upper) / 2
    }
}

extension Decimal {
    fileprivate func floored() -> Decimal { rounded(.down) }
    fileprivate func ceiled() -> Decimal { rounded(.up) }

    fileprivate func rounded(_ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, mode)
        return result
    }
}
