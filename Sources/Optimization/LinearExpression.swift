/// A sum of coefficient × variable terms plus a constant.
///
/// Terms are kept merged per variable, so an expression never holds the same variable twice.
public struct LinearExpression: Sendable, Hashable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// Coefficient per variable; zero coefficients are dropped.
    public private(set) var coefficients: [Variable: Double]
    public var constant: Double

    public init(_ coefficients: [Variable: Double] = [:], constant: Double = 0) {
        self.coefficients = coefficients.filter { $0.value != 0 }
        self.constant = constant
    }

    public init(_ variable: Variable) { self.init([variable: 1]) }
    public init(floatLiteral value: Double) { self.init(constant: value) }
    public init(integerLiteral value: Int) { self.init(constant: Double(value)) }

    /// The terms in variable order, so that everything built from an expression is deterministic.
    public var terms: [(variable: Variable, coefficient: Double)] {
        coefficients.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Adds `coefficient × variable` to the expression.
    public mutating func add(_ coefficient: Double, _ variable: Variable) {
        let sum = coefficients[variable, default: 0] + coefficient
        coefficients[variable] = sum == 0 ? nil : sum
    }

    /// Adds `factor × other` to the expression.
    public mutating func add(_ other: LinearExpression, times factor: Double = 1) {
        for (variable, coefficient) in other.coefficients { add(factor * coefficient, variable) }
        constant += factor * other.constant
    }

    /// The expression's value for the given variable values (indexed by ``Variable/index``).
    public func evaluate(_ values: [Double]) -> Double {
        terms.reduce(constant) { $0 + $1.coefficient * values[$1.variable.index] }
    }

    /// The sum of several expressions.
    public static func sum<S: Sequence>(_ parts: S) -> LinearExpression where S.Element == LinearExpression {
        var total = LinearExpression()
        for part in parts { total.add(part) }
        return total
    }
}

// MARK: - Operators

extension LinearExpression {
    public static func + (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
        var result = lhs
        result.add(rhs)
        return result
    }

    public static func - (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
        var result = lhs
        result.add(rhs, times: -1)
        return result
    }

    public static prefix func - (operand: LinearExpression) -> LinearExpression {
        LinearExpression() - operand
    }

    public static func * (factor: Double, expression: LinearExpression) -> LinearExpression {
        var result = LinearExpression()
        result.add(expression, times: factor)
        return result
    }

    public static func * (expression: LinearExpression, factor: Double) -> LinearExpression { factor * expression }

    public static func += (lhs: inout LinearExpression, rhs: LinearExpression) { lhs.add(rhs) }
    public static func -= (lhs: inout LinearExpression, rhs: LinearExpression) { lhs.add(rhs, times: -1) }
}

extension Variable {
    public static func + (lhs: Variable, rhs: Variable) -> LinearExpression { LinearExpression(lhs) + LinearExpression(rhs) }
    public static func - (lhs: Variable, rhs: Variable) -> LinearExpression { LinearExpression(lhs) - LinearExpression(rhs) }
    public static func + (lhs: LinearExpression, rhs: Variable) -> LinearExpression { lhs + LinearExpression(rhs) }
    public static func - (lhs: LinearExpression, rhs: Variable) -> LinearExpression { lhs - LinearExpression(rhs) }
    public static func + (lhs: Variable, rhs: LinearExpression) -> LinearExpression { LinearExpression(lhs) + rhs }
    public static func - (lhs: Variable, rhs: LinearExpression) -> LinearExpression { LinearExpression(lhs) - rhs }
    public static func * (factor: Double, variable: Variable) -> LinearExpression { LinearExpression([variable: factor]) }
    public static func * (variable: Variable, factor: Double) -> LinearExpression { factor * variable }
    public static prefix func - (variable: Variable) -> LinearExpression { -1 * variable }
}

// MARK: - Relations

/// `lower ≤ expression ≤ upper`, the form every constraint takes; built with `<=`, `>=` and `==`.
public struct LinearRelation: Sendable, Hashable {
    /// The variable part; constants of both sides are moved into the bounds.
    public var expression: LinearExpression
    public var lowerBound: Double?
    public var upperBound: Double?

    public init(_ expression: LinearExpression, lowerBound: Double?, upperBound: Double?) {
        var variablePart = expression
        let shift = variablePart.constant
        variablePart.constant = 0
        self.expression = variablePart
        self.lowerBound = lowerBound.map { $0 - shift }
        self.upperBound = upperBound.map { $0 - shift }
    }

    /// `expression ∈ range`, a ranged row.
    public init(_ expression: LinearExpression, in range: ClosedRange<Double>) {
        self.init(expression, lowerBound: range.lowerBound, upperBound: range.upperBound)
    }
}

extension LinearExpression {
    public static func <= (lhs: LinearExpression, rhs: LinearExpression) -> LinearRelation {
        LinearRelation(lhs - rhs, lowerBound: nil, upperBound: 0)
    }

    public static func >= (lhs: LinearExpression, rhs: LinearExpression) -> LinearRelation {
        LinearRelation(lhs - rhs, lowerBound: 0, upperBound: nil)
    }

    public static func == (lhs: LinearExpression, rhs: LinearExpression) -> LinearRelation {
        LinearRelation(lhs - rhs, lowerBound: 0, upperBound: 0)
    }

    public static func <= (lhs: Variable, rhs: LinearExpression) -> LinearRelation { LinearExpression(lhs) <= rhs }
    public static func >= (lhs: Variable, rhs: LinearExpression) -> LinearRelation { LinearExpression(lhs) >= rhs }
    public static func == (lhs: Variable, rhs: LinearExpression) -> LinearRelation { LinearExpression(lhs) == rhs }
}
