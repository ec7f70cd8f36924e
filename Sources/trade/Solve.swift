import ArgumentParser
import Foundation
import Optimization
import TradeModel
import TradeReport
import TradeSolver

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the optimal trade for a scenario.",
        discussion: """
            Prints the trade: what to commit, what each program contributes, the envelope and
            Microsoft's gain. Ask "what if" with --fix, --force and --forbid.

            \(ExitStatus.help)
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json, html
    }

    @OptionGroup var input: ScenarioInput

    @Option(
        help:
            "Output format: text, markdown, json (the renewal-trade-result/v1 contract) or html (one self-contained page)."
    )
    var format: Format = .text

    @Option(
        help: ArgumentHelp("Write the output to this file (atomically) instead of standard output.", valueName: "path"))
    var output: String?

    @Option(
        name: .customLong("time-limit"),
        help: ArgumentHelp(
            "Finish within this many seconds of starting, with the best trade found and its gap.", valueName: "seconds")
    )
    var timeLimit: Double?

    @Option(
        help: ArgumentHelp(
            "Stop when the relative gap to the best bound is at most this (e.g. 0.01).", valueName: "fraction"))
    var gap: Double = 0

    @Option(
        help: ArgumentHelp(
            "Hold a lever at a quantity, e.g. --fix azure-commit=25000000. Repeatable.", valueName: "lever=quantity"))
    var fix: [String] = []

    @Option(help: ArgumentHelp("Require a program to be active. Repeatable.", valueName: "program"))
    var force: [String] = []

    @Option(help: ArgumentHelp("Keep a program off. Repeatable.", valueName: "program"))
    var forbid: [String] = []

    @Option(help: ArgumentHelp("Require the trade to reach this approval tier.", valueName: "tier"))
    var tier: String?

    @Flag(name: .customLong("no-near-misses"), help: "Skip the re-solves that explain each program or tier left off.")
    var noNearMisses = false

    func validate() throws {
        if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) {
            throw ValidationError("--time-limit must be a positive number of seconds")
        }
        if !(gap >= 0 && gap.isFinite) { throw ValidationError("--gap must be a non-negative fraction") }
        _ = try fixedQuantities()
    }

    private func fixedQuantities() throws -> [String: Decimal] {
        var fixed: [String: Decimal] = [:]
        for entry in fix {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty,
                let quantity = Decimal(string: parts[1], locale: Locale(identifier: "en_US_POSIX")),
                parts[1].allSatisfy({ "0123456789.-+eE".contains($0) })
            else { throw ValidationError("--fix '\(entry)': expected LEVER=QUANTITY, e.g. azure-commit=25000000") }
            if fixed[parts[0]] != nil { throw ValidationError("--fix names lever '\(parts[0])' twice") }
            fixed[parts[0]] = quantity
        }
        return fixed
    }

    /// The near misses whose re-solves finished in time. Once the search itself was stopped by
    /// the limit there is no time left for them; one cut short is left out rather than called
    /// "blocked" or "not worth it", and standard error says how many.
    private func settledNearMisses(
        of trade: Trade, in scenario: Scenario, options: TradeOptions
    ) throws(TradeSolverError) -> [NearMiss] {
        guard trade.termination == .completed || trade.termination == .gapLimit, !options.isOutOfTime() else {
            printError("trade: the time limit left no time to explain the programs and tiers left off (near misses)")
            return []
        }
        let all = try TradeSolver().nearMisses(of: trade, in: scenario, options: options)
        let settled = all.filter(\.isSettled)
        if settled.count < all.count {
            printError(
                "trade: \(all.count - settled.count) of \(all.count) near misses did not finish within the time limit and are left out"
            )
        }
        return settled
    }

    func run() throws {
        // Counted from process start, so start-up and decoding come out of the same budget.
        let deadline = timeLimit.map { CommandDeadline.after(seconds: $0) }
        let loaded = try input.load()
        var options = TradeOptions(
            relativeGap: gap, fixedQuantities: try fixedQuantities(), forcedPrograms: Set(force),
            forbiddenPrograms: Set(forbid), forcedTier: tier)
        options.deadline = deadline
        let trade: Trade
        var nearMisses: [NearMiss] = []
        do {
            let solver = TradeSolver()
            trade = try solver.solve(loaded, options: options)
            if !noNearMisses && trade.hasTrade {
                nearMisses = try settledNearMisses(of: trade, in: loaded.scenario, options: options)
            }
        } catch {
            for message in error.messages { printError("trade: \(message)") }
            throw error.messages.contains { $0.hasPrefix("the solver") } ? ExitStatus.failure : ExitStatus.invalidInput
        }
        let scenario = loaded.scenario
        let explanation = OfferExplanation(trade: trade, scenario: scenario, nearMisses: nearMisses)
        // An infeasible scenario is explained: which limits conflict, and what to relax.
        var diagnosis: TradeDiagnosis?
        if trade.status == .infeasible {
            do {
                diagnosis = try TradeSolver().diagnose(scenario, options: options)
            } catch {
                for message in error.messages { printError("trade: the diagnosis failed: \(message)") }
            }
        }
        let text: String
        switch format {
        case .text:
            let colour =
                output == nil && isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            text = TextReport(
                trade: trade, scenario: scenario, explanation: explanation, diagnosis: diagnosis, colour: colour
            ).render()
        case .markdown:
            text = MarkdownReport(trade: trade, scenario: scenario, explanation: explanation, diagnosis: diagnosis)
                .render()
        case .json:
            text = TradeDocument(trade: trade, scenario: scenario, explanation: explanation, diagnosis: diagnosis)
                .json()
        case .html:
            text = HTMLReport(trade: trade, scenario: scenario, explanation: explanation, diagnosis: diagnosis).render()
        }
        try emit(text, to: output)
        switch trade.status {
        case .optimal, .feasible: return
        case .infeasible: throw ExitStatus.infeasible
        case .noSolution: throw ExitStatus.noSolution
        }
    }
}
