import Foundation
public import HTTPTypes
public import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
import TradeModel
import TradeReport
import TradeSolver

/// The HTTP service: a thin adapter that reads requests, calls ``TradeSolver`` and renders
/// ``TradeReport``'s JSON contract. It knows nothing of GLPK.
///
/// ```swift
/// let service = TradeService(configuration: TradeServerConfiguration(port: 8080))
/// try await service.application(logger: Logger(label: "trade")).runService()  // stops on SIGTERM
/// ```
public struct TradeService: Sendable {
    /// The address and limits.
    public let configuration: TradeServerConfiguration
    /// The metrics served at `GET /metrics`.
    public let metrics: ServerMetrics
    /// Admission control for solves.
    let gate: SolveGate
    let solver = TradeSolver()

    /// A service with its own metrics registry and solve queue.
    public init(configuration: TradeServerConfiguration = TradeServerConfiguration()) {
        self.configuration = configuration
        metrics = ServerMetrics()
        gate = SolveGate(capacity: configuration.maxConcurrentSolves, queueDepth: configuration.queueDepth)
    }

    /// A method and path the service answers.
    public struct Route: Sendable, Hashable, CustomStringConvertible {
        /// The HTTP method.
        public var method: HTTPRequest.Method
        /// The path, as in the OpenAPI document.
        public var path: String
        /// `METHOD /path`.
        public var description: String { "\(method.rawValue) \(path)" }
    }

    /// Every route, in the order the OpenAPI document lists them. New endpoints are added here and
    /// in `openapi.yaml`; a test holds the two together.
    public static let routes: [Route] = [
        Route(method: .post, path: "/v1/solve"),
        Route(method: .post, path: "/v1/validate"),
        Route(method: .post, path: "/v1/sensitivity"),
        Route(method: .post, path: "/v1/sweep"),
        Route(method: .post, path: "/v1/diagnose"),
        Route(method: .get, path: "/healthz"),
        Route(method: .get, path: "/metrics"),
        Route(method: .get, path: "/openapi.yaml"),
    ]

    /// The checked-in OpenAPI 3.1 document that `GET /openapi.yaml` serves.
    public static var openAPIDocument: String { String(decoding: PackageResources.openapi_yaml, as: UTF8.self) }

    /// The router with every route and the problem, request-id, logging and metrics middleware.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ObservationMiddleware(metrics: metrics))
        router.post("/v1/solve") { request, context in try await self.solve(request, context: context) }
        router.post("/v1/validate") { request, context in try await self.validate(request, context: context) }
        router.post("/v1/sensitivity") { request, context in try await self.sensitivity(request, context: context) }
        router.post("/v1/sweep") { request, context in try await self.sweep(request, context: context) }
        router.post("/v1/diagnose") { request, context in try await self.diagnose(request, context: context) }
        router.get("/healthz") { _, _ in Self.json(["status": "ok"]) }
        router.get("/metrics") { _, _ in
            Self.text(self.metrics.exposition(load: self.gate.load), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/openapi.yaml") { _, _ in Self.text(Self.openAPIDocument, contentType: "application/yaml") }
        return router
    }

    /// A Hummingbird application serving ``router()`` at the configured address. Run it with
    /// `runService()`: SIGTERM or SIGINT stop it gracefully, and requests in flight finish first.
    /// `onServerRunning` receives the bound port (useful with port 0).
    public func application(
        logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<BasicRequestContext>> {
        Application(
            router: router(),
            server: .http1(configuration: HTTP1Channel.Configuration(idleTimeout: Self.timeAmount(configuration.idleTimeout))),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "trade"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully: the listener closes and the
    /// requests in flight, solves included, are answered before this returns.
    public func run(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(logger: logger, onServerRunning: onServerRunning).runService()
    }

    // MARK: - Handlers

    private func solve(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let query = try SolveQuery(request.uri)
        let timeLimit = query.effectiveTimeLimit(maximum: configuration.maxTimeLimit)
        return try await inSolveSlot(request) { loaded in
            let start = ContinuousClock.now
            let offer: Offer
            do throws(TradeSolverError) {
                offer = try await Offer.solve(
                    loaded, options: query.options(maximumTimeLimit: configuration.maxTimeLimit), nearMisses: query.nearMisses)
            } catch {
                throw Self.problem(for: error, context: context)
            }
            let trade = offer.trade
            let elapsed = ContinuousClock.now - start
            metrics.recordSolve(elapsed, status: trade.status.rawValue)
            if let failure = offer.diagnosisFailure {
                context.logger.error("diagnosis failed", metadata: ["error": "\(failure)"])
            }
            context.logger.info(
                "solved",
                metadata: [
                    "trade.scenario": .string(loaded.scenario.name), "trade.status": .string(trade.status.rawValue),
                    "trade.termination": .string(String(describing: trade.termination)),
                    "trade.duration_ms": .string(String(format: "%.1f", elapsed / .milliseconds(1))),
                ])
            var response = Self.text(offer.render(query.format), contentType: query.format.mediaType)
            response.headers[Self.timeLimitField] = Self.seconds(timeLimit)
            return response
        }
    }

    private func validate(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard request.uri.queryParameters.isEmpty else {
            throw ProblemError(.malformedRequest, "POST /v1/validate takes no query parameters")
        }
        let loaded = try Self.decode(try await readBody(request))
        let scenario = loaded.scenario
        return Self.encoded(
            ValidationResult(
                valid: true, scenario: scenario.name, levers: scenario.levers.count, programs: scenario.programs.count,
                tiers: scenario.envelope.tiers.count, constraints: scenario.constraints.count,
                warnings: loaded.warnings.map(ProblemDetails.Problem.init)))
    }

    private func sensitivity(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let query = try SensitivityQuery(request.uri)
        let timeLimit = query.effectiveTimeLimit(maximum: configuration.maxTimeLimit)
        return try await inSolveSlot(request) { loaded in
            let start = ContinuousClock.now
            let document: SensitivityDocument
            do throws(SensitivityFailure) {
                document = try await SensitivityDocument.analyse(
                    loaded, relativeStep: query.step, options: TradeOptions(timeLimit: timeLimit))
            } catch {
                switch error.kind {
                case .invalidOptions:
                    throw ProblemError(
                        .invalidScenario, "the options do not fit the scenario",
                        problems: error.messages.map { ProblemDetails.Problem(path: "query", message: $0) })
                case .infeasible, .noSolution: throw ProblemError(.noTrade, error.description)
                case .solverFailed:
                    context.logger.error("sensitivity failed", metadata: ["error": "\(error)"])
                    throw ProblemError(.internalError, error.description)
                }
            }
            metrics.recordAnalysis(ContinuousClock.now - start, kind: "sensitivity")
            var response = Self.text(document.render(query.format), contentType: query.format.mediaType)
            response.headers[Self.timeLimitField] = Self.seconds(timeLimit)
            return response
        }
    }

    private func sweep(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let query = try SweepQuery(request.uri)
        return try await inSolveSlot(request) { loaded in
            let parameter: ScenarioParameter
            do throws(ScenarioParameterError) {
                parameter = try ScenarioParameter(query.parameter, in: loaded.scenario)
            } catch {
                // The path is the client's, so it is named as a query problem, with the nearest id or key.
                throw ProblemError(
                    .invalidScenario, "param does not address a number of the scenario",
                    problems: [ProblemDetails.Problem(path: "query.param", message: error.description)])
            }
            let timeLimit = query.effectiveTimeLimit(maximum: configuration.maxTimeLimit)
            // One solve at a time: a sweep holds one slot, so it uses one core like a solve does.
            let sweep = Sweep(
                parameter: parameter, from: query.from, to: query.to, tolerance: query.tolerance, maxConcurrency: 1,
                options: TradeOptions(timeLimit: timeLimit))
            let start = ContinuousClock.now
            let function: ValueFunction
            do throws(SweepError) {
                function = try await sweep.run(on: loaded.scenario)
            } catch {
                switch error.kind {
                case .invalidRange:
                    throw ProblemError(
                        .malformedRequest, "the interval is wrong",
                        problems: error.messages.map { ProblemDetails.Problem(path: "query", message: $0) })
                case .invalidParameter, .invalidScenario:
                    throw ProblemError(
                        .invalidScenario, "the sweep leaves the valid scenarios",
                        problems: error.messages.map { ProblemDetails.Problem(path: "query.param", message: $0) })
                case .solverFailed:
                    context.logger.error("sweep failed", metadata: ["error": "\(error)"])
                    throw ProblemError(.internalError, error.description)
                }
            }
            metrics.recordAnalysis(ContinuousClock.now - start, kind: "sweep")
            var response = Self.text(function.render(query.format, scenario: loaded.scenario), contentType: query.format.mediaType)
            response.headers[Self.timeLimitField] = Self.seconds(timeLimit)
            return response
        }
    }

    private func diagnose(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let query = try SolveQuery(request.uri, parameters: SolveQuery.whatIfParameters)
        let timeLimit = query.effectiveTimeLimit(maximum: configuration.maxTimeLimit)
        return try await inSolveSlot(request) { loaded in
            let start = ContinuousClock.now
            let diagnosis: TradeDiagnosis?
            do throws(TradeSolverError) {
                diagnosis = try await solver.diagnose(loaded, options: query.options(maximumTimeLimit: configuration.maxTimeLimit))
            } catch {
                throw Self.problem(for: error, context: context)
            }
            metrics.recordAnalysis(ContinuousClock.now - start, kind: "diagnose")
            var response = Self.encoded(
                DiagnosisResult(
                    scenario: loaded.scenario.name, infeasible: diagnosis != nil,
                    diagnosis: diagnosis.map(TradeDocument.DiagnosisEntry.init)))
            response.headers[Self.timeLimitField] = Self.seconds(timeLimit)
            return response
        }
    }

    /// The body of a 200 from `POST /v1/diagnose`: the diagnosis entry of `renewal-trade-result/v1`,
    /// or `null` when a trade exists.
    struct DiagnosisResult: Encodable {
        var scenario: String
        var infeasible: Bool
        @AlwaysPresent var diagnosis: TradeDocument.DiagnosisEntry?
    }

    /// The body of a 200 from `POST /v1/validate`.
    struct ValidationResult: Encodable {
        var valid: Bool
        var scenario: String
        var levers: Int
        var programs: Int
        var tiers: Int
        var constraints: Int
        var warnings: [ProblemDetails.Problem]
    }

    // MARK: - Helpers

    /// The body's text: 400, 408, 413 or 415 otherwise. Routes that solve decode it only once they
    /// hold a slot, so that a request turned away with 503 costs no parse: under overload the
    /// rejections must stay cheap, or they take the cores from the solves that were let in.
    private func readBody(_ request: Request) async throws(ProblemError) -> ScenarioBody.Text {
        try await ScenarioBody.read(
            request, limit: configuration.maxBodyBytes, timeout: configuration.bodyTimeout, metrics: metrics)
    }

    /// Reads the body, takes a solve slot, then parses the scenario and runs `work` with it; the
    /// slot is given back when `work` ends. Parsing after the slot keeps a 503 cheap.
    private func inSolveSlot(
        _ request: Request, _ work: (LoadedScenario) async throws -> Response
    ) async throws -> Response {
        let body = try await readBody(request)
        try await enterGate()
        defer { gate.leave() }
        return try await work(try Self.decode(body))
    }

    /// Takes a solve slot, waiting in the queue; 503 with `Retry-After` when the queue is full.
    /// Pair with `gate.leave()`.
    private func enterGate() async throws {
        do {
            try await gate.enter()
        } catch is SolveGate.Full {
            metrics.countRejection(reason: "queue-full")
            let load = gate.load
            throw ProblemError(
                .overloaded,
                "\(load.running) solves are running and \(load.waiting) are waiting, the most this service allows",
                headers: [.retryAfter: String(configuration.retryAfterSeconds)])
        }
    }

    /// `X-Trade-Time-Limit`: the time limit the solve ran with, in seconds, after clamping.
    public static var timeLimitField: HTTPField.Name { HTTPField.Name("X-Trade-Time-Limit")! }

    /// A solver error as a problem: 500 when the solver could not run, otherwise the options do not
    /// fit the scenario (such as a fixed lever it does not have), 422.
    static func problem(for error: TradeSolverError, context: BasicRequestContext) -> ProblemError {
        if error.messages.contains(where: { $0.hasPrefix("the solver") }) {
            context.logger.error("solver failed", metadata: ["error": "\(error)"])
            return ProblemError(.internalError, error.description)
        }
        return ProblemError(
            .invalidScenario, "the options do not fit the scenario",
            problems: error.messages.map { ProblemDetails.Problem(path: "query", message: $0) })
    }

    /// The text as a valid scenario: 400 when it is not one well-formed document of its syntax, 422
    /// when it is a document but not a valid scenario.
    static func decode(_ body: ScenarioBody.Text) throws(ProblemError) -> LoadedScenario {
        do {
            return try ScenarioDecoder.decode(body.text)
        } catch where error.isSyntaxError {
            throw ProblemError(
                .malformedRequest, "the body is not a valid \(body.syntax.rawValue) document",
                problems: error.errors.map(ProblemDetails.Problem.init))
        } catch {
            let count = error.errors.count
            throw ProblemError(
                .invalidScenario, "the scenario has \(count) problem\(count == 1 ? "" : "s")",
                problems: error.errors.map(ProblemDetails.Problem.init))
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? String(Int64(value)) : String(value)
    }

    static func text(_ text: String, contentType: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: contentType],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func encoded(_ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return text(String(decoding: data, as: UTF8.self) + "\n", contentType: "application/json")
    }

    static func json(_ value: [String: String]) -> Response { encoded(value) }
}
