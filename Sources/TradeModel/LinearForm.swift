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

extension Scenario {
    /// The first lever with this id.
    public func lever(id: String) -> Lever? { levers.first { $0.id == id } }

    /// The first metric with this id.
    public func metric(id: String) -> Metric? { metrics.first { $0.id == id } }

    /// The first program with this id.
    public func program(id: String) -> Program? { programs.first { $0.id == id } }

    /// A lever's quantity (coefficient 1) or a metric expanded into levers; nil for an unknown id or a metric
    /// that uses an unknown id, itself or a later metric.
    public func linearForm(of id: String) -> LinearForm? {
        if lever(id: id) != nil { return LinearForm(coefficients: [id: 1]) }
        guard let index = metrics.firstIndex(where: { $0.id == id }) else { return nil }
        return metricForms(through: index)[index]
    }

    /// `constant + sum(coefficient * term)` with every metric expanded into levers; nil if any term cannot be.
    public func linearForm(of terms: [Term], constant: Decimal = 0) -> LinearForm? {
        let forms = metricForms(through: metrics.count - 1)
        var result = LinearForm(constant: constant)
        for term in terms {
            guard let form = form(of: term.id, metricForms: forms, before: metrics.count) else { return nil }
            result.add(form, times: term.coefficient)
        }
        return result
    }

    /// The smallest and largest values of `form` with each lever anywhere in its `[min, max]`.
    public func reachableRange(of form: LinearForm) -> ClosedRange<Decimal> {
        var low = form.constant
        var high = form.constant
        // Sorted so that the sums are built in the same order every time.
        for (id, coefficient) in form.coefficients.sorted(by: { $0.key < $1.key }) {
            guard let lever = lever(id: id) else { continue }
            let atMin = coefficient * lever.min
            let atMax = coefficient * lever.max
            low += Swift.min(atMin, atMax)
            high += Swift.max(atMin, atMax)
        }
        return low...Swift.max(low, high)
    }

    /// The expansion of every metric up to `last`, each using only the metrics before it; nil where that fails.
    func metricForms(through last: Int) -> [LinearForm?] {
        var forms: [LinearForm?] = []
        guard last >= 0 else { return forms }
        for index in 0...last {
            var result: LinearForm? = LinearForm(constant: metrics[index].constant)
            for term in metrics[index].terms {
                guard let form = form(of: term.id, metricForms: forms, before: index) else {
                    result = nil
                    break
                }
                result?.add(form, times: term.coefficient)
            }
            forms.append(result)
        }
        return forms
    }

    /// A lever, or a metric listed before `before` whose expansion is already in `metricForms`.
    private func form(of id: String, metricForms: [LinearForm?], before: Int) -> LinearForm? {
        if lever(id: id) != nil { return LinearForm(coefficients: [id: 1]) }
        guard let index = metrics.firstIndex(where: { $0.id == id }), index < before, index < metricForms.count
        else { return nil }
        return metricForms[index]
    }
}
