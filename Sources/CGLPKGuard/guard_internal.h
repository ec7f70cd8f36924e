#ifndef RENEWALTRADE_GUARD_INTERNAL_H
#define RENEWALTRADE_GUARD_INTERNAL_H

// Shared by the shim's .c files: each guarded entry point wraps its GLPK calls in GUARDED(...).

#include <setjmp.h>
#include "glpk_guard.h"

extern _Thread_local jmp_buf *rtg_current_target;

/// Installs this thread's hooks if needed and makes `target` the place a GLPK failure jumps to.
void rtg_enter(jmp_buf *target);

/// Frees the thread's GLPK environment after a failure and returns RTG_FATAL.
int rtg_recover(void);

// setjmp must run in the frame of the function that returns after the jump, hence a macro.
#define GUARDED(...)                           \
    do {                                       \
        jmp_buf target;                        \
        if (setjmp(target) != 0) return rtg_recover(); \
        rtg_enter(&target);                    \
        __VA_ARGS__;                           \
        rtg_current_target = NULL;                 \
        return RTG_OK;                         \
    } while (0)

// Leaves the guarded region and reports a refused call or a broken precondition; the problem is intact.
#define REFUSE(code)                   \
    do {                               \
        rtg_current_target = NULL;     \
        return (code);                 \
    } while (0)

#endif
