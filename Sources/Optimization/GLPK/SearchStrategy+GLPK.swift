internal import CGLPK
internal import CGLPKGuard

// GLPK's codes for the root relaxation's options (the branching and backtracking codes sit beside
// SolveRun in Solver.swift).

extension SearchStrategy.Simplex {
    var glpk: Int32 {
        switch self {
        case .primal: GLP_PRIMAL
        case .dual: GLP_DUALP
        }
    }
}

extension SearchStrategy.InitialBasis {
    var glpk: Int32 {
        switch self {
        case .standard: RTG_BASIS_STANDARD
        case .advanced: RTG_BASIS_ADVANCED
        case .bixby: RTG_BASIS_BIXBY
        }
    }
}
