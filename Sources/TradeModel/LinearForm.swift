public import Foundation

/// A linear expression over lever quantities: `constant + sum(coefficient * quantity)`.
///
/// Metrics are expanded away, so the keys are lever ids only. Terms with a zero coefficient are left out.
public struct LinearForm: Sendable, Hashable {
    /// Lever id → coefficient.
    public var coefficients: [String: Decimal]
    /// The value of the form with every lever at 0.
    public var constant: Decimal

    /// A form with the given coefficients (zeros dropped) and constant.
    public init(coefficients: [String: Decimal] = [:], constant: Decimal = 0) {
        self.coefficients = coefficients.filter { !$0.value.isZero }
        self.constant = constant
    }

    /// Adds `factor` times `other` to this form.
    mutating func add(_ other: LinearForm, times factor: Decimal) {
        for (id, coefficient) in other.coefficients {
            let sum = coefficients[id, default: 0] + factor * coefficient
            coefficients[id] = sum.isZero ? nil : sum
        }
        constant += factor * other.constant
    }
}
