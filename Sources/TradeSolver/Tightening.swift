public import Foundation
public import TradeModel

/// Facts about a scenario that every trade satisfies, used to tighten the integer program that the
/// search solves without changing its optimum (docs/performance.md, "Formulation quality").
///
/// Everything here is derived from rows every trade meets, so cutting by it removes only
/// fractional points of the LP relaxation, never a trade. Arithmetic is in `Decimal`, and every
/// rounding to a whole step is done with a slack of 1e-9 steps in the safe (looser) direction.
public struct ImpliedBounds: Sendable {
    /// Each lever's quantity range after propagation, by lever id.
    public private(set) var quantities: [String: ClosedRange<Decimal>]
    /// How many lever bounds propagation moved.
    public private(set) var tightened = 0

    /// Starts from each lever's `[min, max]` (or its fixed quantity) and propagates the buyer's
    /// constraints and Microsoft's participation (`Σ value·q ≥ hurdle`, since contributions and
    /// the discount are non-negative) until nothing moves or `rounds` passes are done. Returns
    /// nil when the bounds cross: the scenario has no trade, which the search must find and
    /// report itself.
    public init?(_ index: ScenarioIndex, fixed: [String: Decimal] = [:], rounds: Int = 4) {
        let scenario = index.scenario
        var quantities: [String: ClosedRange<Decimal>] = [:]
        var steps: [String: Decimal] = [:]
        for lever in scenario.levers {
            steps[lever.id] = lever.step
            quantities[lever.id] = fixed[lever.id].map { $0...$0 } ?? lever.min...lever.max
        }
        self.quantities = quantities
        var rows: [(form: LinearForm, atLeast: Decimal?, atMost: Decimal?)] = []
        for constraint in scenario.constraints {
            guard let form = index.linearForm(of: constraint.terms) else { continue }
            rows.append((form, constraint.atLeast, constraint.atMost))
        }
        var value = LinearForm()
        for lever in scenario.levers { value.coefficients[lever.id] = lever.value }
        value = LinearForm(coefficients: value.coefficients)
        if scenario.microsoft.hurdle > 0 && !value.coefficients.isEmpty {
            rows.append((value, scenario.microsoft.hurdle, nil))
        }
        for _ in 0..<rounds {
            var moved = false
            for row in rows {
                guard let change = propagate(row.form, atLeast: row.atLeast, atMost: row.atMost, steps: steps) else {
                    return nil
                }
                moved = moved || change
            }
            if !moved { break }
        }
    }

    /// The smallest and largest values of `form` within the propagated bounds.
    public func range(of form: LinearForm) -> ClosedRange<Decimal> {
        var low = form.constant
        var high = form.constant
        for (id, coefficient) in form.coefficients.sorted(by: { $0.key < $1.key }) {
            guard let bounds = quantities[id] else { continue }
            let a = coefficient * bounds.lowerBound
            let b = coefficient * bounds.upperBound
            low += Swift.min(a, b)
            high += Swift.max(a, b)
        }
        return low...Swift.max(low, high)
    }

    /// One pass over a row `atLeast ≤ form ≤ atMost`: each lever's bound from the others' extremes.
    /// Returns whether a bound moved, or nil when bounds cross.
    private mutating func propagate(
        _ form: LinearForm, atLeast: Decimal?, atMost: Decimal?, steps: [String: Decimal]
    ) -> Bool? {
        let range = range(of: form)
        var moved = false
        for (id, a) in form.coefficients.sorted(by: { $0.key < $1.key }) {
            guard let bounds = quantities[id], let step = steps[id] else { continue }
            // The rest of the row, without this lever's own extreme.
            let ownLow = Swift.min(a * bounds.lowerBound, a * bounds.upperBound)
            let ownHigh = Swift.max(a * bounds.lowerBound, a * bounds.upperBound)
            var low = bounds.lowerBound
            var high = bounds.upperBound
            // A bound moves only when the limit is within one step of it, which a product tells
            // without the division: Decimal division is slow, and most rows bind few levers.
            if let atMost {
                // a·q ≤ atMost − (range.low − ownLow)
                let room = atMost - (range.lowerBound - ownLow)
                if a > 0, room < a * (high + step) {
                    high = Swift.min(high, Self.stepsDown(room.dividedExactly(by: a), step))
                } else if a < 0, room < a * (low - step) {
                    low = Swift.max(low, Self.stepsUp(room.dividedExactly(by: a), step))
                }
            }
            if let atLeast {
                // a·q ≥ atLeast − (range.high − ownHigh)
                let need = atLeast - (range.upperBound - ownHigh)
                if a > 0, need > a * (low - step) {
                    low = Swift.max(low, Self.stepsUp(need.dividedExactly(by: a), step))
                } else if a < 0, need > a * (high + step) {
                    high = Swift.min(high, Self.stepsDown(need.dividedExactly(by: a), step))
                }
            }
            if low > high { return nil }
            if low != bounds.lowerBound || high != bounds.upperBound {
                quantities[id] = low...high
                tightened += 1
                moved = true
            }
        }
        return moved
    }

    /// The largest multiple of `step` at or below `value` (within 1e-9 steps, rounding up).
    static func stepsDown(_ value: Decimal, _ step: Decimal) -> Decimal {
        step * (value.dividedExactly(by: step) + stepTolerance).roundedWhole(.down)
    }

    /// The smallest multiple of `step` at or above `value` (within 1e-9 steps, rounding down).
    static func stepsUp(_ value: Decimal, _ step: Decimal) -> Decimal {
        step * (value.dividedExactly(by: step) - stepTolerance).roundedWhole(.up)
    }

    private static let stepTolerance = Decimal(sign: .plus, exponent: -9, significand: 1)

}

extension ImpliedBounds {
    /// The value `form` can actually take next to `threshold` in the direction of the condition:
    /// when every lever's coefficient times its step is whole, the form moves in multiples `g` of
    /// their greatest common divisor from its constant, so `form ≥ X` means `form ≥` the next such
    /// value at or above X (and `≤` the one at or below). Returns `threshold` unchanged otherwise.
    static func rounded(_ threshold: Decimal, of form: LinearForm, up: Bool, steps: [String: Decimal]) -> Decimal {
        var g: Int64 = 0
        for (id, coefficient) in form.coefficients {
            guard let step = steps[id] else { return threshold }
            let unit = coefficient * step
            // Only small whole multiples: gcd over Int64, with room for sums.
            guard unit.isWhole, abs(unit) < Decimal(Int64(1) << 52) else { return threshold }
            g = gcd(g, abs(NSDecimalNumber(decimal: unit).int64Value))
        }
        guard g > 0 else { return threshold }
        let units = (threshold - form.constant).dividedExactly(by: Decimal(g))
        let whole = up ? (units - stepTolerance).roundedWhole(.up) : (units + stepTolerance).roundedWhole(.down)
        return form.constant + Decimal(g) * whole
    }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? a : gcd(b, a % b) }
}
