internal import CGLPK
internal import CGLPKGuard

// GLPK's codes for a search strategy's options.

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

extension SearchStrategy.Branching {
    var glpk: Int32 {
        switch self {
        case .firstFractional: GLP_BR_FFV
        case .lastFractional: GLP_BR_LFV
        case .mostFractional: GLP_BR_MFV
        case .driebeckTomlin: GLP_BR_DTH
        case .pseudoCost: GLP_BR_PCH
        }
    }
}

extension SearchStrategy.Backtracking {
    var glpk: Int32 {
        switch self {
        case .depthFirst: GLP_BT_DFS
        case .breadthFirst: GLP_BT_BFS
        case .bestLocalBound: GLP_BT_BLB
        case .bestProjection: GLP_BT_BPH
        }
    }
}
