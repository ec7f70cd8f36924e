import ArgumentParser
import Foundation

/// `trade serve`, in its own executable so that the `trade` command does not load SwiftNIO and
/// Hummingbird at every start (docs/performance.md). `trade serve ARGS` execs `trade-serve serve ARGS`
/// from the same directory; the root is named `trade` so that help and usage errors read exactly as
/// they did when `serve` was linked into `trade`.
@main
struct TradeServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trade",
        abstract: "The HTTP service behind `trade serve`; run it as `trade serve`.",
        // trade's version, for `trade serve --version` (ServeHandOffTests checks that they agree).
        version: "0.1.0",
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
