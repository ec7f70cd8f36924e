/// A decision variable of a ``Model``: a handle that is valid only in the model that made it.
public struct Variable: Hashable, Sendable, Comparable {
    /// Position in the model's variables, in creation order.
    public let index: Int

    init(index: Int) { self.index = index }

    public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }
}

/// What values a variable may take.
public enum VariableKind: String, Sendable, Hashable, Codable {
    case continuous
    case integer
    /// An integer in {0, 1}; its bounds are always 0 and 1.
    case binary
}

/// A variable's definition as the model holds it.
public struct VariableDefinition: Sendable, Hashable {
    public var name: String
    public var kind: VariableKind
    /// `nil` means unbounded on that side.
    public var lowerBound: Double?
    public var upperBound: Double?
}
