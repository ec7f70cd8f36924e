import Foundation
import Hummingbird
import HummingbirdCore
import TradeModel
import TradeReport
import TradeSolver

/// Reads a route's query: each parameter at most once unless it is repeatable, and every problem
/// at once, as one 400 whose problems have the paths `query.NAME`.
struct QueryReader {
    private let pairs: [(key: String, value: String)]
    private(set) var problems: [ProblemDetails.Problem] = []

    /// Checks that every parameter is one of `known` and that only `repeatable` ones repeat.
    init(_ uri: URI, known: [String], repeatable: Set<String> = []) {
        var pairs: [(key: String, value: String)] = []
        var seen: Set<String> = []
        for (key, value) in uri.queryParameters.map({ (String($0.key), String($0.value)) }) {
            guard known.contains(key) else {
                let list = known.joined(separator: ", ")
                problems.append(.init(path: "query.\(key)", message: "unknown query parameter '\(key)'; the parameters are \(list)"))
                continue
            }
            guard repeatable.contains(key) || seen.insert(key).inserted else {
                problems.append(.init(path: "query.\(key)", message: "give \(key) once"))
                continue
            }
            pairs.append((key, value))
        }
        self.pairs = pairs
    }

    /// Every value of `key`, in order.
    func values(_ key: String) -> [String] { pairs.filter { $0.key == key }.map(\.value) }

    /// The value of a parameter given at most once.
    func value(_ key: String) -> String? { values(key).first }

    mutating func problem(_ key: String, _ message: String) {
        problems.append(.init(path: "query.\(key)", message: message))
    }

    /// A value that must be given.
    mutating func required(_ key: String, _ what: String) -> String? {
        guard let value = value(key) else {
            problem(key, "\(key) is required: \(what)")
            return nil
        }
        return value
    }

    /// An exact decimal that must be given.
    mutating func requiredDecimal(_ key: String, _ what: String) -> Decimal? {
        guard value(key) != nil else {
            problem(key, "\(key) is required: \(what)")
            return nil
        }
        return decimal(key)
    }

    /// A positive number of seconds, as a duration.
    mutating func seconds(_ key: String) -> Duration? {
        guard let value = value(key) else { return nil }
        guard let seconds = Double(value), seconds > 0, seconds.isFinite else {
            problem(key, "expected a positive number of seconds, got '\(value)'")
            return nil
        }
        return .milliseconds(Int64((Swift.min(seconds, 1e9) * 1000).rounded(.up)))
    }

    /// An exact decimal (see ``ExactNumber``).
    mutating func decimal(_ key: String) -> Decimal? {
        guard let value = value(key) else { return nil }
        guard let number = ExactNumber.parse(value) else {
            problem(key, "expected a number, got '\(value)'")
            return nil
        }
        return number
    }

    /// One of a format's cases.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, default fallback: Choice) -> Choice
    where Choice.RawValue == String {
        guard let value = value(key) else { return fallback }
        guard let choice = Choice(rawValue: value) else {
            let choices = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            problem(key, "expected one of \(choices), got '\(value)'")
            return fallback
        }
        return choice
    }

    /// Throws the 400 when any parameter was wrong.
    func finish() throws(ProblemError) {
        guard problems.isEmpty else {
            throw ProblemError(.malformedRequest, "the query options are wrong", problems: problems)
        }
    }
}

/// A query with a `timeLimit` parameter: every solving route clamps it the same way.
protocol TimeLimitedQuery {
    var timeLimit: Duration? { get }
}

extension TimeLimitedQuery {
    /// The effective time limit: the request's, clamped to the service's maximum, or the maximum.
    func effectiveTimeLimit(maximum: Duration) -> Duration {
        timeLimit.map { Swift.min($0, maximum) } ?? maximum
    }
}

/// The query options of `POST /v1/solve`, the same as `trade solve`'s flags; `POST /v1/diagnose`
/// takes the what-if part of them.
struct SolveQuery: TimeLimitedQuery {
    static let parameters = ["timeLimit", "gap", "fix", "force", "forbid", "tier", "nearMisses", "format"]
    /// The options that change the question rather than the answer's form.
    static let whatIfParameters = ["timeLimit", "gap", "fix", "force", "forbid", "tier"]

    var timeLimit: Duration?
    var gap: Double = 0
    var fixed: [String: Decimal] = [:]
    var forced: Set<String> = []
    var forbidden: Set<String> = []
    var tier: String?
    /// `nearMisses=false` is `--no-near-misses`: no re-solve per program or tier left off.
    var nearMisses = true
    var format: OfferFormat = .json

    /// Reads the query; every problem at once, as a 400.
    init(_ uri: URI, parameters: [String] = Self.parameters) throws(ProblemError) {
        var reader = QueryReader(uri, known: parameters, repeatable: ["fix", "force", "forbid"])
        timeLimit = reader.seconds("timeLimit")
        if let value = reader.value("gap") {
            if let fraction = Double(value), fraction >= 0, fraction.isFinite {
                gap = fraction
            } else {
                reader.problem("gap", "expected a non-negative fraction such as 0.01, got '\(value)'")
            }
        }
        for value in reader.values("fix") {
            let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let quantity = ExactNumber.parse(parts[1]) else {
                reader.problem("fix", "expected LEVER=QUANTITY such as azure-commit=25000000, got '\(value)'")
                continue
            }
            if fixed[parts[0]] != nil { reader.problem("fix", "lever '\(parts[0])' is fixed twice") }
            fixed[parts[0]] = quantity
        }
        for key in ["force", "forbid"] {
            for value in reader.values(key) {
                guard !value.isEmpty else {
                    reader.problem(key, "expected a program id")
                    continue
                }
                if key == "force" { forced.insert(value) } else { forbidden.insert(value) }
            }
        }
        if let value = reader.value("tier") {
            if value.isEmpty { reader.problem("tier", "expected a tier id") } else { tier = value }
        }
        if let value = reader.value("nearMisses") {
            if let flag = Bool(value) { nearMisses = flag } else {
                reader.problem("nearMisses", "expected true or false, got '\(value)'")
            }
        }
        format = reader.choice("format", default: .json)
        try reader.finish()
    }

    /// The solver options, with the effective time limit.
    func options(maximumTimeLimit: Duration) -> TradeOptions {
        TradeOptions(
            timeLimit: effectiveTimeLimit(maximum: maximumTimeLimit), relativeGap: gap, fixedQuantities: fixed,
            forcedPrograms: forced, forbiddenPrograms: forbidden, forcedTier: tier)
    }
}

/// The query options of `POST /v1/sensitivity`, as `trade sensitivity`'s flags.
struct SensitivityQuery: TimeLimitedQuery {
    static let parameters = ["step", "timeLimit", "format"]

    var step = Decimal(string: "0.1")!
    var timeLimit: Duration?
    var format: AnalysisFormat = .json

    init(_ uri: URI) throws(ProblemError) {
        var reader = QueryReader(uri, known: Self.parameters)
        if let step = reader.decimal("step") {
            if step > 0 { self.step = step } else { reader.problem("step", "expected a positive fraction such as 0.1, got \(step)") }
        }
        timeLimit = reader.seconds("timeLimit")
        format = reader.choice("format", default: .json)
        try reader.finish()
    }
}

/// The query options of `POST /v1/sweep`, as `trade sweep`'s flags.
struct SweepQuery: TimeLimitedQuery {
    static let parameters = ["param", "from", "to", "tolerance", "timeLimit", "format"]

    var parameter = ""
    var from: Decimal = 0
    var to: Decimal = 0
    var tolerance: Decimal?
    var timeLimit: Duration?
    var format: AnalysisFormat = .json

    init(_ uri: URI) throws(ProblemError) {
        var reader = QueryReader(uri, known: Self.parameters)
        parameter = reader.required("param", "the path of the number to sweep, such as microsoft.hurdle") ?? ""
        let from = reader.requiredDecimal("from", "the interval's lower end")
        let to = reader.requiredDecimal("to", "the interval's upper end")
        if let from, let to {
            if from < to { (self.from, self.to) = (from, to) } else { reader.problem("from", "from (\(from)) must be below to (\(to))") }
        }
        tolerance = reader.decimal("tolerance")
        if let tolerance, tolerance <= 0 { reader.problem("tolerance", "expected a positive distance, got \(tolerance)") }
        timeLimit = reader.seconds("timeLimit")
        format = reader.choice("format", default: .json)
        try reader.finish()
    }
}
