public import Foundation

/// A scenario's elements by id and every metric expanded into levers, computed once.
///
/// Explaining, formulating and validating a scenario look ids up and expand metrics once per
/// condition, term and row; searching the lists and expanding every metric again on each call made
/// that quadratic to cubic in the scenario's size (docs/performance.md). Build one index per
/// scenario, in time linear in its size (and the size of the expansions), and ask it instead.
///
/// Where ids repeat (an invalid scenario), the first element with the id wins. A lever and a metric
/// with the same id: the lever wins.
public struct ScenarioIndex: Sendable {
    public let scenario: Scenario
    private let leverPositions: [String: Int]
    private let metricPositions: [String: Int]
    private let programPositions: [String: Int]
    private let constraintPositions: [String: Int]
    /// Each metric's expansion, by position; nil where it uses an unknown id, itself or a later metric.
    private let metricForms: [LinearForm?]

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        leverPositions = Self.firstPositions(of: scenario.levers.map(\.id))
        let metricPositions = Self.firstPositions(of: scenario.metrics.map(\.id))
        self.metricPositions = metricPositions
        programPositions = Self.firstPositions(of: scenario.programs.map(\.id))
        constraintPositions = Self.firstPositions(of: scenario.constraints.map(\.id))
        // Each metric uses only the metrics before it, so one pass in document order expands them all.
        var forms: [LinearForm?] = []
        forms.reserveCapacity(scenario.metrics.count)
        for metric in scenario.metrics {
            var result: LinearForm? = LinearForm(constant: metric.constant)
            for term in metric.terms {
                // `forms` holds the metrics before this one: itself and later ones are not there yet.
                guard let form = Self.form(of: term.id, levers: leverPositions, metrics: metricPositions, forms: forms)
                else {
                    result = nil
                    break
                }
                result?.add(form, times: term.coefficient)
            }
            forms.append(result)
        }
        metricForms = forms
    }

    /// Each id's first position in `ids`.
    private static func firstPositions(of ids: [String]) -> [String: Int] {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(ids.count)
        for (position, id) in ids.enumerated() where positions[id] == nil { positions[id] = position }
        return positions
    }

    /// A lever, or a metric whose expansion is already in `forms`.
    private static func form(
        of id: String, levers: [String: Int], metrics: [String: Int], forms: [LinearForm?]
    ) -> LinearForm? {
        if levers[id] != nil { return LinearForm(coefficients: [id: 1]) }
        guard let position = metrics[id], position < forms.count else { return nil }
        return forms[position]
    }

    /// The first lever with this id.
    public func lever(id: String) -> Lever? { leverPositions[id].map { scenario.levers[$0] } }

    /// The first metric with this id.
    public func metric(id: String) -> Metric? { metricPositions[id].map { scenario.metrics[$0] } }

    /// The position of the first metric with this id in `scenario.metrics`.
    public func metricPosition(id: String) -> Int? { metricPositions[id] }

    /// The first program with this id.
    public func program(id: String) -> Program? { programPositions[id].map { scenario.programs[$0] } }

    /// The first buyer constraint with this id.
    public func constraint(id: String) -> BuyerConstraint? { constraintPositions[id].map { scenario.constraints[$0] } }

    /// A lever's quantity (coefficient 1) or a metric expanded into levers; nil for an unknown id or a metric
    /// that uses an unknown id, itself or a later metric.
    public func linearForm(of id: String) -> LinearForm? {
        Self.form(of: id, levers: leverPositions, metrics: metricPositions, forms: metricForms)
    }

    /// `constant + sum(coefficient * term)` with every metric expanded into levers; nil if any term cannot be.
    public func linearForm(of terms: [Term], constant: Decimal = 0) -> LinearForm? {
        var result = LinearForm(constant: constant)
        for term in terms {
            guard let form = linearForm(of: term.id) else { return nil }
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
}
