/// Why a model could not be handed to the solver, or why the solver could not run.
///
/// Follows swift-nio's pattern: a struct with an extensible ``Code``, so new cases break no caller.
public struct ModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case invalidModel, solverFailure, fatalSolverError, fileError, staleProblem, sensitivityUnavailable
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The model breaks a rule checked before any C call: a non-finite number, inconsistent
        /// bounds, a bad name, a variable from another model.
        public static let invalidModel = Code(.invalidModel)
        /// GLPK could not run the solve (for example a singular basis it could not repair).
        public static let solverFailure = Code(.solverFailure)
        /// GLPK hit a fatal error; its environment on this thread was reset and the process lives on.
        public static let fatalSolverError = Code(.fatalSolverError)
        /// Reading or writing an exported file failed.
        public static let fileError = Code(.fileError)
        /// A GLPK problem was used after a fatal error on its thread invalidated it.
        public static let staleProblem = Code(.staleProblem)
        /// Sensitivity was asked of a model that has no optimal basis: a MIP whose integers are not
        /// fixed, an infeasible or unbounded LP, or a solve stopped by a limit.
        public static let sensitivityUnavailable = Code(.sensitivityUnavailable)

        public var description: String {
            switch value {
            case .invalidModel: "invalid model"
            case .solverFailure: "solver failure"
            case .fatalSolverError: "fatal solver error"
            case .fileError: "file error"
            case .staleProblem: "stale problem"
            case .sensitivityUnavailable: "sensitivity unavailable"
            }
        }
    }

    public var code: Code
    /// Each problem found, in model order.
    public var messages: [String]

    public init(_ code: Code, _ messages: [String]) {
        self.code = code
        self.messages = messages
    }

    public init(_ code: Code, _ message: String) { self.init(code, [message]) }

    public var description: String { "\(code): " + messages.joined(separator: "; ") }
}
