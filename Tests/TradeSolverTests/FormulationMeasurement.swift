import Foundation
import Optimization
import Testing
import TradeModel

@testable import TradeSolver

/// The figures of docs/performance.md's "Formulation quality", measured on scenario files named in
/// `RENEWALTRADE_MEASURE` (paths separated by `:`); skipped without it. Prints markdown tables.
///
/// ```sh
/// RENEWALTRADE_MEASURE=models/contoso-ea-renewal.yaml:/tmp/m-1.yaml RENEWALTRADE_REPEATS=5 \
///   swift test --skip-build --scratch-path .build-formulation --filter FormulationMeasurement
/// ```
/// `RENEWALTRADE_MEASURE_STRATEGIES=1` adds the search-strategy table; `RENEWALTRADE_MEASURE_LIMIT`
/// caps each solve in seconds (default 60).
@Suite(.serialized) struct FormulationMeasurement {
    static let environment = ProcessInfo.processInfo.environment
    static let files = environment["RENEWALTRADE_MEASURE"]?.split(separator: ":").map(String.init) ?? []
    static let repeats = environment["RENEWALTRADE_REPEATS"].flatMap(Int.init) ?? 3
    static let limit = Duration.seconds(environment["RENEWALTRADE_MEASURE_LIMIT"].flatMap(Int.init) ?? 60)

    static func load(_ path: String) throws -> Scenario {
        try ScenarioDecoder.decode(contentsOf: URL(fileURLWithPath: path)).scenario
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// The root gap as a percentage of the optimum: (LP bound − optimum) / max(1, |optimum|).
    static func gap(_ bound: Double?, _ optimum: Double?) -> String {
        guard let bound, let optimum else { return "–" }
        return String(format: "%.2f%%", 100 * (bound - optimum) / Swift.max(1, abs(optimum)))
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    @Test(.enabled(if: !files.isEmpty)) func rootGaps() throws {
        print(
            "| scenario | levers | programs | rows spec / tight | root gap spec | root gap tight | nodes spec | nodes tight | first pass spec s | first pass tight s | trade solve spec s | trade solve tight s |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for path in Self.files {
            let scenario = try Self.load(path)
            let formulation = try Formulation(scenario)
            var passes: [Bool: [FirstPass]] = [:]
            var solves: [Bool: [Double]] = [:]
            // Alternated, so that load on the machine falls on both alike.
            for _ in 0..<Self.repeats {
                for tightens in [false, true] {
                    passes[tightens, default: []].append(
                        try FirstPass(scenario, tightens: tightens, timeLimit: Self.limit))
                    var options = TradeOptions(timeLimit: Self.limit)
                    options.tightens = tightens
                    let started = ContinuousClock.now
                    _ = try TradeSolver().solve(scenario, options: options)
                    let elapsed = ContinuousClock.now - started
                    solves[tightens, default: []].append(
                        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                }
            }
            let spec = passes[false]!
            let tight = passes[true]!
            #expect(
                spec[0].optimum == nil || tight[0].optimum == nil
                    || abs(spec[0].optimum! - tight[0].optimum!) <= 1e-6 * Swift.max(1, abs(spec[0].optimum!)))
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            print(
                "| \(name) | \(scenario.levers.count) | \(scenario.programs.count)",
                "| \(formulation.model.constraints.count) / \(formulation.searchModel.constraints.count)",
                "| \(Self.gap(spec[0].relaxation, spec[0].optimum)) | \(Self.gap(tight[0].relaxation, tight[0].optimum))",
                "| \(spec[0].nodes.map(String.init) ?? "–") | \(tight[0].nodes.map(String.init) ?? "–")",
                "| \(Self.seconds(Self.median(spec.map(\.seconds)))) | \(Self.seconds(Self.median(tight.map(\.seconds))))",
                "| \(Self.seconds(Self.median(solves[false]!))) | \(Self.seconds(Self.median(solves[true]!))) |")
        }
    }

    static let strategies: [(String, SearchStrategy, Bool)] = {
        var list: [(String, SearchStrategy, Bool)] = []
        for branching in SearchStrategy.Branching.allCases {
            for backtracking in SearchStrategy.Backtracking.allCases {
                list.append(
                    (
                        "\(branching.rawValue) / \(backtracking.rawValue)",
                        SearchStrategy(branching: branching, backtracking: backtracking), false
                    ))
            }
        }
        for (name, cut) in SearchStrategy.Cuts.names + [("all", SearchStrategy.Cuts.all)] {
            list.append(("default + cuts \(name)", SearchStrategy(cuts: cut), false))
        }
        list.append(("default + presolve", SearchStrategy(), true))
        return list
    }()

    /// First-pass time and nodes of the tightened model under each strategy, alternated per repeat.
    @Test(.enabled(if: !files.isEmpty && environment["RENEWALTRADE_MEASURE_STRATEGIES"] != nil))
    func searchStrategies() throws {
        let scenarios = try Self.files.map { ($0, try Self.load($0)) }
        var times: [String: [Double]] = [:]
        var nodes: [String: [Int]] = [:]
        var unfinished: [String: Int] = [:]
        for _ in 0..<Self.repeats {
            for (name, strategy, presolve) in Self.strategies {
                for (path, scenario) in scenarios {
                    let key = "\(name)|\(path)"
                    let pass = try FirstPass(
                        scenario, tightens: true, strategy: strategy, presolve: presolve, timeLimit: Self.limit)
                    times[key, default: []].append(pass.seconds)
                    nodes[key, default: []].append(pass.nodes ?? 0)
                    if pass.status != .optimal { unfinished[key, default: 0] += 1 }
                }
            }
        }
        let names = scenarios.map { URL(fileURLWithPath: $0.0).deletingPathExtension().lastPathComponent }
        print("| strategy | " + names.map { "\($0) s (nodes)" }.joined(separator: " | ") + " |")
        print("|---|" + names.map { _ in "---|" }.joined())
        for (name, _, _) in Self.strategies {
            let cells = scenarios.map { path, _ in
                let key = "\(name)|\(path)"
                let mark = unfinished[key].map { " (\($0) hit the limit)" } ?? ""
                return
                    "\(Self.seconds(Self.median(times[key]!))) (\(Int(Self.median(nodes[key]!.map(Double.init)))))\(mark)"
            }
            print("| \(name) | " + cells.joined(separator: " | ") + " |")
        }
    }
}
