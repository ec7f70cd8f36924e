#ifndef RENEWALTRADE_CGLPK_SHIM_H
#define RENEWALTRADE_CGLPK_SHIM_H
// Debian's libglpk-dev ships no pkg-config file; the header lives in /usr/include.
#include <glpk.h>
#endif
