/// A linear or mixed-integer program: variables, named constraints and one objective.
///
/// A model is a plain value: building it touches no C code and cannot fail. Everything is checked
/// when it is solved or exported, where ``ModelError`` lists every problem at once.
public struct Model: Sendable, Hashable {
    /// Whether the objective is maximized or minimized.
    public enum Sense: String, Sendable, Hashable, Codable {
        case maximize, minimize
    }

    public var name: String
    public internal(set) var variables: [VariableDefinition] = []
    public internal(set) var constraints: [ConstraintDefinition] = []
    public var sense: Sense = .maximize
    public var objective: LinearExpression = LinearExpression()

    public init(name: String = "model") { self.name = name }

    /// Whether any variable is integer or binary.
    public var isMixedInteger: Bool { variables.contains { $0.kind != .continuous } }

    /// Adds a variable. Binary variables always have bounds 0 and 1.
    @discardableResult
    public mutating func addVariable(
        _ name: String, kind: VariableKind = .continuous, lowerBound: Double? = 0, upperBound: Double? = nil
    ) -> Variable {
        let bounds: (Double?, Double?) = kind == .binary ? (0, 1) : (lowerBound, upperBound)
        variables.append(VariableDefinition(name: name, kind: kind, lowerBound: bounds.0, upperBound: bounds.1))
        return Variable(index: variables.count - 1)
    }

    /// Adds a named constraint such as `x + 2 * y <= 10`.
    @discardableResult
    public mutating func addConstraint(_ name: String, _ relation: LinearRelation) -> ConstraintReference {
        constraints.append(ConstraintDefinition(name: name, relation: relation))
        return ConstraintReference(index: constraints.count - 1)
    }

    /// Sets the objective to maximize or minimize.
    public mutating func setObjective(_ sense: Sense, _ expression: LinearExpression) {
        self.sense = sense
        objective = expression
    }

    /// Sets the objective to maximize or minimize a single variable.
    public mutating func setObjective(_ sense: Sense, _ variable: Variable) {
        setObjective(sense, LinearExpression(variable))
    }

    /// Changes a variable's bounds; for a binary variable this makes it integer with those bounds.
    public mutating func setBounds(of variable: Variable, lower: Double?, upper: Double?) {
        if variables[variable.index].kind == .binary { variables[variable.index].kind = .integer }
        variables[variable.index].lowerBound = lower
        variables[variable.index].upperBound = upper
    }

    /// Changes a constraint's bounds, keeping its expression.
    public mutating func setBounds(of constraint: ConstraintReference, lower: Double?, upper: Double?) {
        constraints[constraint.index].relation.lowerBound = lower
        constraints[constraint.index].relation.upperBound = upper
    }

    /// The continuous model left when every integer and binary variable is fixed at its value in
    /// `values`, rounded to the nearest integer: the LP whose duals and ranges describe a MIP
    /// solution, valid while the discrete decisions stay as they are.
    public func fixingIntegers(at values: [Double]) -> Model {
        var copy = self
        for (index, variable) in variables.enumerated() where variable.kind != .continuous {
            let value = values[index].rounded()
            copy.variables[index] = VariableDefinition(
                name: variable.name, kind: .continuous, lowerBound: value, upperBound: value)
        }
        return copy
    }

    /// The definition behind a variable handle.
    public subscript(variable: Variable) -> VariableDefinition { variables[variable.index] }

    /// The definition behind a constraint handle.
    public subscript(constraint: ConstraintReference) -> ConstraintDefinition { constraints[constraint.index] }

    /// The constraint with this name, if any.
    public func constraint(named name: String) -> ConstraintReference? {
        constraints.firstIndex { $0.name == name }.map(ConstraintReference.init(index:))
    }

    /// The variable with this name, if any.
    public func variable(named name: String) -> Variable? {
        variables.firstIndex { $0.name == name }.map(Variable.init(index:))
    }
}

/// A handle to one of a model's constraints (a row).
public struct ConstraintReference: Hashable, Sendable, Comparable {
    public let index: Int
    init(index: Int) { self.index = index }
    public static func < (lhs: ConstraintReference, rhs: ConstraintReference) -> Bool { lhs.index < rhs.index }
}

/// A named constraint as the model holds it.
public struct ConstraintDefinition: Sendable, Hashable {
    public var name: String
    public var relation: LinearRelation
}
