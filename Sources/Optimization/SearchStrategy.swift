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

    /// Which simplex method solves the LPs (GLPK's `meth`); the root relaxation is most of the
    /// time on large models (docs/performance.md, "XL").
    public enum Simplex: String, Sendable, Hashable, CaseIterable {
        /// The primal simplex, GLPK's default.
        case primal
        /// The dual simplex, falling back to the primal if it fails (GLPK's `GLP_DUALP`).
        case dual
    }

    /// The basis the root relaxation starts from when there is none yet.
    public enum InitialBasis: String, Sendable, Hashable, CaseIterable {
        /// Every row basic (GLPK's `glp_std_basis`), GLPK's default.
        case standard
        /// A triangular basis (`glp_adv_basis`), what glpsol builds by default.
        case advanced
        /// Bixby's crash basis (`glp_cpx_basis`).
        case bixby
    }

    /// GLPK's primal heuristics that are off by default (simple rounding is always on).
    public struct Heuristics: OptionSet, Sendable, Hashable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// The feasibility pump (`fp_heur`), run at the root.
        public static let feasibilityPump = Heuristics(rawValue: 1)
        /// Proximity search (`ps_heur`) around the incumbent, within the time limit.
        public static let proximitySearch = Heuristics(rawValue: 2)
        public static let all: Heuristics = [.feasibilityPump, .proximitySearch]
    }

    public var branching: Branching
    public var backtracking: Backtracking
    public var cuts: Cuts
    public var simplex: Simplex
    public var initialBasis: InitialBasis
    /// Whether GLPK's LP presolver runs on the root relaxation when the MIP presolver is off (the
    /// default for the trade solver, which offers MIP starts), and on every LP of a solve. GLPK
    /// restores an optimal basis of the whole program after it, which the branch and bound starts
    /// from.
    public var presolvesRelaxation: Bool
    public var heuristics: Heuristics
    /// Whether, after the root relaxation, its point with every integer rounded and the rest
    /// re-solved is offered as the first incumbent when it beats the caller's start.
    public var roundsRelaxation: Bool = false

    public init(
        branching: Branching = .driebeckTomlin, backtracking: Backtracking = .bestLocalBound, cuts: Cuts = [],
        simplex: Simplex = .primal, initialBasis: InitialBasis = .standard, presolvesRelaxation: Bool = false,
        heuristics: Heuristics = []
    ) {
        self.branching = branching
        self.backtracking = backtracking
        self.cuts = cuts
        self.simplex = simplex
        self.initialBasis = initialBasis
        self.presolvesRelaxation = presolvesRelaxation
        self.heuristics = heuristics
    }

    /// GLPK's own defaults.
    public static let glpkDefault = SearchStrategy()

    /// Whether GLPK accepts it: an option set built from a raw value may carry unknown bits.
    var isValid: Bool {
        cuts.rawValue & ~Cuts.all.rawValue == 0 && heuristics.rawValue & ~Heuristics.all.rawValue == 0
    }
}
