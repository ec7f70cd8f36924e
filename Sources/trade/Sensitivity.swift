public import ArgumentParser
import Foundation
import TradeModel
import TradeReport
import TradeSolver

struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "What each limit of the scenario is worth, and which ones are most worth negotiating.",
        discussion: """
            For the optimal trade, lists every named limit (buyer constraints, program caps, rates and \
            conditions, tier percentages and conditions, lever bounds, the discount's maxPct and \
            Microsoft's hurdle) with its slack, its local marginal value (valid only while the discrete \
            decisions stay as they are) and its global effect: the optimal buyer value re-solved with \
            the limit moved down and up by --step of its value. Ends with a ranking (a tornado chart). \
            See docs/sensitivity.md.

            \(ExitStatus.help)
            """)

    @OptionGroup var input: ScenarioInput

    @Option(
        parsing: .unconditional, help: ArgumentHelp(
            "Relative step of the global moves (0.1 = ±10% of each limit's value), above 0 and at most 1.",
            valueName: "fraction"))
    var step: Double = 0.1

    @Option(help: "Output format: text, json (renewal-trade-sensitivity/v1) or csv (one row per limit).")
    var format: AnalysisFormat = .text

    @Option(
        help: ArgumentHelp("Write the output to this file (atomically) instead of standard output.", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("Also write the tornado chart as a self-contained SVG file.", valueName: "path"))
    var svg: String?

    @Option(
        name: .customLong("time-limit"), parsing: .unconditional,
        help: ArgumentHelp("Time limit of each solve, in seconds.", valueName: "seconds"))
    var timeLimit: Double?

    func validate() throws {
        // Beyond 1 the down move would take a limit through zero to the opposite sign: not a step of it.
        if !(step > 0 && step <= 1) {
            throw ValidationError("--step must be a fraction above 0 and at most 1, e.g. 0.1 (±10%)")
        }
        if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) {
            throw ValidationError("--time-limit must be a positive number of seconds")
        }
    }

    func run() throws {
        let loaded = try input.load()
        let options = TradeOptions(timeLimit: timeLimit.map { .milliseconds(Int64(($0 * 1000).rounded(.up))) })
        let relativeStep = Decimal(string: String(step), locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(step)
        let document: SensitivityDocument
        do {
            document = try SensitivityDocument(analysing: loaded, relativeStep: relativeStep, options: options)
        } catch {
            for message in error.messages { printError("trade: \(message)") }
            switch error.kind {
            case .invalidOptions: throw ExitStatus.invalidInput
            case .infeasible: throw ExitStatus.infeasible
            case .noSolution: throw ExitStatus.noSolution
            case .solverFailed: throw ExitStatus.failure
            }
        }
        reportUnfinishedSolves(document)
        let text = document.render(format)
        if let svg { try emit(TornadoChart(document).render(), to: svg) }
        try emit(text, to: output)
    }

    /// Says on standard error which solves the time limit stopped, so that no figure is mistaken
    /// for an optimum: the report still shows each with its status (`feasible`, `no-solution`).
    private func reportUnfinishedSolves(_ document: SensitivityDocument) {
        if document.status == .feasible {
            printError(
                "trade: the time limit stopped the first solve before it proved the optimum; this analyses the best trade found"
            )
        }
        let moves = document.limits.flatMap { [$0.global.down, $0.global.up] }
        let unfinished = moves.filter { $0.status == .feasible || $0.status == .noSolution }.count
        if unfinished > 0 {
            printError(
                "trade: \(unfinished) of \(moves.count) re-solves did not finish within the time limit; their values are the best found (feasible) or missing (no-solution)"
            )
        }
    }
}

extension AnalysisFormat: ExpressibleByArgument {}
