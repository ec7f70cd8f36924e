public import Foundation
import Optimization
public import TradeModel

/// Traces the optimal value of a scenario as one parameter moves over `[from, to]`.
///
/// The value function of an integer program is piecewise linear with jumps. The sweep solves a
/// grid, then settles each interval between solved points: for a limit LP ranging follows, from
/// the ends' ranged lines (a piece, or a change exactly at an end), else by solving where the
/// lines cross, where one stops, or the midpoint; for other numbers by bisection with a check that
/// the midpoint lies on the chord. Changes are located to within `tolerance`. Each point starts
/// from its neighbours' trades and keeps one while it stays optimal. Independent solves run in
/// parallel. docs/sweep.md has the details.
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
    /// How intervals are settled: from LP ranging where the parameter allows it (the default),
    /// or by bisection only, as before ranging (kept to measure against).
    public var method: Method = .automatic
    /// Whether each solve starts from its solved neighbours' trades (a MIP start), keeping one
    /// while it is still optimal; off, every point is solved from scratch with the tie-breaks.
    public var warmStarts: Bool = true

    /// How a sweep settles the intervals between solved points.
    public enum Method: String, Sendable, Hashable {
        /// Ranged lines where the parameter is a limit that LP ranging follows, else bisection.
        case automatic
        /// Midpoint bisection with a check that the midpoint lies on the chord, for every parameter.
        case bisection
    }

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
        let ranges =
            method == .automatic
            && TradeSensitivity.limits(of: ScenarioIndex(scenario)).contains { $0.path == parameter.path }
        var runner = Runner(
            sweep: self, scenario: scenario, granularity: granularity, tolerance: tolerance, ranges: ranges,
            progress: progress)
        // Both ends first, so that an invalid end is reported before any other work.
        try await runner.solve([from, to])
        // Ranging settles an interval without the midpoint solve that bisection spends on it, so
        // the first grid is twice as fine: solved points stay at most as far apart as before.
        let count = Swift.max(1, initialIntervals) * (ranges ? 2 : 1)
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

// MARK: - Pieces from LP ranging, and bisection

/// The optimum with one sample's discrete decisions held, read off LP ranging at that sample:
/// `value + slope · (x − at)` for every `x` in `range`. Those decisions stay feasible there and this
/// is exactly what they achieve, so it is a lower bound on the optimum over `range`, equal to it at
/// `at` (the objective is maximized).
private struct RangedLine: Sendable {
    var at: Decimal
    var value: Double
    var slope: Double
    var range: ClosedRange<Double>

    /// Whether `x` lies in the range, allowing for the simplex method's rounding at its ends.
    func covers(_ x: Decimal) -> Bool {
        let d = x.double
        let slack = 1e-9 * Swift.max(1, abs(d))
        return d >= range.lowerBound - slack && d <= range.upperBound + slack
    }

    func value(at x: Decimal) -> Double { value + slope * (x - at).double }

    /// Whether the range's end `end` is the point `x` itself, up to the simplex method's rounding.
    static func same(_ end: Double, _ x: Decimal) -> Bool {
        let d = x.double
        return abs(end - d) <= 1e-9 * Swift.max(1, abs(d))
    }
}

/// The sweep's working state: solved points, and the intervals between them still open.
private struct Runner {
    typealias Sample = ValueFunction.Sample

    enum Segment: Equatable {
        /// Same decisions at both ends, and proven linear: by LP ranging, or both ends and a point
        /// in between on one line.
        case linear
        /// No wider than the tolerance, with different decisions at the ends.
        case bracket
        /// Narrow, equal decisions at the ends, but not checked for linearity.
        case narrow
        /// The lower end's decisions, held, reach the upper end's optimum on the lower end's ranged
        /// line: that piece runs to the upper end, and the change sits exactly there.
        case lowerPieceReaches
        /// The upper end's decisions, held, reach the lower end's optimum on the upper end's ranged
        /// line: that piece runs down to the lower end, and the change sits exactly there.
        case upperPieceReaches
    }

    let sweep: Sweep
    let scenario: Scenario
    let granularity: Decimal?
    let tolerance: Decimal
    /// Whether the parameter is a named limit that LP ranging can follow (see `docs/sweep.md`).
    let ranges: Bool
    let progress: (@Sendable (Sweep.Progress) -> Void)?
    var samples: [Decimal: Sample] = [:]
    /// Each sample's ranged line, when the parameter is a limit and the sample has a trade.
    var lines: [Decimal: RangedLine] = [:]
    /// Settled intervals, by lower end.
    var settled: [Decimal: (upper: Decimal, segment: Segment)] = [:]

    init(
        sweep: Sweep, scenario: Scenario, granularity: Decimal?, tolerance: Decimal, ranges: Bool,
        progress: (@Sendable (Sweep.Progress) -> Void)?
    ) {
        self.sweep = sweep
        self.scenario = scenario
        self.granularity = granularity
        self.tolerance = tolerance
        self.ranges = ranges
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

    /// What LP ranging proves about `[a, b]` without another solve, if anything.
    func rangedSegment(_ a: Sample, _ b: Sample) -> Segment? {
        guard ranges, a.value != nil, b.value != nil else { return nil }
        let below = lines[a.at]
        let above = lines[b.at]
        // A line that covers the other end and meets its optimum: those decisions are optimal there too.
        let belowReaches = below.map { $0.covers(b.at) && Self.close(b.value, $0.value(at: b.at)) } ?? false
        let aboveReaches = above.map { $0.covers(a.at) && Self.close(a.value, $0.value(at: a.at)) } ?? false
        if a.decisions == b.decisions { return belowReaches || aboveReaches ? .linear : nil }
        if belowReaches { return .lowerPieceReaches }
        if aboveReaches { return .upperPieceReaches }
        return nil
    }

    /// Where the ends' ranged lines cross, when strictly inside `[a, b]` and not crowding an end:
    /// the next point to solve (as in Eisner and Severance's method for parametric programs). At a
    /// kink of the continuous part this is the kink itself.
    func crossing(_ a: Decimal, _ b: Decimal) -> Decimal? {
        guard let below = lines[a], let above = lines[b], !Self.close(below.slope, above.slope) else { return nil }
        let width = (b - a).double
        let t = (above.value(at: a) - below.value) / (below.slope - above.slope)
        // Near an end, bisect instead: a crossing that keeps landing beside an end converges slowly.
        guard t.isFinite, t > width / 64, t < width - width / 64 else { return nil }
        let snapped = snap(rounded(a + Decimal(t)))
        return snapped > a && snapped < b ? snapped : nil
    }

    /// Where an end's ranged line stops, when that is inside `[a, b]`: the next point to solve
    /// when the lines do not cross. A line stops where its decisions' LP changes basis or, as at a
    /// threshold, where those decisions stop being feasible; a jump from decisions appearing or
    /// vanishing sits exactly there. A line that stops at its own end (the jump is right beside it)
    /// gives the point one tolerance inside instead, which brackets the jump in two solves where
    /// bisection takes about log2(width / tolerance).
    func edge(_ a: Decimal, _ b: Decimal) -> Decimal? {
        guard b - a > tolerance else { return nil }
        var candidates: [Decimal?] = []
        if let above = lines[b] {
            let start = above.range.lowerBound
            candidates.append(RangedLine.same(start, b) ? b - tolerance : rounded(start))
        }
        if let below = lines[a] {
            let end = below.range.upperBound
            candidates.append(RangedLine.same(end, a) ? a + tolerance : rounded(end))
        }
        return candidates.lazy.compactMap { $0.map(self.snap) }.first { $0 > a && $0 < b }
    }

    /// `x` rounded to the places kept below the tolerance; nil for an infinite one (an unbounded range).
    func rounded(_ x: Double) -> Decimal? {
        x.isFinite ? rounded(Decimal(x)) : nil
    }

    /// `x` rounded to the places kept below the tolerance: where a crossing or a line's end is
    /// reported and solved, without a double's tail of digits.
    func rounded(_ x: Decimal) -> Decimal {
        var value = x
        var result = Decimal()
        NSDecimalRound(&result, &value, Self.places(below: tolerance), .plain)
        return result
    }

    /// Decimal places that keep four digits below the tolerance's (doubles carry about 16).
    static func places(below tolerance: Decimal) -> Int {
        Swift.max(0, Int((-log10(tolerance.double)).rounded(.up)) + 4)
    }

    mutating func refine() async throws(SweepError) {
        var open: [(Decimal, Decimal)] = []
        let xs = samples.keys.sorted()
        for (a, b) in zip(xs, xs.dropFirst()) { open.append((a, b)) }
        while !open.isEmpty {
            var probes: [(Decimal, Decimal, Decimal)] = []  // (lower, probe, upper)
            for (a, b) in open {
                if let segment = rangedSegment(samples[a]!, samples[b]!) {
                    settled[a] = (b, segment)
                    continue
                }
                let same = samples[a]!.decisions == samples[b]!.decisions
                let probe = crossing(a, b) ?? edge(a, b) ?? snap((a + b) / 2)
                if b - a <= tolerance || probe <= a || probe >= b {
                    settled[a] = (b, same ? .narrow : .bracket)
                } else {
                    probes.append((a, probe, b))
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
                _ = try await Self.sample(
                    point, parameter: sweep.parameter, scenario: scenario, options: sweep.options, neighbours: [],
                    ranges: false)
            }
            open = []
            for (a, m, b) in probes {
                let (sa, sm, sb) = (samples[a]!, samples[m]!, samples[b]!)
                // Where all three points have ranged lines, the next round's ranging decides both
                // halves. Otherwise (a parameter ranging cannot follow, or no trade) the old check:
                // for the continuous limits the optimum with the decisions held is concave, so an
                // interior point on the chord proves the interval linear.
                let ranged = lines[a] != nil && lines[m] != nil && lines[b] != nil
                let agree = sa.decisions == sm.decisions && sm.decisions == sb.decisions
                if !ranged && agree && Self.linear(sa, sm, sb) {
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

    /// The decisions of the solved points on either side of `x`, the nearer first: its solve
    /// starts from the better of them and keeps it when it is still optimal there.
    func neighbourDecisions(of x: Decimal) -> [TradeDecisions] {
        let xs = samples.keys.sorted()
        let below = xs.last { $0 < x }
        let above = xs.first { $0 > x }
        let ordered = [below, above].compactMap { $0 }.sorted { abs(($0 - x).double) < abs(($1 - x).double) }
        var decisions: [TradeDecisions] = []
        for found in ordered.compactMap({ samples[$0]?.decisions }) where !decisions.contains(found) {
            decisions.append(found)
        }
        return decisions
    }

    /// Solves every point not yet solved, `maxConcurrency` at a time, each starting from the
    /// decisions of its solved neighbours. With `tolerateSolverFailure`, points where the
    /// solver fails are returned instead of thrown (an invalid scenario still throws).
    @discardableResult
    mutating func solve(_ points: [Decimal], tolerateSolverFailure: Bool = false) async throws(SweepError) -> Set<
        Decimal
    > {
        var todo: [(Decimal, [TradeDecisions])] = []
        for x in points where samples[x] == nil && !todo.contains(where: { $0.0 == x }) {
            todo.append((x, sweep.warmStarts ? neighbourDecisions(of: x) : []))
        }
        guard !todo.isEmpty else { return [] }
        let parameter = sweep.parameter
        let scenario = scenario
        let options = sweep.options
        let ranges = ranges
        let width = Swift.max(1, sweep.maxConcurrency)
        typealias Outcome = Result<(Sample, RangedLine?), SweepError>
        let solved = await withTaskGroup(of: (Decimal, Outcome).self) { group in
            var results: [(Decimal, Outcome)] = []
            var next = 0
            func add() {
                let (x, neighbours) = todo[next]
                next += 1
                group.addTask {
                    do throws(SweepError) {
                        let result = try await Self.sample(
                            x, parameter: parameter, scenario: scenario, options: options, neighbours: neighbours,
                            ranges: ranges)
                        return (x, .success(result))
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
            case .success(let (sample, line)):
                samples[x] = sample
                lines[x] = line
            case .failure(let error):
                guard tolerateSolverFailure, error.kind == .solverFailed else { throw error }
                failed.insert(x)
            }
        }
        return failed
    }

    /// One solve of the scenario with the parameter at `x`, off the cooperative thread pool,
    /// starting from its `neighbours`' decisions (see ``solve(at:path:in:options:neighbours:ranges:)``),
    /// with the ranged line of its trade when `ranges`.
    static func sample(
        _ x: Decimal, parameter: ScenarioParameter, scenario: Scenario, options: TradeOptions,
        neighbours: [TradeDecisions], ranges: Bool
    ) async throws(SweepError) -> (Sample, RangedLine?) {
        try await options.runOnSolverThread { options throws(SweepError) in
            try sampleHere(
                x, parameter: parameter, scenario: scenario, options: options, neighbours: neighbours, ranges: ranges)
        }
    }

    private static func sampleHere(
        _ x: Decimal, parameter: ScenarioParameter, scenario: Scenario, options: TradeOptions,
        neighbours: [TradeDecisions], ranges: Bool
    ) throws(SweepError) -> (Sample, RangedLine?) {
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
        let line: RangedLine?
        do {
            (trade, line) = try solve(
                at: x, path: parameter.path, in: modified, options: options, neighbours: neighbours, ranges: ranges)
        } catch {
            throw SweepError(.solverFailed, error.messages.map { "with \(parameter.path) = \(x): \($0)" })
        }
        switch trade.status {
        case .optimal:
            return (Sample(at: x, value: Self.objectiveValue(trade), decisions: TradeDecisions(trade)), line)
        case .infeasible:
            return (Sample(at: x, value: nil, decisions: nil), nil)
        case .feasible, .noSolution:
            throw SweepError(
                .solverFailed,
                [
                    "with \(parameter.path) = \(x): a limit stopped the solve before it proved the optimum (\(trade.status.rawValue))"
                ])
        }
    }

    /// The optimal trade at `x`, and its ranged line when `ranges`.
    ///
    /// Without neighbours it is the trade solver's trade, objective and tie-breaks. With them, one
    /// LP kept warm serves the whole point: each neighbour's decisions are held in turn and the
    /// best feasible one is offered to the branch and bound as its first incumbent, in a search for
    /// the objective alone. When the search returns a neighbour's decisions, they are optimal here
    /// and the point keeps them: the sweep's pieces then carry one trade from their first solved
    /// point on, and the tie-break passes (four more searches) are not run. Only a trade no
    /// neighbour has is solved again with the tie-breaks, so every trade the sweep reports is the
    /// trade solver's choice at some point it solved. The LP, its integer columns moved to the
    /// trade's decisions (none move when a neighbour's are kept) and re-solved from its last
    /// basis, is the one ranging analyses.
    static func solve(
        at x: Decimal, path: String, in scenario: Scenario, options: TradeOptions, neighbours: [TradeDecisions],
        ranges: Bool
    ) throws(TradeSolverError) -> (Trade, RangedLine?) {
        var options = options
        options.startingDecisions = nil
        // One time limit for the point, however many searches it takes.
        options.deadline = options.stopTime()
        let formulation = try Formulation(scenario, options: options)
        let withTieBreaks = options
        var objectiveOnly = options
        objectiveOnly.breaksTies = false
        func solve(_ options: TradeOptions, start: Solution?) throws(TradeSolverError) -> Trade {
            try TradeSolver().solve(formulation, options: options, start: start)
        }
        func discrete(_ decisions: TradeDecisions) -> [Double] {
            TradeSolver.discreteValues(of: decisions, in: formulation)
        }
        guard !neighbours.isEmpty else {
            let trade = try solve(withTieBreaks, start: nil)
            guard ranges else { return (trade, nil) }
            let lp = TradeDecisions(trade).flatMap { decisions in
                try? formulation.model.fixingIntegers(at: discrete(decisions)).solveWithSensitivity().1
            }
            return (trade, rangedLine(of: trade, lp: lp, at: x, path: path, in: formulation))
        }
        let program = formulation.model
        let columns =
            Array(formulation.steps.values) + Array(formulation.active.values) + Array(formulation.tiers.values)
        var outcome: Result<Trade, TradeSolverError>?
        let starts = neighbours.map(discrete)
        let ranging = try? program.fixingIntegers(at: starts[0]).withWarmSession {
            (session: WarmSession) throws(ModelError) -> Sensitivity? in
            var held = starts[0]
            // The held values when the session's last solve was optimal: what ranging would analyse.
            var optimalAt: [Double]?
            /// The LP's optimum with the discrete columns at `values`, from the session's last basis.
            func lp(holding values: [Double]) throws(ModelError) -> Solution {
                optimalAt = nil
                for column in columns where values[column.index] != held[column.index] {
                    try session.setBounds(of: column, lower: values[column.index], upper: values[column.index])
                }
                held = values
                let solution = try session.resolve()
                optimalAt = solution.status == .optimal ? values : nil
                return solution
            }
            var best: Solution?
            for values in starts {
                let solution = try lp(holding: values)
                // Held, a quantity ignores its lever's bounds: a neighbour's beyond them is not a start here.
                guard solution.status == .optimal, let value = solution.objectiveValue,
                    program.violations(of: solution.values).isEmpty
                else { continue }
                // On a tie the nearer neighbour's decisions stay the start.
                if let incumbent = best?.objectiveValue {
                    let margin = LexicographicRun.tolerance(incumbent)
                    let better = program.sense == .maximize ? value > incumbent + margin : value < incumbent - margin
                    guard better else { continue }
                }
                best = solution
            }
            outcome = Result { () throws(TradeSolverError) -> Trade in
                // No neighbour's decisions are feasible here: a trade of its own, as without neighbours.
                guard let best else { return try solve(withTieBreaks, start: nil) }
                let probe = try solve(objectiveOnly, start: best)
                guard probe.status == .optimal, let found = TradeDecisions(probe), !neighbours.contains(found) else {
                    return probe
                }
                let start = try? lp(holding: discrete(found))
                return try solve(withTieBreaks, start: start?.status == .optimal ? start : nil)
            }
            // The ranging of the LP with the trade's decisions held, when asked for and there is a trade.
            guard ranges, case .success(let trade)? = outcome, let decisions = TradeDecisions(trade) else {
                return nil
            }
            let values = discrete(decisions)
            if optimalAt != values, try lp(holding: values).status != .optimal { return nil }
            return try session.sensitivity()
        }
        // The session could not start or failed before the solve: solve without a start.
        let trade: Trade
        if let outcome { trade = try outcome.get() } else { trade = try solve(withTieBreaks, start: nil) }
        let lp = ranging ?? nil
        return (trade, ranges ? rangedLine(of: trade, lp: lp, at: x, path: path, in: formulation) : nil)
    }

    /// The ranged line of `trade` at `x`, from `lp` (ranging of the program with the trade's
    /// discrete decisions fixed) translated to the limit by ``LocalAnalysis``: the same figures as
    /// the sensitivity report's local values. Nil when there is no analysis or it does not
    /// reproduce the trade's value; the sweep then bisects around this point.
    static func rangedLine(of trade: Trade, lp: Sensitivity?, at x: Decimal, path: String, in formulation: Formulation)
        -> RangedLine?
    {
        guard trade.status == .optimal, let value = objectiveValue(trade),
            let limit = TradeSensitivity.limits(of: formulation.index).first(where: { $0.path == path })
        else { return nil }
        switch limit.kind {
        case .leverMin, .leverMax:
            // The quantity is a decision, not part of the LP: it stays allowed, at the same value,
            // while the bound does not pass it.
            guard let quantity = trade.levers.first(where: { $0.id == limit.owner })?.quantity.double else {
                return nil
            }
            let range = limit.kind == .leverMax ? quantity...Double.infinity : -Double.infinity...quantity
            return RangedLine(at: x, value: value, slope: 0, range: range)
        default:
            guard let lp, close(lp.objectiveValue, value) else { return nil }
            let (slope, range) = LocalAnalysis(formulation: formulation, trade: trade, lp: lp).marginal(of: limit)
            let line = RangedLine(at: x, value: value, slope: slope, range: range)
            return slope.isFinite && line.covers(x) ? line : nil
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
        // A piece in progress: its first and last points. A piece may take its decisions from the
        // sample beyond a tie (`upperPieceReaches`), so they are kept apart from the samples'.
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

        /// Whether `sample` continues the piece in progress on its line (with the piece's decisions).
        func continues(_ sample: Sample, decisions: TradeDecisions?) -> Bool {
            guard decisions == first.decisions else { return false }
            guard let a = first.value, let b = last.value, let v = sample.value else {
                return first.value == nil && sample.value == nil
            }
            guard last.at > first.at else { return true }
            let slope = (b - a) / (last.at - first.at).double
            return Self.close(v, a + slope * (sample.at - first.at).double)
        }

        /// `sample` with other decisions: the same point, also optimal with `decisions` (a tie).
        func tie(_ sample: Sample, _ decisions: TradeDecisions?) -> Sample {
            Sample(at: sample.at, value: sample.value, decisions: decisions)
        }

        for (a, b) in zip(xs, xs.dropFirst()) {
            // `last` is always the sample at `a` here, possibly with a tie's decisions.
            let segment = settled[a]?.segment ?? .bracket
            let next = samples[b]!
            switch segment {
            case .linear, .narrow:
                if continues(next, decisions: next.decisions) {
                    last = next
                } else if segment == .linear {
                    // Both sides of `a` were checked linear, with different slopes: a kink on a solved point.
                    close()
                    first = samples[a]!
                    last = next
                } else {
                    close()
                    first = next
                    last = next
                }
            case .lowerPieceReaches:
                // The piece runs on to `b` with its decisions; `b`'s own decisions start there.
                if !continues(next, decisions: first.decisions) {
                    // A kink at `a`: the piece of `a`'s decisions starts there.
                    close()
                    first = samples[a]!
                }
                last = tie(next, first.decisions)
                close()
                first = next
                last = next
            case .upperPieceReaches:
                // `b`'s piece runs down to `a`, where `a`'s decisions are also optimal.
                close()
                first = tie(samples[a]!, next.decisions)
                last = next
            case .bracket:
                // The decisions change, or a narrow interval holds a kink.
                close()
                first = next
                last = next
            }
        }
        close()
        pieces = Self.withoutTiedPoints(pieces)
        for (below, above) in zip(pieces, pieces.dropFirst()) { breakpoints.append(breakpoint(below, above)) }
        return ValueFunction(
            parameter: sweep.parameter.path, objective: scenario.objective, from: sweep.from, to: sweep.to,
            current: 0, tolerance: tolerance, pieces: pieces, breakpoints: breakpoints, samples: ordered)
    }

    /// Drops a single-point piece where the trades on either side tie with the point's own: a
    /// neighbour solved at the same point with the same value, or the point's value on both
    /// neighbours' lines (the lower one at most a bracket beyond its last solved point). At an end
    /// of the interval one neighbour solved there with the same value is enough. It says nothing
    /// about the value that they do not; kept, it showed as a zero-width piece beside a breakpoint
    /// at the same place. The point stays among the samples.
    static func withoutTiedPoints(_ pieces: [ValueFunction.Piece]) -> [ValueFunction.Piece] {
        var kept: [ValueFunction.Piece] = []
        for (index, piece) in pieces.enumerated() {
            let below = kept.last
            let above = index + 1 < pieces.count ? pieces[index + 1] : nil
            guard piece.start == piece.end, let value = piece.valueAtStart, below != nil || above != nil else {
                kept.append(piece)
                continue
            }
            let solvedTie =
                (below.map { $0.end == piece.start && close($0.valueAtEnd, value) } ?? false)
                || (above.map { $0.start == piece.start && close($0.valueAtStart, value) } ?? false)
            let onBothLines =
                if let below, let above {
                    close(below.line(at: piece.start), value) && close(above.line(at: piece.start), value)
                } else { false }
            if !solvedTie && !onBothLines { kept.append(piece) }
        }
        return kept
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
                at = Swift.min(upper, Swift.max(lower, rounded(lower + Decimal(t))))
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
    fileprivate func floored() -> Decimal { roundedWhole(.down) }
    fileprivate func ceiled() -> Decimal { roundedWhole(.up) }
}
