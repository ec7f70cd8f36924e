public import Foundation
import Optimization
public import TradeModel
public import TradeSolver

/// How a sensitivity report or a sweep is written out: `--format` of `trade sensitivity` and
/// `trade sweep`, and `?format=` of `POST /v1/sensitivity` and `POST /v1/sweep`.
public enum AnalysisFormat: String, Sendable, CaseIterable {
    case text, json, csv

    /// The media type of the rendered analysis, for an HTTP response.
    public var mediaType: String {
        switch self {
        case .text: "text/plain; charset=utf-8"
        case .json: "application/json"
        case .csv: "text/csv; charset=utf-8"
        }
    }
}

/// Why a sensitivity report could not be made.
public struct SensitivityFailure: Error, Sendable, CustomStringConvertible {
    /// What stopped it.
    public enum Kind: Sendable {
        /// The options do not fit the scenario (an unknown lever, program or tier).
        case invalidOptions
        /// No trade satisfies every limit: there is nothing to analyse.
        case infeasible
        /// A limit stopped the search before any trade was found.
        case noSolution
        /// The solver could not run.
        case solverFailed
    }

    public var kind: Kind
    /// Each problem, ready to print.
    public var messages: [String]

    public var description: String { messages.joined(separator: "\n") }
}

extension SensitivityDocument {
    /// Solves the scenario, then analyses every limit of its optimal trade: what `trade
    /// sensitivity` and `POST /v1/sensitivity` both run. Blocks the calling thread.
    public init(
        analysing loaded: LoadedScenario, relativeStep: Decimal, options: TradeOptions = TradeOptions()
    ) throws(SensitivityFailure) {
        let solver = TradeSolver()
        let trade: Trade
        do {
            trade = try solver.solve(loaded, options: options)
        } catch {
            let failed = error.messages.contains { $0.hasPrefix("the solver") }
            throw SensitivityFailure(kind: failed ? .solverFailed : .invalidOptions, messages: error.messages)
        }
        switch trade.status {
        case .optimal, .feasible: break
        case .infeasible:
            throw SensitivityFailure(
                kind: .infeasible,
                messages: ["the scenario is infeasible: no trade satisfies every limit, so there is nothing to analyse"])
        case .noSolution:
            throw SensitivityFailure(
                kind: .noSolution, messages: ["a limit stopped the search before any trade was found"])
        }
        do {
            let report = try solver.sensitivity(loaded.scenario, of: trade, relativeStep: relativeStep, options: options)
            self.init(report, scenario: loaded.scenario)
        } catch {
            throw SensitivityFailure(kind: .solverFailed, messages: error.messages)
        }
    }

    /// ``init(analysing:relativeStep:options:)`` off Swift's cooperative thread pool; cancelling
    /// the task stops the solves that are running.
    public static func analyse(
        _ loaded: LoadedScenario, relativeStep: Decimal, options: TradeOptions = TradeOptions()
    ) async throws(SensitivityFailure) -> SensitivityDocument {
        try await options.runOnSolverThread { options throws(SensitivityFailure) in
            try SensitivityDocument(analysing: loaded, relativeStep: relativeStep, options: options)
        }
    }

    /// The report in `format`.
    public func render(_ format: AnalysisFormat) -> String {
        switch format {
        case .text: text()
        case .json: json()
        case .csv: csv()
        }
    }
}

extension ValueFunction {
    /// The swept function in `format`, as `trade sweep` and `POST /v1/sweep` write it.
    public func render(_ format: AnalysisFormat, scenario: Scenario) -> String {
        switch format {
        case .text: SweepTextReport(function: self, scenario: scenario).render()
        case .json: SweepDocument(function: self, scenario: scenario).json()
        case .csv: SweepTextReport(function: self, scenario: scenario).csv()
        }
    }
}
