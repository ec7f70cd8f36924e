/// Checks made before anything reaches GLPK, which aborts or silently misbehaves on bad input.
extension Model {
    /// The largest magnitude of any number handed to GLPK. Its scaling and tolerances overflow or lose
    /// all precision beyond this (a coefficient of 1e308 makes glp_scale_prob fail).
    public static let maximumMagnitude = 1e30

    /// GLPK's limit on a row or column name, in bytes.
    static let maximumNameLength = 255

    /// Every problem that would make GLPK abort or return nonsense, in model order.
    public func problems() -> [String] {
        var list = ProblemList(variables: variables)
        list.name(name, "model")
        // Sized once: growing the set by rehashing was most of this check's cost per solve.
        list.seen = Set(minimumCapacity: Swift.max(variables.count, constraints.count))
        for (index, variable) in variables.enumerated() {
            func what() -> String { "variable '\(variable.name.isEmpty ? "#\(index + 1)" : variable.name)'" }
            list.name(variable.name, "variable")
            list.finite(variable.lowerBound, "\(what()) lower bound")
            list.finite(variable.upperBound, "\(what()) upper bound")
            list.bounds(variable, what())
        }
        list.seen.removeAll(keepingCapacity: true)
        for (index, constraint) in constraints.enumerated() {
            list.constraint(constraint, number: index + 1)
        }
        list.expression(objective, "objective")
        return list.problems
    }

    /// The problems a constraint would bring if it were added: its own, and a name already in use.
    func problems(adding constraint: ConstraintDefinition) -> [String] {
        var list = ProblemList(variables: variables)
        list.constraint(constraint, number: constraints.count + 1)
        if !constraint.name.isEmpty && constraints.contains(where: { $0.name == constraint.name }) {
            list.problems.append("constraint name '\(constraint.name)' is used twice")
        }
        return list.problems
    }

    /// The problems an objective would bring.
    func problems(ofObjective objective: LinearExpression) -> [String] {
        var list = ProblemList(variables: variables)
        list.expression(objective, "objective")
        return list.problems
    }

    /// The problems new bounds of a variable would bring.
    func problems(bounding variable: Variable, lower: Double?, upper: Double?) -> [String] {
        var definition = variables[variable.index]
        (definition.lowerBound, definition.upperBound) = (lower, upper)
        if definition.kind == .binary { definition.kind = .integer }
        var list = ProblemList(variables: variables)
        func what() -> String { "variable '\(definition.name)'" }
        list.finite(lower, "\(what()) lower bound")
        list.finite(upper, "\(what()) upper bound")
        list.bounds(definition, what())
        return list.problems
    }

    /// The problems new bounds of a constraint would bring.
    func problems(bounding constraint: ConstraintReference, lower: Double?, upper: Double?) -> [String] {
        var definition = constraints[constraint.index]
        (definition.relation.lowerBound, definition.relation.upperBound) = (lower, upper)
        var list = ProblemList(variables: variables)
        list.constraint(definition, number: constraint.index + 1)
        return list.problems
    }

    /// Whether a name has whitespace or a control character, which GLPK's LP and MPS writers cannot
    /// carry. ASCII names, the usual case, are checked byte by byte without Unicode property lookups.
    static func hasWhitespaceOrControl(_ name: String) -> Bool {
        var isASCII = true
        for byte in name.utf8 {
            if byte >= 0x80 {
                isASCII = false
                break
            }
            if byte <= 0x20 || byte == 0x7f { return true }
        }
        if isASCII { return false }
        return name.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f }
    }

    /// The constraints, bounds and integrality requirements that `values` break, beyond a tolerance
    /// of 1e-6 relative to each bound (at least 1e-6 absolute) or, for a constraint, to the sum of
    /// its terms' magnitudes when that is larger (an LP's rounding grows with its terms): a check on
    /// a solver's answer or a start offered to it.
    public func violations(of values: [Double]) -> [String] {
        guard values.count == variables.count else {
            return ["expected \(variables.count) values, got \(values.count)"]
        }
        func beyond(_ value: Double, _ lower: Double?, _ upper: Double?, scale: Double = 1) -> Bool {
            if let lower, value < lower - 1e-6 * Swift.max(scale, abs(lower)) { return true }
            if let upper, value > upper + 1e-6 * Swift.max(scale, abs(upper)) { return true }
            return false
        }
        var found: [String] = []
        for (index, variable) in variables.enumerated() {
            let value = values[index]
            if beyond(value, variable.lowerBound, variable.upperBound) {
                found.append("variable '\(variable.name)' = \(value) is outside its bounds")
            }
            if variable.kind != .continuous && abs(value - value.rounded()) > 1e-6 {
                found.append("variable '\(variable.name)' = \(value) is not integral")
            }
        }
        for constraint in constraints {
            // Summed unsorted: this runs before every search with a start. The message sums in
            // variable order, so that it reads the same on every run.
            let expression = constraint.relation.expression
            var activity = expression.constant
            var magnitude = 1.0
            for (variable, coefficient) in expression.coefficients {
                let term = coefficient * values[variable.index]
                activity += term
                magnitude += abs(term)
            }
            if beyond(activity, constraint.relation.lowerBound, constraint.relation.upperBound, scale: magnitude) {
                let activity = expression.evaluate(values)
                found.append("constraint '\(constraint.name)' has activity \(activity) outside its bounds")
            }
        }
        return found
    }

    /// Throws ``ModelError/Code/invalidModel`` listing every problem, if there are any.
    func validate() throws(ModelError) {
        let problems = problems()
        if !problems.isEmpty { throw ModelError(.invalidModel, problems) }
    }

    /// Names for GLPK: the model's own, or `x1`, `r1`, … where a name is empty.
    var columnNames: [String] {
        variables.enumerated().map { $0.element.name.isEmpty ? "x\($0.offset + 1)" : $0.element.name }
    }

    var rowNames: [String] {
        constraints.enumerated().map { $0.element.name.isEmpty ? "r\($0.offset + 1)" : $0.element.name }
    }

    /// Integer variables' bounds rounded inward, so GLPK sees integral bounds.
    var integralized: Model {
        var copy = self
        for (index, variable) in variables.enumerated() where variable.kind == .integer {
            copy.variables[index] = variable.integralized
        }
        return copy
    }
}

extension VariableDefinition {
    /// An integer variable's bounds rounded inward (within 1e-9 of an integer counts as on it).
    var integralized: VariableDefinition {
        guard kind == .integer else { return self }
        var copy = self
        copy.lowerBound = lowerBound.map { ($0 - 1e-9).rounded(.up) }
        copy.upperBound = upperBound.map { ($0 + 1e-9).rounded(.down) }
        return copy
    }
}

/// Collects, in order, what would make GLPK abort or return nonsense. The descriptions are
/// autoclosures: the checks run before every solve, and problems are rare, so a string is built
/// only for a problem found.
private struct ProblemList {
    let variables: [VariableDefinition]
    var problems: [String] = []
    var seen: Set<String> = []

    mutating func name(_ name: String, _ what: String) {
        if name.utf8.count > Model.maximumNameLength {
            problems.append("\(what) name '\(name.prefix(40))…' is longer than \(Model.maximumNameLength) bytes")
        }
        if Model.hasWhitespaceOrControl(name) {
            problems.append("\(what) name '\(name)' contains whitespace or control characters")
        }
        if !name.isEmpty && !seen.insert(name).inserted { problems.append("\(what) name '\(name)' is used twice") }
    }

    mutating func finite(_ value: Double?, _ what: @autoclosure () -> String) {
        guard let value else { return }
        if !value.isFinite {
            problems.append("\(what()) is \(value); numbers must be finite")
        } else if abs(value) > Model.maximumMagnitude {
            problems.append("\(what()) is \(value); magnitudes above \(Model.maximumMagnitude) are refused")
        }
    }

    mutating func expression(_ expression: LinearExpression, _ what: @autoclosure () -> String) {
        finite(expression.constant, "\(what()) constant")
        for (variable, coefficient) in expression.terms {
            if variable.index < 0 || variable.index >= variables.count {
                problems.append("\(what()) uses a variable that is not in this model")
            } else {
                let variables = self.variables
                finite(coefficient, "\(what()) coefficient of '\(variables[variable.index].name)'")
            }
        }
    }

    mutating func bounds(_ variable: VariableDefinition, _ what: @autoclosure () -> String) {
        if let lower = variable.lowerBound, let upper = variable.upperBound, lower > upper {
            problems.append("\(what()) has lower bound \(lower) above upper bound \(upper)")
        }
        if variable.kind == .integer, let lower = variable.lowerBound, let upper = variable.upperBound,
            lower.isFinite, upper.isFinite, lower <= upper, lower.rounded(.up) > upper.rounded(.down)
        {
            problems.append("\(what()) is integer but no integer lies between \(lower) and \(upper)")
        }
    }

    mutating func constraint(_ constraint: ConstraintDefinition, number: Int) {
        func what() -> String { "constraint '\(constraint.name.isEmpty ? "#\(number)" : constraint.name)'" }
        name(constraint.name, "constraint")
        expression(constraint.relation.expression, what())
        finite(constraint.relation.lowerBound, "\(what()) lower bound")
        finite(constraint.relation.upperBound, "\(what()) upper bound")
        if let lower = constraint.relation.lowerBound, let upper = constraint.relation.upperBound, lower > upper {
            problems.append("\(what()) has lower bound \(lower) above upper bound \(upper)")
        }
    }
}
