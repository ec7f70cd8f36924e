import ArgumentParser
import Foundation
import Optimization
import ScenarioGenerator
import TradeModel
import TradeReport
import TradeSolver

// One size of issue 8, stage by stage, in one process: what docs/performance.md's growth table and
// XL figures come from. Unlike ScaleBenchmarks it runs a single pass, prints one CSV row and reads
// each stage's own peak memory, so that `scripts/growth-run` can run sizes in separate processes.

@main
struct ScaleDriver: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale-driver",
        abstract: "Time each stage of a trade solve on a generated size; print one CSV row.")

    @Argument(help: "s, m, l or xl")
    var size: String

    @Option(help: "Generator seed.")
    var seed: UInt64 = 1

    @Option(name: .customLong("time-limit"), help: "Seconds for the solve (every pass), counted from its start.")
    var timeLimit: Double = 60

    @Flag(help: "Solve the first pass (the objective) only, on the tightened program, and report it.")
    var firstPass = false

    @Flag(help: "With --first-pass: GLPK's MIP presolver on.")
    var presolve = false

    @Option(help: "Branching (first, last, most, driebeck-tomlin, pseudocost); default: the trade solver's.")
    var branching: String?

    @Option(help: "Backtracking (depth-first, breadth-first, best-local, best-projection).")
    var backtracking: String?

    @Option(help: "Cuts (none, all, or gmi,mir,cov,clq).")
    var cuts: String?

    @Option(help: "Simplex method for the LPs (primal, dual); default: the trade solver's.")
    var simplex: String?

    @Option(help: "Initial basis of the root LP (standard, advanced, bixby).")
    var basis: String?

    @Flag(help: "GLPK's LP presolver on the root relaxation (the MIP presolver stays off).")
    var presolveRelaxation = false

    @Option(help: "GLPK heuristics to turn on (none, fp, ps, all).")
    var heuristics: String?

    @Option(help: "Write the tightened program (the first pass's) to this file, as CPLEX LP, and stop.")
    var export: String?

    @Flag(help: "Offer the generator's witness (every Azure commitment at its forecast, nothing else) as a MIP start.")
    var startAtForecast = false

    @Option(help: "Also write the trade's JSON document (explanation included) to this file.")
    var json: String?

    @Flag(help: "Print the CSV header first.")
    var header = false

    func run() throws {
        guard let size = ScenarioGenerator.Size(rawValue: size) else {
            throw ValidationError("unknown size \(size)")
        }
        if let export {
            let program = try Formulation(ScenarioGenerator.scenario(size, seed: seed)).searchModel
            try program.export(.lp).write(toFile: export, atomically: true, encoding: .utf8)
            return
        }
        if header { print(firstPass ? FirstPassRow.header : StageRow.header) }
        if firstPass {
            print(try firstPassRow(size).csv)
        } else {
            print(try stageRow(size).csv)
        }
    }

    /// generate → (encode, not timed) → decode and validate (validate only for XL) → formulate →
    /// solve without near misses → explain, each with its own peak resident memory.
    func stageRow(_ size: ScenarioGenerator.Size) throws -> StageRow {
        var row = StageRow(size: size.rawValue, seed: seed)
        var scenario = row.measure(\.generate) { ScenarioGenerator.scenario(size, seed: seed) }
        row.levers = scenario.levers.count
        row.programs = scenario.programs.count
        // XL is not encoded at all: its YAML would be refused, and encoding it leaves ~800 MB of
        // freed heap resident, which would count in the next stage's peak.
        let yaml = scenario.levers.count <= ScenarioLimits.maximumElements ? try ScenarioEncoder.yaml(scenario) : nil
        if let yaml, yaml.utf8.count <= ScenarioLimits.maximumBytes {
            scenario = try row.measure(\.decode) { try ScenarioDecoder.decode(yaml).scenario }
        } else {
            // XL: beyond what the decoder reads; validation is the part of decoding that grows.
            let diagnostics = row.measure(\.decode) { scenario.validate() }
            precondition(!diagnostics.contains { $0.severity == .error }, "generated scenario is invalid")
        }
        let formulation = try row.measure(\.formulate) { try Formulation(scenario) }
        row.rows = formulation.searchModel.constraints.count
        row.columns = formulation.searchModel.variables.count
        var options = TradeOptions(timeLimit: .milliseconds(Int64(timeLimit * 1000)))
        options.strategy = try strategy()
        if startAtForecast { options.startingDecisions = try Self.forecastWitness(scenario) }
        let trade = try row.measure(\.solve) { try TradeSolver().solve(scenario, options: options) }
        row.status = trade.status.rawValue
        row.termination = trade.termination.rawValue
        row.gap = trade.gap
        row.buyerValue = trade.buyerValue
        row.tieBreaksComplete = trade.tieBreaksComplete
        let document = row.measure(\.explain) {
            let explanation = OfferExplanation(trade: trade, scenario: scenario, nearMisses: [])
            return TradeDocument(trade: trade, scenario: scenario, explanation: explanation).json()
        }
        row.explainBytes = document.utf8.count
        if let json { try document.write(toFile: json, atomically: true, encoding: .utf8) }
        // Resetting VmHWM resets getrusage's peak too: the process's peak is the largest stage's.
        row.processPeak = [row.generate, row.decode, row.formulate, row.solve, row.explain].map(\.peak).max()!
        return row
    }

    /// The objective's branch and bound alone, with the chosen GLPK options: what issue 8's
    /// "L to proven optimality" needs first.
    /// The point the generator builds every scenario around: each Azure commitment at its forecast
    /// (where its cost curve starts to charge), every other lever at its minimum, no program, the
    /// lowest tier. Feasible by construction; the trade solver completes it with an LP. Built
    /// through Codable because TradeDecisions has no public memberwise initializer.
    static func forecastWitness(_ scenario: Scenario) throws -> TradeDecisions {
        let quantities: [[String: Any]] = scenario.levers.map { lever in
            let quantity = lever.kind == .consumption && lever.cost.count > 1 ? lever.cost[1].from : lever.min
            return ["id": lever.id, "quantity": NSDecimalNumber(decimal: quantity).doubleValue]
        }
        let object: [String: Any] = [
            "quantities": quantities, "activePrograms": [String](), "tier": scenario.envelope.tiers[0].id,
        ]
        return try JSONDecoder().decode(TradeDecisions.self, from: JSONSerialization.data(withJSONObject: object))
    }

    /// Nil when no option changes the search (the trade solver then chooses by size); otherwise
    /// the default strategy with the options' changes.
    func strategy() throws -> SearchStrategy? {
        let named = [branching, backtracking, cuts, simplex, basis, heuristics]
        guard named.contains(where: { $0 != nil }) || presolveRelaxation else { return nil }
        var strategy = TradeOptions.defaultStrategy
        if let branching {
            guard let value = SearchStrategy.Branching(rawValue: branching) else {
                throw ValidationError("unknown branching \(branching)")
            }
            strategy.branching = value
        }
        if let backtracking {
            guard let value = SearchStrategy.Backtracking(rawValue: backtracking) else {
                throw ValidationError("unknown backtracking \(backtracking)")
            }
            strategy.backtracking = value
        }
        if let cuts {
            guard let value = SearchStrategy.Cuts(names: cuts) else { throw ValidationError("unknown cuts \(cuts)") }
            strategy.cuts = value
        }
        if let simplex {
            guard let value = SearchStrategy.Simplex(rawValue: simplex) else { throw ValidationError("unknown simplex \(simplex)") }
            strategy.simplex = value
        }
        if let basis {
            guard let value = SearchStrategy.InitialBasis(rawValue: basis) else { throw ValidationError("unknown basis \(basis)") }
            strategy.initialBasis = value
        }
        if presolveRelaxation { strategy.presolvesRelaxation = true }
        if let heuristics {
            let named: [String: SearchStrategy.Heuristics] = [
                "none": [], "fp": .feasibilityPump, "ps": .proximitySearch, "all": .all,
            ]
            guard let value = named[heuristics] else { throw ValidationError("unknown heuristics \(heuristics)") }
            strategy.heuristics = value
        }
        return strategy
    }

    func firstPassRow(_ size: ScenarioGenerator.Size) throws -> FirstPassRow {
        let scenario = ScenarioGenerator.scenario(size, seed: seed)
        let formulation = try Formulation(scenario)
        let strategy = try strategy() ?? TradeOptions.defaultStrategy(columns: formulation.searchModel.variables.count)
        let options = SolveOptions(
            timeLimit: .milliseconds(Int64(timeLimit * 1000)), integralityTolerance: 1e-9, presolve: presolve,
            strategy: strategy)
        let start = ContinuousClock.now
        let solution = try formulation.searchModel.solve(options)
        let seconds = Memory.seconds(start.duration(to: .now))
        return FirstPassRow(
            size: size.rawValue, seed: seed, presolve: presolve, branching: strategy.branching.rawValue,
            backtracking: strategy.backtracking.rawValue, cuts: strategy.cuts.names, seconds: seconds,
            status: solution.status.rawValue, termination: solution.termination.rawValue,
            objective: solution.objectiveValue, bound: solution.bestBound, gap: solution.relativeGap,
            nodes: solution.searchNodes, peak: Memory.processPeakMiB(),
            root: [
                strategy.simplex.rawValue, strategy.initialBasis.rawValue,
                strategy.presolvesRelaxation ? "lp-presolve" : "no-lp-presolve", "heuristics-\(strategy.heuristics.rawValue)",
            ].joined(separator: "+"))
    }
}

/// One run of every stage: seconds and peak resident MiB per stage.
struct StageRow {
    static let header =
        "size,seed,levers,programs,rows,columns,generate_s,decode_validate_s,formulate_s,solve_s,explain_s,"
        + "generate_mib,decode_validate_mib,formulate_mib,solve_mib,explain_mib,process_peak_mib,"
        + "status,termination,gap,buyer_value,tie_breaks_complete,json_bytes,load1"

    struct Stage {
        var seconds = Double.nan
        var peak = Double.nan
    }

    let size: String
    let seed: UInt64
    var levers = 0, programs = 0, rows = 0, columns = 0
    var generate = Stage(), decode = Stage(), formulate = Stage(), solve = Stage(), explain = Stage()
    var processPeak = Double.nan
    var status = "", termination = ""
    var gap: Double?
    var buyerValue: Double?
    var tieBreaksComplete = false
    var explainBytes = 0

    init(size: String, seed: UInt64) {
        self.size = size
        self.seed = seed
    }

    /// Runs `work` as one stage: wall time, and the peak resident memory reached while it ran
    /// (the kernel's high-water mark, reset before it starts).
    mutating func measure<T>(_ stage: WritableKeyPath<StageRow, Stage>, _ work: () throws -> T) rethrows -> T {
        Memory.resetPeak()
        let start = ContinuousClock.now
        let result = try work()
        self[keyPath: stage].seconds = Memory.seconds(start.duration(to: .now))
        self[keyPath: stage].peak = Memory.peakMiB()
        return result
    }

    var csv: String {
        let stages = [generate, decode, formulate, solve, explain]
        var fields: [String] = [size, "\(seed)", "\(levers)", "\(programs)", "\(rows)", "\(columns)"]
        fields += stages.map { format($0.seconds, 4) }
        fields += stages.map { format($0.peak, 1) }
        fields += [format(processPeak, 1), status, termination]
        fields.append(gap.map { format($0, 5) } ?? "")
        fields.append(buyerValue.map { format($0, 0) } ?? "")
        fields += ["\(tieBreaksComplete)", "\(explainBytes)", Memory.loadAverage()]
        return fields.joined(separator: ",")
    }
}

struct FirstPassRow {
    static let header =
        "size,seed,presolve,branching,backtracking,cuts,seconds,status,termination,objective,bound,gap,nodes,peak_mib,load1,root"
    let size: String
    let seed: UInt64
    let presolve: Bool
    let branching, backtracking, cuts: String
    let seconds: Double
    let status, termination: String
    let objective, bound, gap: Double?
    let nodes: Int?
    let peak: Double
    /// The root relaxation's options: simplex, initial basis, LP presolver, heuristics.
    let root: String

    var csv: String {
        var fields = [size, "\(seed)", "\(presolve)", branching, backtracking]
        fields += [cuts.replacingOccurrences(of: ",", with: "+"), format(seconds, 3), status, termination]
        fields.append(objective.map { format($0, 0) } ?? "")
        fields.append(bound.map { format($0, 0) } ?? "")
        fields.append(gap.map { format($0, 5) } ?? "")
        fields.append(nodes.map { "\($0)" } ?? "")
        fields += [format(peak, 1), Memory.loadAverage(), root]
        return fields.joined(separator: ",")
    }
}

func format(_ value: Double, _ digits: Int) -> String {
    value.isNaN ? "" : String(format: "%.\(digits)f", value)
}

/// Linux's view of this process's memory, from /proc.
enum Memory {
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Resets the kernel's high-water mark of resident memory (VmHWM) to the current size.
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// VmHWM in MiB: the peak since the last reset (or since the start, if resets are not allowed).
    static func peakMiB() -> Double { status("VmHWM") }

    /// The peak as getrusage reports it: since the start, or since the last ``resetPeak()``.
    static func processPeakMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    private static func status(_ field: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") })
        else { return .nan }
        let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
        return kilobytes / 1024
    }

    /// The one-minute load average, to say how busy the shared machine was.
    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init)
            ?? ""
    }
}
