import ArgumentParser
import Foundation
import TradeModel
import TradeReport
import TradeSolver

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Trace the optimal buyer value as one number of the scenario moves over an interval.",
        discussion: """
            The value of an integer program is piecewise linear with jumps. The sweep reports each \
            linear piece, and each breakpoint, located to the tolerance, with what changes in the \
            trade there ("above 3,000,000 the area-lead tier unlocks: +30,000"). Under the \
            balanced objective the value is the fair share.

            PATH addresses a number by ids, for example programs.reference-credits.concession.cap, \
            envelope.tiers.area-lead.maxPct, envelope.discount.maxPct, \
            programs.strategic-incentive.requires.0.atLeast, constraints.engineering-capacity.atMost, \
            levers.azure-commit.cost.1.perUnit, metrics.migration-cost.constant, microsoft.hurdle, \
            baseline.spend. --list prints every path of the scenario. See docs/sweep.md.

            \(ExitStatus.sweepHelp)
            """)

    @OptionGroup var input: ScenarioInput

    @Option(help: ArgumentHelp("The number to sweep, by path (see --list).", valueName: "path"))
    var param: String?

    @Option(
        parsing: .unconditional, help: ArgumentHelp("The interval's lower end (may be negative).", valueName: "number"))
    var from: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("The interval's upper end.", valueName: "number"))
    var to: String?

    @Option(
        help: ArgumentHelp(
            "Locate breakpoints to within this distance; default (to − from) × 1e-4.", valueName: "number"))
    var tolerance: String?

    @Flag(help: "List every parameter path of the scenario with its current value, and exit.")
    var list = false

    @Option(help: "Output format: text, json (renewal-trade-sweep/v1) or csv (parameter,value points).")
    var format: AnalysisFormat = .text

    @Option(
        help: ArgumentHelp("Write the output to this file (atomically) instead of standard output.", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("Also write the step chart as a self-contained SVG file.", valueName: "path"))
    var svg: String?

    @Flag(help: "Show progress on standard error even when it is not a terminal.")
    var progress = false

    @Option(
        name: .customLong("time-limit"), parsing: .unconditional,
        help: ArgumentHelp(
            "Time limit for each solve, in seconds; a probe that hits it is moved to another point.",
            valueName: "seconds"))
    var timeLimit: Double = 10

    @Option(parsing: .unconditional, help: ArgumentHelp("How many solves run at once; default the number of processors.", valueName: "count"))
    var jobs: Int?

    func validate() throws {
        if list { return }
        guard param != nil else { throw ValidationError("--param is required (or --list to see the paths)") }
        guard let from = try number(from, "--from"), let to = try number(to, "--to") else {
            throw ValidationError("--from and --to are required")
        }
        guard from < to else { throw ValidationError("--from must be below --to") }
        if let tolerance = try number(tolerance, "--tolerance") {
            if tolerance <= 0 { throw ValidationError("--tolerance must be positive") }
            // A tolerance as wide as the interval would settle it without a single probe inside.
            if tolerance >= to - from {
                throw ValidationError("--tolerance must be smaller than the interval (\(to - from))")
            }
        }
        if !(timeLimit > 0 && timeLimit.isFinite) {
            throw ValidationError("--time-limit must be a positive number of seconds")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// An exact decimal from the command line.
    private func number(_ text: String?, _ name: String) throws -> Decimal? {
        guard let text else { return nil }
        guard let value = ExactNumber.parse(text) else { throw ValidationError("\(name) '\(text)' is not a number") }
        // The scenario's own numbers stop at 10^15 (ScenarioLimits); so do the interval's, which
        // keeps Decimal's exponent (at most 127) and Double's range far away.
        guard !value.isNaN, abs(value) <= ScenarioLimits.maximumMagnitude else {
            throw ValidationError("\(name) '\(text)' is too large; numbers may not exceed 10^15 in magnitude")
        }
        return value
    }

    func run() async throws {
        let loaded = try input.load()
        let scenario = loaded.scenario
        if list {
            var lines: [String] = []
            for parameter in ScenarioParameter.all(in: scenario) {
                let value = (try? parameter.value(in: scenario))?.description ?? ""
                lines.append("\(parameter.path)\t\(value)")
            }
            try emit(lines.joined(separator: "\n") + "\n", to: output)
            return
        }
        let parameter: ScenarioParameter
        do {
            parameter = try ScenarioParameter(param!, in: scenario)
        } catch {
            printError("trade: \(error)")
            throw ExitStatus.invalidInput
        }
        var options = TradeOptions()
        options.timeLimit = .milliseconds(Int64((timeLimit * 1000).rounded(.up)))
        let sweep = Sweep(
            parameter: parameter, from: try number(from, "--from")!, to: try number(to, "--to")!,
            tolerance: try number(tolerance, "--tolerance"),
            maxConcurrency: jobs ?? ProcessInfo.processInfo.activeProcessorCount, options: options)
        let showProgress = progress || isatty(STDERR_FILENO) == 1
        var report: (@Sendable (Sweep.Progress) -> Void)?
        if showProgress {
            report = { (step: Sweep.Progress) in
                let line =
                    "trade sweep: \(step.solves) solves, \(step.openIntervals) intervals open, widest \(step.widestOpen)"
                printError(line)
            }
        }
        let outcome = await Self.sweep(sweep, on: scenario, progress: report)
        guard case .success(let function) = outcome else {
            if case .failure(let error) = outcome { throw Self.exitCode(for: error) }
            return
        }
        let text = function.render(format, scenario: scenario)
        if let svg { try emit(StepChart(function: function, scenario: scenario).render(), to: svg) }
        try emit(text, to: output)
    }

    /// Runs the sweep, with its typed error as a value.
    private static func sweep(
        _ sweep: Sweep, on scenario: Scenario, progress: (@Sendable (Sweep.Progress) -> Void)?
    ) async -> Result<ValueFunction, SweepError> {
        do {
            return .success(try await sweep.run(on: scenario, progress: progress))
        } catch {
            return .failure(error)
        }
    }

    /// Prints the error's messages and picks the documented exit status.
    private static func exitCode(for error: SweepError) -> ExitCode {
        for message in error.messages { printError("trade: \(message)") }
        switch error.kind {
        case .invalidRange, .invalidParameter, .invalidScenario: return ExitStatus.invalidInput
        case .solverFailed: return ExitStatus.failure
        }
    }
}
