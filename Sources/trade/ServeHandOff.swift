import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `trade serve` runs the `trade-serve` executable that is built beside `trade`, the way `git foo`
/// runs `git-foo` and `swift build` runs `swift-build`. Linking the HTTP service (SwiftNIO,
/// Hummingbird) into `trade` made every `trade solve` pay for loading it and for the Swift runtime's
/// scans of its conformance records at start-up (docs/performance.md).
///
/// The hand-off is an `exec`, not a child process: the server keeps this process's id, standard
/// streams and signals, so SIGTERM and SIGINT reach it as before, and its exit status is the
/// command's.
struct Serve: ParsableCommand {
    /// Only for `trade --help`'s list of subcommands: `trade serve` and `trade help serve` never
    /// reach the parser (``TradeCommand/main()``), so the options and their help live in trade-serve.
    /// ServeHandOffTests checks that this line and trade-serve's own abstract agree.
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve the solver over HTTP (POST /v1/solve, /v1/validate, /v1/sensitivity, /v1/sweep, /v1/diagnose; see GET /openapi.yaml)."
    )

    /// The arguments that trade-serve should get when `arguments` (without the program's name)
    /// ask for `trade serve` or its help; nil for every other command.
    static func handOff(_ arguments: [String]) -> [String]? {
        switch arguments.first {
        case "serve": return arguments
        case "help" where arguments.dropFirst().first == "serve": return arguments
        default: return nil
        }
    }

    /// Replaces this process with trade-serve; returns only when that is impossible, after saying why.
    static func exec(_ arguments: [String]) -> Never {
        let server = Self.executable
        let argv = ([server.path] + arguments).map { strdup($0) } + [nil]
        execv(server.path, argv)
        let reason = String(cString: strerror(errno))
        printError(
            "trade: cannot start the HTTP service '\(server.path)': \(reason) (build it with `swift build --product trade-serve`)"
        )
        Foundation.exit(ExitStatus.failure.rawValue)
    }

    /// trade-serve in the directory of this executable, symbolic links resolved (so that a link to
    /// `trade` elsewhere on the PATH still finds it).
    static var executable: URL {
        let me = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return me.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("trade-serve")
    }
}
