import ArgumentParser
import Foundation
import Logging
import TradeServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the solver over HTTP (POST /v1/solve, /v1/validate, /v1/sensitivity, /v1/sweep, /v1/diagnose; see GET /openapi.yaml).",
        discussion: """
            Answers until SIGTERM or SIGINT, then stops accepting connections and lets the solves in \
            flight finish. Logs go to standard error, one line per request with its request id; once \
            listening, one line 'listening on http://HOST:PORT' goes to standard output (with --port 0 \
            the system picks the port, and that line says which). docs/server.md describes the routes, \
            the limits and the errors.
            """)

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(parsing: .unconditional, help: "The TCP port; 0 picks a free one.")
    var port: Int = 8080

    @Option(name: .customLong("max-body-bytes"), parsing: .unconditional, help: ArgumentHelp("Refuse larger request bodies with 413.", valueName: "bytes"))
    var maxBodyBytes: Int = TradeServerConfiguration().maxBodyBytes

    @Option(
        name: .customLong("max-time-limit"), parsing: .unconditional,
        help: ArgumentHelp(
            "The longest a solve may run; a request's larger timeLimit is clamped to it, and one without gets it.",
            valueName: "seconds"))
    var maxTimeLimit: Double = 10

    @Option(name: .customLong("max-concurrent-solves"), parsing: .unconditional, help: ArgumentHelp("Solves that run at once (default: one per core).", valueName: "n"))
    var maxConcurrentSolves: Int = TradeServerConfiguration().maxConcurrentSolves

    @Option(name: .customLong("queue-depth"), parsing: .unconditional, help: ArgumentHelp("Solves that may wait for a slot; more get 503 with Retry-After.", valueName: "n"))
    var queueDepth: Int = TradeServerConfiguration().queueDepth

    @Option(
        name: .customLong("body-timeout"), parsing: .unconditional,
        help: ArgumentHelp("A request body that takes longer to arrive gets 408.", valueName: "seconds"))
    var bodyTimeout: Double = 10

    @Option(
        name: .customLong("idle-timeout"), parsing: .unconditional,
        help: ArgumentHelp("Close a connection with nothing read or written for this long.", valueName: "seconds"))
    var idleTimeout: Double = 30

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    var serverConfiguration: TradeServerConfiguration {
        TradeServerConfiguration(
            host: host, port: port, maxBodyBytes: maxBodyBytes,
            maxTimeLimit: .milliseconds(Int64((min(maxTimeLimit, 1e9) * 1000).rounded(.up))),
            maxConcurrentSolves: maxConcurrentSolves, queueDepth: queueDepth,
            bodyTimeout: Self.duration(bodyTimeout), idleTimeout: Self.duration(idleTimeout))
    }

    static func duration(_ seconds: Double) -> Duration {
        .milliseconds(Int64((min(seconds.isFinite ? seconds : 0, 1e9) * 1000).rounded(.up)))
    }

    func validate() throws {
        for (name, seconds) in [("--max-time-limit", maxTimeLimit), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout)]
        where !(seconds > 0 && seconds.isFinite) {
            throw ValidationError("\(name) must be a positive number of seconds")
        }
        if let problem = serverConfiguration.problems.first { throw ValidationError(problem) }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not a level") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "trade.serve")
        let service = TradeService(configuration: serverConfiguration)
        let host = host
        do {
            try await service.run(logger: logger) { port in
                FileHandle.standardOutput.write(Data("listening on http://\(host):\(port)\n".utf8))
            }
        } catch {
            printError("trade: the server stopped: \(error)")
            throw ExitCode.failure
        }
    }
}
