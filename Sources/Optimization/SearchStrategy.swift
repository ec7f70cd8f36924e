/// How branch and bound explores the tree: GLPK's branching and backtracking rules and which of its
/// cut generators run. The defaults are GLPK's own; a caller that has measured its models (the
/// trade solver does, see docs/performance.md) picks its own.
public struct SearchStrategy: Sendable, Hashable {
    /// Which fractional variable to branch on (GLPK's `br_tech`).
    public enum Branching: String, Sendable, Hashable, CaseIterable {
        case firstFractional = "first"
        case lastFractional = "last"
        case mostFractional = "most"
        /// Driebeck and Tomlin's penalty heuristic, GLPK's default.
        case driebeckTomlin = "driebeck-tomlin"
        /// Hybrid pseudo-cost branching.
        case pseudoCost = "pseudocost"
    }

    /// Which open subproblem to solve next (GLPK's `bt_tech`).
    public enum Backtracking: String, Sendable, Hashable, CaseIterable {
        case depthFirst = "depth-first"
        case breadthFirst = "breadth-first"
        /// The node with the best local bound, GLPK's default.
        case bestLocalBound = "best-local"
        case bestProjection = "best-projection"
    }

    /// GLPK's cutting-plane generators, all off by default.
    public struct Cuts: OptionSet, Sendable, Hashable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// Gomory's mixed integer cuts.
        public static let gomory = Cuts(rawValue: 1)
        /// Mixed integer rounding cuts.
        public static let mixedIntegerRounding = Cuts(rawValue: 2)
        /// Mixed cover cuts.
        public static let cover = Cuts(rawValue: 4)
        /// Clique cuts.
        public static let clique = Cuts(rawValue: 8)
        public static let all: Cuts = [.gomory, .mixedIntegerRounding, .cover, .clique]

        /// The names used on the command line and in docs: `gmi`, `mir`, `cov`, `clq`.
        public static let names: [(String, Cuts)] = [
            ("gmi", .gomory), ("mir", .mixedIntegerRounding), ("cov", .cover), ("clq", .clique),
        ]

        /// Parses `none`, `all` or a comma-separated list of names; `nil` for anything else.
        public init?(names text: String) {
            if text == "none" { self = []; return }
            if text == "all" { self = .all; return }
            var cuts: Cuts = []
            for name in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let cut = Self.names.first(where: { $0.0 == name })?.1 else { return nil }
                cuts.insert(cut)
            }
            self = cuts
        }

        /// `none`, or the names joined by commas.
        public var names: String {
            let named = Self.names.filter { contains($0.1) }.map(\.0)
            return named.isEmpty ? "none" : named.joined(separator: ",")
        }
    }

    public var branching: Branching
    public var backtracking: Backtracking
    public var cuts: Cuts

    public init(branching: Branching = .driebeckTomlin, backtracking: Backtracking = .bestLocalBound, cuts: Cuts = []) {
        self.branching = branching
        self.backtracking = backtracking
        self.cuts = cuts
    }

    /// GLPK's own defaults.
    public static let glpkDefault = SearchStrategy()

    /// Whether GLPK accepts it: an option set built from a raw value may carry unknown bits.
    var isValid: Bool { cuts.rawValue & ~Cuts.all.rawValue == 0 }
}
