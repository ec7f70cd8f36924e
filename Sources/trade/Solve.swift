public import ArgumentParser
import Foundation
import Optimization
import TradeModel
import TradeReport
import TradeSolver

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Find the optimal trade for a scenario.",
        discussion: """
            Prints the trade: what to commit, what each program contributes, the envelope and \
            Microsoft's gain. Ask "what if" with --fix, --force and --forbid.

            \(ExitStatus.help)
            """)

    @OptionGroup var input: ScenarioInput

    @Option(help: "Output format: text, markdown, json (the renewal-trade-result/v1 contract) or html (one self-contained page).")
    var format: OfferFormat = .text

    @Option(
        help: ArgumentHelp("Write the output to this file (atomically) instead of standard output.", valueName: "path"))
    var output: String?

    @Option(
        name: .customLong("time-limit"), parsing: .unconditional,
        help: ArgumentHelp(
            "Finish within this many seconds of starting, with the best trade found and its gap.", valueName: "seconds")
    )
    var timeLimit: Double?

    @Option(
        parsing: .unconditional, help: ArgumentHelp(
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

    @Option(help: ArgumentHelp(
        "Branch and bound's branching rule: first, last, most, driebeck-tomlin or pseudocost (default: \(TradeOptions.smallProgramStrategy.branching.rawValue) below \(TradeOptions.smallProgramColumns) columns, else \(TradeOptions.defaultStrategy.branching.rawValue); \(TradeOptions.defaultStrategy.branching.rawValue) whenever --backtracking or --cuts is given).",
        valueName: "rule"))
    var branching: String?

    @Option(help: ArgumentHelp(
        "Which open subproblem next: depth-first, breadth-first, best-local or best-projection (default: \(TradeOptions.defaultStrategy.backtracking.rawValue)).",
        valueName: "rule"))
    var backtracking: String?

    @Option(help: ArgumentHelp(
        "GLPK's cut generators: none, all, or a comma-separated list of gmi, mir, cov, clq (default: \(TradeOptions.defaultStrategy.cuts.names)).",
        valueName: "list"))
    var cuts: String?

    @Flag(name: .customLong("no-tightening"), help: ArgumentHelp(
        "Search the spec's rows as written rather than the tightened program (same optimum; for measurement).",
        visibility: .hidden))
    var noTightening = false

    func validate() throws {
        if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) {
            throw ValidationError("--time-limit must be a positive number of seconds")
        }
        if !(gap >= 0 && gap.isFinite) { throw ValidationError("--gap must be a non-negative fraction") }
        if let branching, SearchStrategy.Branching(rawValue: branching) == nil {
            let rules = SearchStrategy.Branching.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--branching '\(branching)': expected one of \(rules)")
        }
        if let backtracking, SearchStrategy.Backtracking(rawValue: backtracking) == nil {
            let rules = SearchStrategy.Backtracking.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--backtracking '\(backtracking)': expected one of \(rules)")
        }
        if let cuts, SearchStrategy.Cuts(names: cuts) == nil {
            throw ValidationError("--cuts '\(cuts)': expected none, all, or a comma-separated list of gmi, mir, cov, clq")
        }
        _ = try fixedQuantities()
    }

    private func fixedQuantities() throws -> [String: Decimal] {
        var fixed: [String: Decimal] = [:]
        for entry in fix {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let quantity = ExactNumber.parse(parts[1]) else { throw ValidationError("--fix '\(entry)': expected LEVER=QUANTITY, e.g. azure-commit=25000000") }
            if fixed[parts[0]] != nil { throw ValidationError("--fix names lever '\(parts[0])' twice") }
            fixed[parts[0]] = quantity
        }
        return fixed
    }

    /// Nil when the command line sets none of the three (the solver chooses by size); otherwise
    /// ``TradeOptions/defaultStrategy`` with the command line's changes.
    private var strategy: SearchStrategy? {
        guard branching != nil || backtracking != nil || cuts != nil else { return nil }
        var strategy = TradeOptions.defaultStrategy
        if let rule = branching.flatMap(SearchStrategy.Branching.init(rawValue:)) { strategy.branching = rule }
        if let rule = backtracking.flatMap(SearchStrategy.Backtracking.init(rawValue:)) { strategy.backtracking = rule }
        if let cuts, let parsed = SearchStrategy.Cuts(names: cuts) { strategy.cuts = parsed }
        return strategy
    }

    func run() throws {
        // Counted from process start, so start-up and decoding come out of the same budget.
        let deadline = timeLimit.map { CommandDeadline.after(seconds: $0) }
        let loaded = try input.load()
        var options = TradeOptions(
            relativeGap: gap, fixedQuantities: try fixedQuantities(), forcedPrograms: Set(force),
            forbiddenPrograms: Set(forbid), forcedTier: tier)
        options.deadline = deadline
        options.strategy = strategy
        options.tightens = !noTightening
        let offer: Offer
        do {
            offer = try Offer(solving: loaded, options: options, nearMisses: !noNearMisses)
        } catch {
            for message in error.messages { printError("trade: \(message)") }
            throw error.messages.contains { $0.hasPrefix("the solver") } ? ExitStatus.failure : ExitStatus.invalidInput
        }
        // An infeasible scenario is explained: which limits conflict, and what to relax.
        for message in offer.diagnosisFailure?.messages ?? [] { printError("trade: the diagnosis failed: \(message)") }
        if let cutShort = offer.nearMissesCutShort { printError("trade: \(cutShort)") }
        let colour = format == .text && output == nil && isatty(STDOUT_FILENO) != 0
            && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        try emit(offer.render(format, colour: colour), to: output)
        let trade = offer.trade
        switch trade.status {
        case .optimal, .feasible: return
        case .infeasible: throw ExitStatus.infeasible
        case .noSolution: throw ExitStatus.noSolution
        }
    }
}

extension OfferFormat: ExpressibleByArgument {}
