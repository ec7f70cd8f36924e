public import Foundation
public import TradeModel

/// A lever's convex piecewise-linear cost, measured from the lever's minimum, in exact decimals.
public struct CostCurve: Sendable {
    public let lever: Lever

    public init(_ lever: Lever) { self.lever = lever }

    /// `C(q)`: the integral of the slope from `min` to `q` (negative below `min`).
    public func cost(at quantity: Decimal) -> Decimal {
        let start = lever.min
        if quantity >= start {
            return integral(from: start, to: quantity)
        }
        return -integral(from: quantity, to: start)
    }

    /// The slope in force at `x`: that of the last segment starting at or before it.
    public func slope(at x: Decimal) -> Decimal {
        lever.cost.last { $0.from <= x }?.perUnit ?? lever.cost.first?.perUnit ?? 0
    }

    /// ∫ slope over [a, b], a ≤ b.
    private func integral(from a: Decimal, to b: Decimal) -> Decimal {
        guard !lever.cost.isEmpty, a < b else { return 0 }
        var total: Decimal = 0
        for (index, segment) in lever.cost.enumerated() {
            // The first segment reaches back without limit, the last forward without limit.
            let start = index == 0 ? Swift.min(a, segment.from) : segment.from
            let end = index + 1 < lever.cost.count ? lever.cost[index + 1].from : Swift.max(b, segment.from)
            let low = Swift.max(start, a)
            let high = Swift.min(end, b)
            if high > low { total += segment.perUnit * (high - low) }
        }
        return total
    }
}
