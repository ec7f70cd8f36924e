#include "glpk_guard.h"
#include "guard_internal.h"

// Sensitivity analysis and warm starts. GLPK's glp_analyze_bound and glp_analyze_coef call
// xerror (a fatal error) unless the basic solution is optimal, the basis factorization is valid,
// and the variable is non-basic (bounds) or basic (coefficients). Each entry point below checks
// every one of those preconditions itself and returns RTG_PRECONDITION before GLPK could fail, so
// a misuse costs an error code, not the thread's GLPK environment. The calls still run under
// GUARDED in case GLPK fails for a reason these checks do not foresee.
//
// Variables are numbered as GLPK numbers them: rows 1..m, then columns as m+1..m+n.

int rtg_bf_exists(glp_prob *P, int *exists) { GUARDED(*exists = glp_bf_exists(P)); }

int rtg_factorize(glp_prob *P, int *ret) {
    GUARDED({
        // glp_factorize itself fails softly (GLP_EBADB, GLP_ESING, GLP_ECOND); nothing to check.
        *ret = glp_bf_exists(P) ? 0 : glp_factorize(P);
    });
}

int rtg_get_stats(glp_prob *P, int rows, int cols, int *row_stat, int *col_stat) {
    GUARDED({
        if (glp_get_num_rows(P) != rows || glp_get_num_cols(P) != cols) REFUSE(RTG_MISUSE);
        for (int i = 1; i <= rows; i++) row_stat[i] = glp_get_row_stat(P, i);
        for (int j = 1; j <= cols; j++) col_stat[j] = glp_get_col_stat(P, j);
    });
}

/// The status of variable k (1..m+n) in GLPK's numbering.
static int variable_stat(glp_prob *P, int k) {
    int m = glp_get_num_rows(P);
    return k <= m ? glp_get_row_stat(P, k) : glp_get_col_stat(P, k - m);
}

/// RTG_OK when the basic solution is optimal, k is a variable of P, and a valid factorization
/// exists (computed here if GLPK dropped it); else why not.
static int analysis_ready(glp_prob *P, int k) {
    int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
    if (k < 1 || k > m + n) return RTG_MISUSE;
    // glp_get_status is GLP_OPT exactly when both the primal and the dual basic solutions are
    // feasible, which is what the analysis routines test.
    if (glp_get_status(P) != GLP_OPT) return RTG_PRECONDITION;
    if (!glp_bf_exists(P)) {
        if (glp_factorize(P) != 0) return RTG_PRECONDITION;
        if (!glp_bf_exists(P)) return RTG_PRECONDITION;
    }
    return RTG_OK;
}

int rtg_analyze_bound(glp_prob *P, int k, double *value1, int *var1, double *value2, int *var2) {
    GUARDED({
        int ready = analysis_ready(P, k);
        if (ready != RTG_OK) REFUSE(ready);
        if (variable_stat(P, k) == GLP_BS) REFUSE(RTG_PRECONDITION);  // only non-basic variables
        glp_analyze_bound(P, k, value1, var1, value2, var2);
    });
}

int rtg_analyze_coef(glp_prob *P, int k, double *coef1, int *var1, double *value1, double *coef2, int *var2,
                     double *value2) {
    GUARDED({
        int ready = analysis_ready(P, k);
        if (ready != RTG_OK) REFUSE(ready);
        if (variable_stat(P, k) != GLP_BS) REFUSE(RTG_PRECONDITION);  // only basic variables
        glp_analyze_coef(P, k, coef1, var1, value1, coef2, var2, value2);
    });
}

int rtg_warm_simplex(glp_prob *P, const rtg_params *params, int *ret) {
    GUARDED({
        glp_smcp smcp;
        glp_init_smcp(&smcp);
        smcp.msg_lev = params->verbose ? GLP_MSG_ON : GLP_MSG_ERR;
        // The presolver would discard the basis; the dual simplex suits a basis that stays dual
        // feasible after a bound or right-hand side change, and falls back to the primal itself.
        smcp.presolve = GLP_OFF;
        smcp.meth = GLP_DUALP;
        smcp.tm_lim = params->time_limit_ms;
        // An invalid stored basis (none yet, or one GLPK cannot factorize) starts from the
        // standard basis instead of failing with GLP_EBADB / GLP_ESING.
        if (!glp_bf_exists(P) && glp_factorize(P) != 0) glp_std_basis(P);
        *ret = glp_simplex(P, &smcp);
        // The dual simplex can stop with a primal infeasible basis (GLP_INFEAS) without deciding
        // whether a feasible point exists; the primal simplex, from where it stopped, decides.
        int status = glp_get_status(P);
        if (*ret == 0 && status != GLP_OPT && status != GLP_NOFEAS && status != GLP_UNBND) {
            smcp.meth = GLP_PRIMAL;
            *ret = glp_simplex(P, &smcp);
        }
    });
}

int rtg_iteration_count(glp_prob *P, int *count) { GUARDED(*count = glp_get_it_cnt(P)); }
