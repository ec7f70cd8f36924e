internal import CGLPK
internal import CGLPKGuard

/// Sensitivity analysis and warm starts on a live problem. Every precondition GLPK would turn into
/// a fatal error is checked in C (`glpk_sensitivity.c`) and comes back as
/// ``ModelError/Code/sensitivityUnavailable``.
extension GLPKProblem {
    /// The simplex method from the stored basis: presolve off, dual simplex first.
    func warmSimplex(_ parameters: rtg_params) throws(ModelError) -> Int32 {
        var parameters = parameters
        var code: Int32 = 0
        try call("glp_simplex (warm)") { rtg_warm_simplex($0, &parameters, &code) }
        return code
    }

    /// Simplex iterations done on this problem so far.
    func iterationCount() throws(ModelError) -> Int {
        var count: Int32 = 0
        try call("glp_get_it_cnt") { rtg_iteration_count($0, &count) }
        return Int(count)
    }

    /// GLPK's basis statuses of rows and columns, 1-based like GLPK's arrays.
    func basisStatuses(rows: Int, columns: Int) throws(ModelError) -> (rows: [Int32], columns: [Int32]) {
        var rowStatus = [Int32](repeating: 0, count: rows + 1)
        var columnStatus = [Int32](repeating: 0, count: columns + 1)
        try call("glp_get_row_stat / glp_get_col_stat") {
            rtg_get_stats($0, Int32(rows), Int32(columns), &rowStatus, &columnStatus)
        }
        return (rowStatus, columnStatus)
    }

    /// Makes sure a valid basis factorization exists; returns glp_factorize's code (0 on success).
    func factorize() throws(ModelError) -> Int32 {
        var code: Int32 = 0
        try call("glp_factorize") { rtg_factorize($0, &code) }
        return code
    }

    /// `glp_analyze_bound` for a non-basic variable (`k` in GLPK's numbering: rows, then columns):
    /// the interval of its active bound over which the basis stays optimal.
    func analyzeBound(_ k: Int) throws(ModelError) -> ClosedRange<Double> {
        var low = 0.0
        var high = 0.0
        var lowVariable: Int32 = 0
        var highVariable: Int32 = 0
        try call("glp_analyze_bound") { rtg_analyze_bound($0, Int32(k), &low, &lowVariable, &high, &highVariable) }
        return Self.range(low, high)
    }

    /// `glp_analyze_coef` for a basic variable: the interval of its objective coefficient over
    /// which the basis stays optimal.
    func analyzeCoefficient(_ k: Int) throws(ModelError) -> ClosedRange<Double> {
        var low = 0.0
        var high = 0.0
        var lowValue = 0.0
        var highValue = 0.0
        var lowVariable: Int32 = 0
        var highVariable: Int32 = 0
        try call("glp_analyze_coef") {
            rtg_analyze_coef($0, Int32(k), &low, &lowVariable, &lowValue, &high, &highVariable, &highValue)
        }
        return Self.range(low, high)
    }

    /// GLPK reports "no limit" as ±DBL_MAX; Swift callers see infinities.
    static func range(_ low: Double, _ high: Double) -> ClosedRange<Double> {
        let lower = low <= -Double.greatestFiniteMagnitude ? -Double.infinity : low
        let upper = high >= Double.greatestFiniteMagnitude ? Double.infinity : high
        return Swift.min(lower, upper)...Swift.max(lower, upper)
    }
}
