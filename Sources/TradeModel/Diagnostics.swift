/// One problem found in a scenario, with where it is.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
    }

    public var severity: Severity
    /// Where in the document, for example `programs[2].funding.base`; empty for the whole document.
    public var path: String
    /// What is wrong and, where it can say, what would fix it.
    public var message: String
    /// 1-based line and column in the file, where the parser gives one.
    public var line: Int?
    public var column: Int?

    public init(_ severity: Severity, path: String, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.severity = severity
        self.path = path
        self.message = message
        self.line = line
        self.column = column
    }

    /// `line 12: programs[2].funding.base: unknown metric or lever 'migraton-cost' (did you mean 'migration-cost'?)`
    public var description: String {
        let location = line.map { "line \($0): " } ?? ""
        let prefix = path.isEmpty ? "" : "\(path): "
        return "\(location)\(prefix)\(message)"
    }
}

/// A scenario that cannot be solved: every error found, each with its path, and any warnings.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// True when the text is not one well-formed YAML or JSON document, so no scenario was read at all.
    public var isSyntaxError: Bool

    public init(diagnostics: [Diagnostic], isSyntaxError: Bool = false) {
        self.diagnostics = diagnostics
        self.isSyntaxError = isSyntaxError
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A scenario that passed validation, with the warnings that do not stop a solve.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    public var warnings: [Diagnostic]

    public init(scenario: Scenario, warnings: [Diagnostic]) {
        self.scenario = scenario
        self.warnings = warnings
    }
}
