#include "glpk_guard.h"
#include "guard_internal.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#define OUTPUT_CAPACITY (1 << 16)
#define FATAL_CAPACITY 2048

_Thread_local jmp_buf *rtg_current_target;
static _Thread_local int hooks_installed;
static _Thread_local unsigned long generation;
static _Thread_local int capture;
static _Thread_local char output[OUTPUT_CAPACITY];
static _Thread_local size_t output_length;
static _Thread_local char fatal[FATAL_CAPACITY];
static _Thread_local size_t fatal_length;

static void append(char *buffer, size_t capacity, size_t *length, const char *text) {
    size_t n = strlen(text);
    if (*length + n >= capacity) n = capacity - 1 - *length;
    memcpy(buffer + *length, text, n);
    *length += n;
    buffer[*length] = '\0';
}

static int terminal_hook(void *info, const char *text) {
    (void)info;
    if (glp_at_error()) append(fatal, FATAL_CAPACITY, &fatal_length, text);
    if (capture) append(output, OUTPUT_CAPACITY, &output_length, text);
    return 1;  // never let GLPK print
}

static void error_hook(void *info) {
    (void)info;
    jmp_buf *target = rtg_current_target;
    rtg_current_target = NULL;
    if (target != NULL) longjmp(*target, 1);
    // No guarded call is active: returning makes GLPK abort, which cannot happen through this API.
}

void rtg_enter(jmp_buf *target) {
    if (!hooks_installed) {
        glp_term_hook(terminal_hook, NULL);
        glp_error_hook(error_hook, NULL);
        hooks_installed = 1;
    }
    fatal_length = 0;
    fatal[0] = '\0';
    rtg_current_target = target;
}

int rtg_recover(void) {
    rtg_current_target = NULL;
    glp_free_env();
    hooks_installed = 0;
    generation += 1;
    return RTG_FATAL;
}

unsigned long rtg_generation(void) { return generation; }
const char *rtg_fatal_message(void) { return fatal; }
void rtg_set_capture(int on) { capture = on; }

const char *rtg_output(size_t *length) {
    if (length != NULL) *length = output_length;
    return output;
}

void rtg_clear_output(void) {
    output_length = 0;
    output[0] = '\0';
}

void rtg_free_env(void) {
    glp_free_env();
    hooks_installed = 0;
    generation += 1;
}

void rtg_search_init(rtg_search *search) { memset(search, 0, sizeof *search); }
void rtg_flag_raise(int *flag) { __atomic_store_n(flag, 1, __ATOMIC_RELEASE); }
int rtg_flag_is_raised(const int *flag) { return flag != NULL && __atomic_load_n(flag, __ATOMIC_ACQUIRE); }

int rtg_create_prob(glp_prob **out) { GUARDED(*out = glp_create_prob()); }
int rtg_delete_prob(glp_prob *P) { GUARDED(glp_delete_prob(P)); }

int rtg_copy_prob(glp_prob *source, glp_prob **out) {
    GUARDED({
        glp_prob *copy = glp_create_prob();
        *out = copy;
        glp_copy_prob(copy, source, GLP_ON);
    });
}

int rtg_load(glp_prob *P, const rtg_model *m) {
    GUARDED({
        glp_erase_prob(P);
        if (m->name != NULL) glp_set_prob_name(P, m->name);
        glp_set_obj_dir(P, m->maximize ? GLP_MAX : GLP_MIN);
        if (m->rows > 0) glp_add_rows(P, m->rows);
        if (m->cols > 0) glp_add_cols(P, m->cols);
        for (int i = 1; i <= m->rows; i++) {
            if (m->row_names[i] != NULL) glp_set_row_name(P, i, m->row_names[i]);
            glp_set_row_bnds(P, i, m->row_types[i], m->row_lower[i], m->row_upper[i]);
        }
        glp_set_obj_coef(P, 0, m->objective[0]);
        for (int j = 1; j <= m->cols; j++) {
            if (m->col_names[j] != NULL) glp_set_col_name(P, j, m->col_names[j]);
            glp_set_col_kind(P, j, m->col_kinds[j]);
            if (m->col_kinds[j] != GLP_BV)
                glp_set_col_bnds(P, j, m->col_types[j], m->col_lower[j], m->col_upper[j]);
            glp_set_obj_coef(P, j, m->objective[j]);
        }
        if (m->nonzeros > 0) glp_load_matrix(P, m->nonzeros, m->ia, m->ja, m->ar);
    });
}

int rtg_set_row_bnds(glp_prob *P, int i, int type, double lower, double upper) {
    GUARDED(glp_set_row_bnds(P, i, type, lower, upper));
}

int rtg_set_col_bnds(glp_prob *P, int j, int type, double lower, double upper) {
    GUARDED(glp_set_col_bnds(P, j, type, lower, upper));
}

int rtg_set_col_kind(glp_prob *P, int j, int kind) { GUARDED(glp_set_col_kind(P, j, kind)); }

int rtg_add_rows(glp_prob *P, int count, int *first) { GUARDED(*first = glp_add_rows(P, count)); }

int rtg_add_row(glp_prob *P, const char *name, int type, double lower, double upper, int len, const int *ind,
                const double *val, int scale_alone, int *index) {
    GUARDED({
        int n = glp_get_num_cols(P);
        if (len < 0 || len > n) REFUSE(RTG_MISUSE);
        // glp_set_mat_row treats an index out of range or repeated as a fatal error: refuse it
        // here, before the row exists, so that the problem is left as it was.
        char *seen = calloc((size_t)n + 1, 1);
        if (seen == NULL) REFUSE(RTG_MISUSE);
        for (int k = 1; k <= len; k++) {
            if (ind[k] < 1 || ind[k] > n || seen[ind[k]]) {
                free(seen);
                REFUSE(RTG_MISUSE);
            }
            seen[ind[k]] = 1;
        }
        free(seen);
        int i = glp_add_rows(P, 1);
        if (name != NULL) glp_set_row_name(P, i, name);
        glp_set_row_bnds(P, i, type, lower, upper);
        if (len > 0) glp_set_mat_row(P, i, len, ind, val);
        if (scale_alone) {
            // Equilibrated as glp_scale_prob's last step would, given the columns' factors.
            double largest = 0;
            for (int k = 1; k <= len; k++) {
                double scaled = fabs(val[k] * glp_get_sjj(P, ind[k]));
                if (scaled > largest) largest = scaled;
            }
            if (largest > 0) glp_set_rii(P, i, 1.0 / largest);
        }
        *index = i;
    });
}

int rtg_std_basis(glp_prob *P) { GUARDED(glp_std_basis(P)); }

int rtg_set_objective(glp_prob *P, int maximize, int cols, const double *coef) {
    GUARDED({
        if (glp_get_num_cols(P) != cols) REFUSE(RTG_MISUSE);
        glp_set_obj_dir(P, maximize ? GLP_MAX : GLP_MIN);
        for (int j = 0; j <= cols; j++) glp_set_obj_coef(P, j, coef[j]);
    });
}

int rtg_scale(glp_prob *P) { GUARDED(glp_scale_prob(P, GLP_SF_AUTO)); }

static void simplex_parameters(const rtg_params *params, glp_smcp *smcp) {
    glp_init_smcp(smcp);
    smcp->msg_lev = params->verbose ? GLP_MSG_ON : GLP_MSG_ERR;
    smcp->presolve = params->presolve ? GLP_ON : GLP_OFF;
    smcp->tm_lim = params->time_limit_ms;
    if (params->simplex_method != 0) smcp->meth = params->simplex_method;
}

int rtg_simplex(glp_prob *P, const rtg_params *params, int *ret) {
    if (params->simplex_method < 0 || params->simplex_method > GLP_DUAL || params->initial_basis < 0 ||
        params->initial_basis > RTG_BASIS_BIXBY)
        return RTG_MISUSE;
    GUARDED({
        glp_smcp smcp;
        simplex_parameters(params, &smcp);
        // The basis to start from, when the problem has none GLPK can factorize (a new problem,
        // or one whose matrix changed): glp_adv_basis or glp_cpx_basis if asked for, else the
        // standard basis, which always factorizes. A warm start keeps its basis; the presolver
        // builds its own for the reduced problem.
        if (!params->presolve && !glp_bf_exists(P)) {
            if (params->initial_basis == RTG_BASIS_ADVANCED) glp_adv_basis(P, 0);
            else if (params->initial_basis == RTG_BASIS_BIXBY) glp_cpx_basis(P);
            else if (glp_factorize(P) != 0) glp_std_basis(P);
        }
        *ret = glp_simplex(P, &smcp);
    });
}

// Runs inside glp_intopt, so any GLPK failure here still jumps to rtg_intopt's frame: no Swift
// code sits between the two.
static void search_callback(glp_tree *T, void *info) {
    rtg_search *search = info;
    int active = 0, in_tree = 0, total = 0;
    glp_ios_tree_size(T, &active, &in_tree, &total);
    if (total > search->nodes) search->nodes = total;
    if (rtg_flag_is_raised(search->cancel)) {
        glp_ios_terminate(T);
        return;
    }
    int best = glp_ios_best_node(T);
    if (best != 0) {
        // A node whose LP is not solved yet has bound ±DBL_MAX: no bound at all (XL's root when the
        // time limit stops the search before its first re-solve).
        double bound = glp_ios_node_bound(T, best);
        if (bound > -DBL_MAX && bound < DBL_MAX) {
            search->best_bound = bound;
            search->has_bound = 1;
        }
    }
    if (glp_ios_reason(T) == GLP_IHEUR && search->start != NULL && !search->start_offered) {
        search->start_offered = 1;
        glp_ios_heur_sol(T, search->start);
    }
}

int rtg_intopt(glp_prob *P, const rtg_params *params, rtg_search *search, int *ret) {
    if (params->branching < 0 || params->branching > GLP_BR_PCH || params->backtracking < 0 ||
        params->backtracking > GLP_BT_BPH || params->cuts < 0 || params->cuts > RTG_CUT_ALL ||
        params->heuristics < 0 || params->heuristics > RTG_HEUR_ALL)
        return RTG_MISUSE;
    GUARDED({
        glp_iocp iocp;
        glp_init_iocp(&iocp);
        iocp.msg_lev = params->verbose ? GLP_MSG_ON : GLP_MSG_ERR;
        iocp.presolve = params->presolve ? GLP_ON : GLP_OFF;
        iocp.tm_lim = params->time_limit_ms;
        iocp.mip_gap = params->mip_gap;
        if (params->integrality > 0) iocp.tol_int = params->integrality;
        if (params->branching != 0) iocp.br_tech = params->branching;
        if (params->backtracking != 0) iocp.bt_tech = params->backtracking;
        iocp.gmi_cuts = params->cuts & RTG_CUT_GMI ? GLP_ON : GLP_OFF;
        iocp.mir_cuts = params->cuts & RTG_CUT_MIR ? GLP_ON : GLP_OFF;
        iocp.cov_cuts = params->cuts & RTG_CUT_COV ? GLP_ON : GLP_OFF;
        iocp.clq_cuts = params->cuts & RTG_CUT_CLQ ? GLP_ON : GLP_OFF;
        if (params->heuristics & RTG_HEUR_FEASIBILITY_PUMP) iocp.fp_heur = GLP_ON;
        if (params->heuristics & RTG_HEUR_PROXIMITY) {
            iocp.ps_heur = GLP_ON;
            // Proximity search runs up to ps_tm_lim (60 s by default) on its own clock.
            if (params->time_limit_ms < iocp.ps_tm_lim) iocp.ps_tm_lim = params->time_limit_ms;
        }
        iocp.cb_func = search_callback;
        iocp.cb_info = search;
        *ret = glp_intopt(P, &iocp);
    });
}

int rtg_read_lp(glp_prob *P, int rows, int cols, int *status, double *objective, double *row_value, double *row_dual,
                double *col_value, double *col_dual) {
    GUARDED({
        *status = glp_get_status(P);
        *objective = glp_get_obj_val(P);
        int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
        if (m != rows || n != cols) REFUSE(RTG_MISUSE);
        for (int i = 1; i <= m; i++) {
            row_value[i] = glp_get_row_prim(P, i);
            row_dual[i] = glp_get_row_dual(P, i);
        }
        for (int j = 1; j <= n; j++) {
            col_value[j] = glp_get_col_prim(P, j);
            col_dual[j] = glp_get_col_dual(P, j);
        }
    });
}

int rtg_read_mip(glp_prob *P, int rows, int cols, int *status, double *objective, double *row_value, double *col_value) {
    GUARDED({
        *status = glp_mip_status(P);
        *objective = glp_mip_obj_val(P);
        int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
        if (m != rows || n != cols) REFUSE(RTG_MISUSE);
        for (int i = 1; i <= m; i++) row_value[i] = glp_mip_row_val(P, i);
        for (int j = 1; j <= n; j++) col_value[j] = glp_mip_col_val(P, j);
    });
}

int rtg_write_lp(glp_prob *P, const char *path, int *ret) { GUARDED(*ret = glp_write_lp(P, NULL, path)); }
int rtg_write_mps(glp_prob *P, const char *path, int *ret) {
    GUARDED(*ret = glp_write_mps(P, GLP_MPS_FILE, NULL, path));
}
