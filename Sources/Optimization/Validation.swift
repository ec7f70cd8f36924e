/// Checks made before anything reaches GLPK, which aborts or silently misbehaves on bad input.
extension Model {
    /// The largest magnitude of any number handed to GLPK. Its scaling and tolerances overflow or lose
    /// all precision beyond this (a coefficient of 1e308 makes glp_scale_prob fail).
    public static let maximumMagnitude = 1e30

    /// GLPK's limit on a row or column name, in bytes.
    static let maximumNameLength = 255

    /// Every problem that would make GLPK abort or return nonsense, in model order.
    public func problems() -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        // The descriptions are autoclosures: this runs before every solve, and a model's problems are
        // rare, so the strings are built only for a problem found.
        func checkName(_ name: String, _ what: String) {
            if name.utf8.count > Self.maximumNameLength {
                problems.append("\(what) name '\(name.prefix(40))…' is longer than \(Self.maximumNameLength) bytes")
            }
            if Self.hasWhitespaceOrControl(name) {
                problems.append("\(what) name '\(name)' contains whitespace or control characters")
            }
            if !name.isEmpty && !seen.insert(name).inserted { problems.append("\(what) name '\(name)' is used twice") }
        }
        func checkFinite(_ value: Double?, _ what: @autoclosure () -> String) {
            guard let value else { return }
            if !value.isFinite {
                problems.append("\(what()) is \(value); numbers must be finite")
            } else if abs(value) > Self.maximumMagnitude {
                problems.append("\(what()) is \(value); magnitudes above \(Self.maximumMagnitude) are refused")
            }
        }
        func checkExpression(_ expression: LinearExpression, _ what: @autoclosure () -> String) {
            checkFinite(expression.constant, "\(what()) constant")
            for (variable, coefficient) in expression.terms {
                if variable.index < 0 || variable.index >= variables.count {
                    problems.append("\(what()) uses a variable that is not in this model")
                } else {
                    checkFinite(coefficient, "\(what()) coefficient of '\(variables[variable.index].name)'")
                }
            }
        }
        checkName(name, "model")
        // Sized once: growing the set by rehashing was most of this check's cost per solve.
        seen = Set(minimumCapacity: Swift.max(variables.count, constraints.count))
        for (index, variable) in variables.enumerated() {
            func what() -> String { "variable '\(variable.name.isEmpty ? "#\(index + 1)" : variable.name)'" }
            checkName(variable.name, "variable")
            checkFinite(variable.lowerBound, "\(what()) lower bound")
            checkFinite(variable.upperBound, "\(what()) upper bound")
            if let lower = variable.lowerBound, let upper = variable.upperBound, lower > upper {
                problems.append("\(what()) has lower bound \(lower) above upper bound \(upper)")
            }
            if variable.kind == .integer, let lower = variable.lowerBound, let upper = variable.upperBound,
                lower.isFinite, upper.isFinite, lower <= upper, lower.rounded(.up) > upper.rounded(.down)
            {
                problems.append("\(what()) is integer but no integer lies between \(lower) and \(upper)")
            }
        }
        seen.removeAll(keepingCapacity: true)
        for (index, constraint) in constraints.enumerated() {
            func what() -> String { "constraint '\(constraint.name.isEmpty ? "#\(index + 1)" : constraint.name)'" }
            checkName(constraint.name, "constraint")
            checkExpression(constraint.relation.expression, what())
            checkFinite(constraint.relation.lowerBound, "\(what()) lower bound")
            checkFinite(constraint.relation.upperBound, "\(what()) upper bound")
            if let lower = constraint.relation.lowerBound, let upper = constraint.relation.upperBound, lower > upper {
                problems.append("\(what()) has lower bound \(lower) above upper bound \(upper)")
            }
        }
        checkExpression(objective, "objective")
        return problems
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
    /// of 1e-6 relative to each bound (at least 1e-6 absolute): a check on a solver's answer.
    public func violations(of values: [Double]) -> [String] {
        guard values.count == variables.count else { return ["expected \(variables.count) values, got \(values.count)"] }
        func beyond(_ value: Double, _ lower: Double?, _ upper: Double?) -> Bool {
            if let lower, value < lower - 1e-6 * Swift.max(1, abs(lower)) { return true }
            if let upper, value > upper + 1e-6 * Swift.max(1, abs(upper)) { return true }
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
            let activity = constraint.relation.expression.evaluate(values)
            if beyond(activity, constraint.relation.lowerBound, constraint.relation.upperBound) {
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
            copy.variables[index].lowerBound = variable.lowerBound.map { ($0 - 1e-9).rounded(.up) }
            copy.variables[index].upperBound = variable.upperBound.map { ($0 + 1e-9).rounded(.down) }
        }
        return copy
    }
}
