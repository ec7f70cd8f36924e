#ifndef RENEWALTRADE_GLPK_GUARD_H
#define RENEWALTRADE_GLPK_GUARD_H

// Guarded entry points into GLPK.
//
// GLPK calls abort() on an invalid call unless an error hook leaves it with longjmp. Swift cannot
// call setjmp, and a longjmp must never cross Swift frames, so every GLPK call is made from one of
// these C functions: each sets its own jump target, makes the call, and returns RTG_FATAL if GLPK
// failed. After a failure the thread's GLPK environment has been freed (the manual's documented
// recovery, section 6.1.13): every problem object of that thread is gone, and rtg_generation()
// has moved on so that stale handles can tell.
//
// All state here is per thread, like GLPK's own environment on Debian.

#include <stddef.h>
#include <glpk.h>

#define RTG_OK 0
#define RTG_FATAL 1
#define RTG_MISUSE 2  // the call was refused before it reached GLPK; the problem is intact
#define RTG_PRECONDITION 3  // a sensitivity precondition does not hold; refused, the problem is intact

/// Number of times this thread's GLPK environment was reset after a fatal error.
unsigned long rtg_generation(void);

/// The message GLPK printed for the last fatal error on this thread (empty if none).
const char *rtg_fatal_message(void);

/// Turns capture of GLPK's terminal output on this thread on or off. Output is never printed.
void rtg_set_capture(int on);

/// The captured output of this thread since the last rtg_clear_output(), NUL-terminated.
const char *rtg_output(size_t *length);
void rtg_clear_output(void);

/// Frees this thread's GLPK environment (all its problem objects); for threads about to exit.
void rtg_free_env(void);

/// A whole model in GLPK's terms, with GLPK's 1-based arrays (element 0 unused).
typedef struct {
    const char *name;
    int maximize;
    int rows;
    int cols;
    const char *const *row_names;   // [rows + 1]
    const int *row_types;           // GLP_FR, GLP_LO, GLP_UP, GLP_DB, GLP_FX
    const double *row_lower;
    const double *row_upper;
    const char *const *col_names;   // [cols + 1]
    const int *col_types;
    const double *col_lower;
    const double *col_upper;
    const int *col_kinds;           // GLP_CV, GLP_IV, GLP_BV
    const double *objective;        // [cols + 1]; element 0 is the constant term
    int nonzeros;
    const int *ia;                  // [nonzeros + 1]
    const int *ja;
    const double *ar;
} rtg_model;

/// What a solve may do.
typedef struct {
    int presolve;          // 0 or 1
    int time_limit_ms;     // INT_MAX for none
    double mip_gap;        // relative gap at which the search may stop; 0 to prove optimality
    double integrality;    // tolerance for an integer value to count as integral (GLPK's tol_int)
    int verbose;           // GLPK's normal messages rather than errors only (output is captured, never printed)
    int branching;         // glp_iocp.br_tech (GLP_BR_FFV..GLP_BR_PCH); 0 keeps GLPK's default
    int backtracking;      // glp_iocp.bt_tech (GLP_BT_DFS..GLP_BT_BPH); 0 keeps GLPK's default
    int cuts;              // RTG_CUT_* flags; 0 for none (GLPK's default)
    // Added for large models (docs/performance.md, "XL"); 0 keeps GLPK's default in each.
    int simplex_method;    // glp_smcp.meth: GLP_PRIMAL, GLP_DUALP or GLP_DUAL
    int initial_basis;     // RTG_BASIS_*: the basis rtg_simplex starts from when the problem has no valid one
    int heuristics;        // RTG_HEUR_* flags: GLPK's primal heuristics that are off by default
} rtg_params;

// Initial bases for rtg_simplex's `initial_basis` (GLPK starts from the current basis: for a new
// problem the standard one, every row basic).
#define RTG_BASIS_STANDARD 0  // glp_std_basis (GLPK's own default)
#define RTG_BASIS_ADVANCED 1  // glp_adv_basis: a triangular basis, what glpsol builds by default
#define RTG_BASIS_BIXBY 2     // glp_cpx_basis: Bixby's crash basis

// Heuristics for rtg_intopt's `heuristics`: each turns on one of glp_iocp's heuristics that are
// off by default (simple rounding, sr_heur, stays on).
#define RTG_HEUR_FEASIBILITY_PUMP 1  // fp_heur
#define RTG_HEUR_PROXIMITY 2         // ps_heur, with GLPK's default 60 s budget capped by the time limit
#define RTG_HEUR_ALL 3

// Cutting planes for rtg_intopt's `cuts`: each turns on one of glp_iocp's cut generators.
#define RTG_CUT_GMI 1  // Gomory's mixed integer cuts
#define RTG_CUT_MIR 2  // mixed integer rounding cuts
#define RTG_CUT_COV 4  // mixed cover cuts
#define RTG_CUT_CLQ 8  // clique cuts
#define RTG_CUT_ALL 15

/// Shared between a MIP search and whoever watches it.
typedef struct {
    const int *cancel;     // optional flag, raised through rtg_flag_raise from any thread
    int has_bound;         // whether best_bound holds a bound from the search tree
    double best_bound;
    const double *start;   // optional feasible MIP start, [cols + 1]; offered once
    int start_offered;
    int nodes;             // subproblems the search created (glp_ios_tree_size's t_cnt), at the last callback
} rtg_search;

void rtg_search_init(rtg_search *search);

/// An int flag read and written atomically, for cancelling a search from another thread.
void rtg_flag_raise(int *flag);
int rtg_flag_is_raised(const int *flag);

int rtg_create_prob(glp_prob **out);
int rtg_delete_prob(glp_prob *P);
int rtg_load(glp_prob *P, const rtg_model *model);
int rtg_copy_prob(glp_prob *source, glp_prob **out);

int rtg_set_row_bnds(glp_prob *P, int i, int type, double lower, double upper);
int rtg_set_col_bnds(glp_prob *P, int j, int type, double lower, double upper);
int rtg_set_col_kind(glp_prob *P, int j, int kind);
int rtg_add_rows(glp_prob *P, int count, int *first);
/// Appends one row: its name (NULL for none), bounds as glp_set_row_bnds takes them, and its `len`
/// coefficients (`ind`, `val` 1-based, [len + 1]); *index is the new row's number. With
/// `scale_alone`, the row gets its own scale factor, as glp_scale_prob's last step (equilibration)
/// would give it from the columns' factors: its largest scaled coefficient 1. RTG_MISUSE, before
/// any change, when a column index is out of range or repeated.
int rtg_add_row(glp_prob *P, const char *name, int type, double lower, double upper, int len, const int *ind,
                const double *val, int scale_alone, int *index);
/// glp_std_basis: every row basic, every column non-basic at a bound.
int rtg_std_basis(glp_prob *P);
/// Sets the objective's direction and every coefficient: coef[0] is the constant, coef[1..cols] the
/// columns'. RTG_MISUSE when the problem does not have `cols` columns.
int rtg_set_objective(glp_prob *P, int maximize, int cols, const double *coef);

/// Scales rows and columns (GLP_SF_AUTO), as glpsol does: unscaled, the simplex's tolerances can
/// let branch and bound prune the optimum of a badly scaled model. Values read back are unscaled.
int rtg_scale(glp_prob *P);

/// Simplex from the stored basis; *ret is glp_simplex's return code. Returns RTG_MISUSE, without
/// calling GLPK, when simplex_method or initial_basis is out of range. A basis is built
/// (initial_basis, else the standard one) only when the problem has none that GLPK can factorize,
/// as after a change GLPK cannot follow, so a warm start is never thrown away.
int rtg_simplex(glp_prob *P, const rtg_params *params, int *ret);
/// Branch and bound (with the LP relaxation first when presolve is off); *ret as glp_intopt.
/// Returns RTG_MISUSE, without calling GLPK, when branching, backtracking, cuts or heuristics is
/// out of range (GLPK would treat it as a fatal error).
int rtg_intopt(glp_prob *P, const rtg_params *params, rtg_search *search, int *ret);

/// Reads a basic solution: statuses, values and duals. Arrays are [rows + 1] and [cols + 1];
/// a problem of another size is a fatal error, not an overrun.
int rtg_read_lp(glp_prob *P, int rows, int cols, int *status, double *objective, double *row_value, double *row_dual,
                double *col_value, double *col_dual);
/// Reads a MIP solution. Arrays are [count + 1].
int rtg_read_mip(glp_prob *P, int rows, int cols, int *status, double *objective, double *row_value, double *col_value);

/// Writes CPLEX LP or free MPS; *ret is GLPK's return code.
int rtg_write_lp(glp_prob *P, const char *path, int *ret);
int rtg_write_mps(glp_prob *P, const char *path, int *ret);

// ---------------------------------------------------------------------------------------------
// Sensitivity analysis and warm starts (glpk_sensitivity.c).
//
// Variables are numbered as GLPK does: rows 1..m, then column j as m + j. Each analysis call
// checks, before GLPK could call xerror, that the basic solution is optimal (glp_get_status is
// GLP_OPT), that a valid basis factorization exists (computing one with glp_factorize if not), and
// that the variable is non-basic (bounds) or basic (coefficients); otherwise it returns
// RTG_PRECONDITION (or RTG_MISUSE for an index out of range) without calling GLPK's routine.
// GLPK never marks a solution stale after a bound change: callers must re-solve first.
// ---------------------------------------------------------------------------------------------

/// *exists = glp_bf_exists(P).
int rtg_bf_exists(glp_prob *P, int *exists);
/// Computes the basis factorization unless a valid one exists; *ret is glp_factorize's code (0 when one existed).
int rtg_factorize(glp_prob *P, int *ret);
/// Reads glp_get_row_stat / glp_get_col_stat into [rows + 1] and [cols + 1] arrays (GLP_BS, GLP_NL, GLP_NU,
/// GLP_NF, GLP_NS); RTG_MISUSE when the problem has another size.
int rtg_get_stats(glp_prob *P, int rows, int cols, int *row_stat, int *col_stat);
/// glp_analyze_bound for non-basic variable k: the range [*value1, *value2] of its active bound over which the
/// basis stays optimal, and the variables (*var1, *var2; 0 for none) that would leave the basis at its ends.
int rtg_analyze_bound(glp_prob *P, int k, double *value1, int *var1, double *value2, int *var2);
/// glp_analyze_coef for basic variable k: the range [*coef1, *coef2] of its objective coefficient over which the
/// basis stays optimal, the entering variables at its ends and the variable's value (*value1, *value2) there.
int rtg_analyze_coef(glp_prob *P, int k, double *coef1, int *var1, double *value1, double *coef2, int *var2,
                     double *value2);
/// glp_simplex from the stored basis: presolve off, dual simplex first (GLP_DUALP); *ret as glp_simplex.
int rtg_warm_simplex(glp_prob *P, const rtg_params *params, int *ret);
/// *count = glp_get_it_cnt(P): simplex iterations done on P so far.
int rtg_iteration_count(glp_prob *P, int *count);

#endif
