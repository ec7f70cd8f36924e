import ArgumentParser

@main
struct TradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trade",
        abstract: "Work out the trade to propose at a Microsoft renewal, and explain it.",
        discussion: """
            A scenario file (YAML or JSON, format renewal-trade/v1) lists what the buyer may commit, \
            Microsoft's programs and the limits that tie them together. `trade solve` finds the \
            trade that is best for the buyer while Microsoft still gains enough to say yes.

            \(ExitStatus.help)
            """,
        version: "0.1.0",
        // Every subcommand names itself: ArgumentParser otherwise derives each name from
        // `String(describing:)` of the type whenever it looks for a subcommand, and each of those
        // costs the Swift runtime scans of every conformance record at start-up (docs/performance.md).
        subcommands: [Solve.self, Validate.self, Export.self, Generate.self, SensitivityCommand.self, SweepCommand.self, Serve.self],
        defaultSubcommand: Solve.self
    )

    /// `trade serve` and `trade help serve` go to the trade-serve executable before any parsing;
    /// everything else is parsed here as usual.
    static func main() async {
        if let serve = Serve.handOff(Array(CommandLine.arguments.dropFirst())) { Serve.exec(serve) }
        await main(nil)
    }
}

/// The documented exit statuses, shared by every subcommand.
enum ExitStatus {
    /// A trade was found (optimal, or feasible when a limit stopped the search).
    static let trade = ExitCode(0)
    /// Something outside the scenario failed: a file could not be read or written, or the solver could not run.
    static let failure = ExitCode(1)
    /// The scenario is invalid; every problem is listed with its path.
    static let invalidInput = ExitCode(2)
    /// The scenario is valid, but no trade satisfies every limit.
    static let infeasible = ExitCode(3)
    /// A limit (time or cancellation) stopped the search before any trade was found.
    static let noSolution = ExitCode(4)

    static let help = """
        Exit status:
          0   a trade was found (optimal, or feasible when a limit stopped the search)
          1   a file could not be read or written, or the solver could not run
          2   the scenario is invalid (each problem is listed with its path and line)
          3   the scenario is valid but infeasible: no trade satisfies every limit
          4   a limit stopped the search before any trade was found
          64  the command line itself is wrong
        """

    /// A sweep has no single trade: it succeeds when it ran, even where part of the interval has none.
    static let sweepHelp = """
        Exit status:
          0   the sweep ran (also where part of the interval has no trade)
          1   a file could not be read or written, or a solve failed or hit a limit
          2   the scenario, the parameter path or a value in the interval is invalid
          64  the command line itself is wrong
        """
}
