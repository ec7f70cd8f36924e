import Foundation
import Hummingbird
import HummingbirdCore
import TradeReport
import TradeSolver

/// The query options of `POST /v1/solve`, the same as `trade solve`'s flags.
struct SolveQuery {
    static let parameters = ["timeLimit", "gap", "fix", "force", "forbid", "tier", "nearMisses", "format"]

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
    init(_ uri: URI) throws(ProblemError) {
        var problems: [ProblemDetails.Problem] = []
        let pairs = uri.queryParameters.map { (String($0.key), String($0.value)) }
        var seen: Set<String> = []
        for (key, value) in pairs {
            let path = "query.\(key)"
            let repeatable = ["fix", "force", "forbid"].contains(key)
            if !repeatable, !seen.insert(key).inserted {
                problems.append(.init(path: path, message: "give \(key) once"))
                continue
            }
            switch key {
            case "timeLimit":
                guard let seconds = Double(value), seconds > 0, seconds.isFinite else {
                    problems.append(.init(path: path, message: "expected a positive number of seconds, got '\(value)'"))
                    continue
                }
                timeLimit = .milliseconds(Int64((min(seconds, 1e9) * 1000).rounded(.up)))
            case "gap":
                guard let fraction = Double(value), fraction >= 0, fraction.isFinite else {
                    problems.append(.init(path: path, message: "expected a non-negative fraction such as 0.01, got '\(value)'"))
                    continue
                }
                gap = fraction
            case "fix":
                let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, parts[1].allSatisfy({ "0123456789.-+eE".contains($0) }),
                    let quantity = Decimal(string: parts[1], locale: Locale(identifier: "en_US_POSIX"))
                else {
                    problems.append(
                        .init(path: path, message: "expected LEVER=QUANTITY such as azure-commit=25000000, got '\(value)'"))
                    continue
                }
                if fixed[parts[0]] != nil {
                    problems.append(.init(path: path, message: "lever '\(parts[0])' is fixed twice"))
                }
                fixed[parts[0]] = quantity
            case "force", "forbid":
                guard !value.isEmpty else {
                    problems.append(.init(path: path, message: "expected a program id"))
                    continue
                }
                if key == "force" { forced.insert(value) } else { forbidden.insert(value) }
            case "tier":
                guard !value.isEmpty else {
                    problems.append(.init(path: path, message: "expected a tier id"))
                    continue
                }
                tier = value
            case "nearMisses":
                guard let flag = Bool(value) else {
                    problems.append(.init(path: path, message: "expected true or false, got '\(value)'"))
                    continue
                }
                nearMisses = flag
            case "format":
                guard let format = OfferFormat(rawValue: value) else {
                    let formats = OfferFormat.allCases.map(\.rawValue).joined(separator: ", ")
                    problems.append(.init(path: path, message: "expected \(formats), got '\(value)'"))
                    continue
                }
                self.format = format
            default:
                let known = Self.parameters.joined(separator: ", ")
                problems.append(.init(path: path, message: "unknown query parameter '\(key)'; the parameters are \(known)"))
            }
        }
        guard problems.isEmpty else {
            throw ProblemError(.malformedRequest, "the query options are wrong", problems: problems)
        }
    }

    /// The effective time limit: the request's, clamped to the service's maximum, or the maximum.
    func effectiveTimeLimit(maximum: Duration) -> Duration {
        timeLimit.map { Swift.min($0, maximum) } ?? maximum
    }

    /// The solver options, with the effective time limit.
    func options(maximumTimeLimit: Duration) -> TradeOptions {
        TradeOptions(
            timeLimit: effectiveTimeLimit(maximum: maximumTimeLimit), relativeGap: gap, fixedQuantities: fixed,
            forcedPrograms: forced, forbiddenPrograms: forbidden, forcedTier: tier)
    }
}
