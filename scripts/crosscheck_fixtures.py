#!/usr/bin/env python3
"""Cross-check the solve fixtures with two methods independent of the Swift solver.

Usage:
  crosscheck_fixtures.py [DIR]          check every DIR/NAME.yaml against DIR/NAME.expected.json
                                        (DIR defaults to fixtures/solve next to this script)
  crosscheck_fixtures.py --solve FILE   print the MILP optimum of any scenario, with near misses

Method 1 (milp): builds the integer program of the spec ("The renewal trade model,
version 1") directly from the YAML, with big-M values taken from the levers' bounds,
and solves it with scipy.optimize.milp (HiGHS) in four lexicographic passes: best
objective, then least sum of costs, then least total quantity, then least discount,
each pass keeping the earlier ones within a small tolerance.

Method 2 (brute force): enumerates every lever assignment, every set of programs
whose conditions hold (respecting exclusive groups) and every reachable tier,
evaluating conditions and cost curves directly (no big-M, no cost rows), and solves
the small remaining LP in the contributions and the discount with
scipy.optimize.linprog. It then applies the same lexicographic order and also
checks that the expected answer is the only one: one lever vector, one tier, and
each program's contribution either positive in every optimal trade or zero in every
one (an envelope-expanding program counts as active when every optimal trade needs
it).

Both results are compared with the expected JSON at 1e-6 relative (relative to the
largest amount of money in the expected file, so that a 0 on a 100,000 deal is not
compared at 1e-6 absolute). Exit status 0 only if every fixture agrees with both
methods. An infeasible fixture's expected file holds only {"status": "infeasible"}.

Needs numpy, scipy (1.9 or later, for milp) and PyYAML.
"""

import contextlib
import glob
import itertools
import json
import math
import os
import sys

import numpy as np
import yaml
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

RTOL = 1e-6


def close(a, b, scale=1.0, rtol=RTOL):
    """Equal at rtol relative to the larger of a, b and the scale of the deal's money."""
    return abs(a - b) <= rtol * max(1.0, abs(a), abs(b), scale)


def pass_tol(v):
    """How far a later pass may move an earlier pass's optimum."""
    return 1e-7 + 1e-9 * abs(v)


@contextlib.contextmanager
def quiet_stdout():
    """HiGHS sometimes prints debug lines straight to file descriptor 1; keep them out."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(devnull)
        os.close(saved)


# --------------------------------------------------------------------------- scenario


class Scenario:
    """The scenario with defaults applied and metrics expanded into lever terms."""

    def __init__(self, doc):
        self.doc = doc
        self.B = float(doc["baseline"]["spend"])
        self.hurdle = float(doc.get("microsoft", {}).get("hurdle", 0))
        self.objective = doc.get("objective", "buyer-value")
        self.levers = []
        for raw in doc["levers"]:
            step = float(raw.get("step", 1))
            if raw.get("type", "integer") == "binary":
                lo, hi = 0.0, step
            else:
                lo, hi = float(raw.get("min", 0)), float(raw["max"])
            self.levers.append({
                "id": raw["id"], "step": step, "min": lo, "max": hi,
                "nmin": round(lo / step), "nmax": round(hi / step),
                "cost": [(float(s["from"]), float(s["perUnit"])) for s in raw.get("cost", [])],
                "value": float(raw.get("value", 0)),
            })
        self.lever_index = {l["id"]: i for i, l in enumerate(self.levers)}
        self.metrics = {}
        for raw in doc.get("metrics", []):
            self.metrics[raw["id"]] = self.linear(raw["terms"], float(raw.get("constant", 0)))
        env = doc.get("envelope", {})
        disc = env.get("discount", True)
        if disc is True:
            self.dmax = math.inf
        elif disc is False:
            self.dmax = 0.0
        else:
            self.dmax = float(disc["maxPct"]) * self.B
        self.tiers = [{"id": t["id"], "maxPct": float(t["maxPct"]), "requires": t.get("requires", [])}
                      for t in env.get("tiers", [{"id": "default", "maxPct": 0}])]
        self.programs = []
        for raw in doc.get("programs", []):
            kind = "funding" if "funding" in raw else "concession" if "concession" in raw else None
            contrib = raw.get(kind) if kind else None
            self.programs.append({
                "id": raw["id"], "requires": raw.get("requires", []), "kind": kind,
                "cap": float(contrib["cap"]) if contrib else 0.0,
                "rate": float(contrib["rate"]) if contrib and "rate" in contrib else None,
                "base": self.form(contrib["base"]) if contrib and "base" in contrib else None,
                "expand": float(raw.get("expandsEnvelope", 0)) * self.B,
            })
        self.program_index = {p["id"]: i for i, p in enumerate(self.programs)}
        self.exclusive = [[self.program_index[i] for i in g] for g in doc.get("exclusive", [])]
        self.constraints = []
        for raw in doc.get("constraints", []):
            lo, hi = raw.get("atLeast"), raw.get("atMost")
            if "equals" in raw:
                lo = hi = raw["equals"]
            self.constraints.append({
                "id": raw["id"], "form": self.linear(raw["terms"], 0.0),
                "lo": -math.inf if lo is None else float(lo), "hi": math.inf if hi is None else float(hi)})

    def form(self, ident):
        """A lever or metric id as (coefficients over lever quantities, constant)."""
        if ident in self.lever_index:
            return ({ident: 1.0}, 0.0)
        return self.metrics[ident]

    def linear(self, terms, constant):
        coef, const = {}, constant
        for ident, c in terms.items():
            sub, sconst = self.form(ident)
            for lid, v in sub.items():
                coef[lid] = coef.get(lid, 0.0) + float(c) * v
            const += float(c) * sconst
        return (coef, const)

    def range(self, form):
        coef, const = form
        lo = hi = const
        for lid, c in coef.items():
            l = self.levers[self.lever_index[lid]]
            lo += min(c * l["min"], c * l["max"])
            hi += max(c * l["min"], c * l["max"])
        return lo, hi

    def cond_form(self, cond):
        return self.form(cond["lever"] if "lever" in cond else cond["metric"])

    @staticmethod
    def evaluate(form, q):
        coef, const = form
        return const + sum(c * q[lid] for lid, c in coef.items())

    def holds(self, cond, q):
        v = self.evaluate(self.cond_form(cond), q)
        if "atLeast" in cond:
            return v >= float(cond["atLeast"]) - 1e-9 * max(1, abs(v))
        return v <= float(cond["atMost"]) + 1e-9 * max(1, abs(v))

    @staticmethod
    def cost_at(lever, q):
        """The integral of the slope from min to q (0 at min), computed segment by segment."""
        segs = lever["cost"]
        if not segs:
            return 0.0

        def integral_from_first(x):
            total = 0.0
            for i, (start, slope) in enumerate(segs):
                end = segs[i + 1][0] if i + 1 < len(segs) else math.inf
                total += slope * max(0.0, min(x, end) - start)
            return total

        return integral_from_first(q) - integral_from_first(lever["min"])


# --------------------------------------------------------------------------- method 1: MILP


class Milp:
    """The spec's integer program, built row by row."""

    def __init__(self, sc):
        self.sc = sc
        self.names = []
        self.lb, self.ub, self.integ = [], [], []
        self.rows = []  # (dict var->coef, lo, hi)
        self.n = {l["id"]: self.var(f"n:{l['id']}", l["nmin"], l["nmax"], 1) for l in sc.levers}
        self.k = {l["id"]: self.var(f"k:{l['id']}", 0, math.inf if l["cost"] else 0, 0) for l in sc.levers}
        self.y = {p["id"]: self.var(f"y:{p['id']}", 0, 1, 1) for p in sc.programs}
        self.c = {p["id"]: self.var(f"c:{p['id']}", 0, math.inf, 0) for p in sc.programs if p["kind"]}
        self.z = {t["id"]: self.var(f"z:{t['id']}", 0, 1, 1) for t in sc.tiers}
        self.d = self.var("d", 0, sc.dmax, 0)
        self.w = self.var("w", -math.inf, math.inf, 0) if sc.objective == "balanced" else None
        self.warnings = []

        for l in sc.levers:
            C = lambda x, l=l: Scenario.cost_at(l, x)
            for start, slope in l["cost"]:
                # k >= slope * (step*n - from) + C(from)
                self.row({self.k[l["id"]]: 1, self.n[l["id"]]: -slope * l["step"]},
                         -slope * start + C(start), math.inf)
        for p in sc.programs:
            y = self.y[p["id"]]
            for cond in p["requires"]:
                self.condition(cond, y, f"programs.{p['id']}")
            if p["kind"]:
                c = self.c[p["id"]]
                self.row({c: 1, y: -p["cap"]}, -math.inf, 0)
                if p["rate"] is not None:
                    expr = self.lever_expr(p["base"], -p["rate"])
                    expr[c] = expr.get(c, 0) + 1
                    self.row(expr, -math.inf, p["rate"] * p["base"][1])
        for group in sc.exclusive:
            self.row({self.y[sc.programs[i]["id"]]: 1 for i in group}, -math.inf, 1)
        self.row({self.z[t["id"]]: 1 for t in sc.tiers}, 1, 1)
        for t in sc.tiers:
            for cond in t["requires"]:
                self.condition(cond, self.z[t["id"]], f"tiers.{t['id']}")
        env = {self.d: 1.0}
        for p in sc.programs:
            if p["kind"] == "concession":
                env[self.c[p["id"]]] = env.get(self.c[p["id"]], 0) + 1
            if p["expand"]:
                env[self.y[p["id"]]] = env.get(self.y[p["id"]], 0) - p["expand"]
        for t in sc.tiers:
            env[self.z[t["id"]]] = env.get(self.z[t["id"]], 0) - t["maxPct"] * sc.B
        self.row(env, -math.inf, 0)
        # participation: sum value*q - sum c - d >= hurdle
        self.row(self.microsoft_net(), sc.hurdle, math.inf)
        for con in sc.constraints:
            expr = self.lever_expr(con["form"], 1)
            const = con["form"][1]
            self.row(expr, con["lo"] - const, con["hi"] - const)
        if self.w is not None:
            bv = self.buyer_value()
            self.row({**{v: -a for v, a in bv.items()}, self.w: 1}, -math.inf, 0)
            mn = self.microsoft_net()
            self.row({**{v: -a for v, a in mn.items()}, self.w: 1}, -math.inf, -sc.hurdle)

    def var(self, name, lb, ub, integ):
        self.names.append(name)
        self.lb.append(lb)
        self.ub.append(ub)
        self.integ.append(integ)
        return len(self.names) - 1

    def row(self, coef, lo, hi):
        self.rows.append((dict(coef), lo, hi))

    def lever_expr(self, form, scale):
        coef, _ = form
        expr = {}
        for lid, c in coef.items():
            l = self.sc.levers[self.sc.lever_index[lid]]
            expr[self.n[lid]] = expr.get(self.n[lid], 0) + scale * c * l["step"]
        return expr

    def condition(self, cond, b, where):
        form = self.sc.cond_form(cond)
        L, U = self.sc.range(form)
        expr = self.lever_expr(form, 1)
        const = form[1]
        if "atLeast" in cond:
            X = float(cond["atLeast"])
            if L >= X:
                return
            if U < X:
                self.ub[b] = 0
                self.warnings.append(f"{where}: condition {cond} can never hold (range {L}..{U})")
                return
            # expr >= X - (X - L)(1 - b)  <=>  expr - (X - L) b >= L
            expr[b] = expr.get(b, 0) - (X - L)
            self.row(expr, L - const, math.inf)
        else:
            X = float(cond["atMost"])
            if U <= X:
                return
            if L > X:
                self.ub[b] = 0
                self.warnings.append(f"{where}: condition {cond} can never hold (range {L}..{U})")
                return
            # expr <= X + (U - X)(1 - b)  <=>  expr + (U - X) b <= U
            expr[b] = expr.get(b, 0) + (U - X)
            self.row(expr, -math.inf, U - const)

    def contributions(self):
        return {v: 1.0 for v in self.c.values()}

    def buyer_value(self):
        e = self.contributions()
        e[self.d] = 1.0
        for v in self.k.values():
            e[v] = -1.0
        return e

    def microsoft_net(self):
        e = {}
        for l in self.sc.levers:
            if l["value"]:
                e[self.n[l["id"]]] = l["value"] * l["step"]
        for v in self.c.values():
            e[v] = e.get(v, 0) - 1
        e[self.d] = e.get(self.d, 0) - 1
        return e

    def dense(self, coef):
        a = np.zeros(len(self.names))
        for v, x in coef.items():
            a[v] += x
        return a

    def solve_once(self, objective, extra_rows, fix=None):
        nvar = len(self.names)
        c = self.dense(objective)
        rows = self.rows + extra_rows
        A = np.array([self.dense(r[0]) for r in rows]) if rows else np.zeros((0, nvar))
        lo = np.array([r[1] for r in rows])
        hi = np.array([r[2] for r in rows])
        lb, ub = np.array(self.lb, float), np.array(self.ub, float)
        for v, val in (fix or {}).items():
            lb[v] = ub[v] = val
        with quiet_stdout():
            res = milp(c, constraints=LinearConstraint(A, lo, hi), integrality=np.array(self.integ),
                       bounds=Bounds(lb, ub),
                       options={"mip_rel_gap": 1e-12, "presolve": True, "time_limit": 120})
        return res

    def solve(self, fix=None):
        """Four lexicographic passes. Returns None when infeasible."""
        first = {self.w: -1.0} if self.w is not None else {v: -a for v, a in self.buyer_value().items()}
        passes = [first,
                  {v: 1.0 for v in self.k.values()},
                  {self.n[l["id"]]: l["step"] for l in self.sc.levers},
                  {self.d: 1.0}]
        bounds = []  # (objective of an earlier pass, its optimum)
        res = None
        for number, objective in enumerate(passes, start=1):
            # HiGHS accepts integers within 1e-6, so with steps of 1,000,000 an earlier pass
            # can report an optimum a few thousandths better than any exact trade. When a
            # later pass then finds nothing, loosen the earlier bounds, at most to 1e-6 relative.
            for loosen in (1, 10, 100, 1000):
                rows = [(o, -math.inf, v + loosen * pass_tol(v)) for o, v in bounds]
                res = self.solve_once(objective, rows, fix)
                if res.status == 0 or not bounds:
                    break
            if res.status != 0:
                if not bounds and res.status == 2:
                    return None
                raise RuntimeError(f"MILP pass {number} failed: {res.message}")
            if loosen > 1:
                self.warnings.append(f"pass {number}: earlier bounds loosened {loosen}x for HiGHS's tolerances")
            bounds.append((objective, res.fun))
        return self.extract(res.x)

    def extract(self, x):
        sc = self.sc
        q = {l["id"]: l["step"] * round(x[self.n[l["id"]]]) for l in sc.levers}
        cost = {l["id"]: Scenario.cost_at(l, q[l["id"]]) for l in sc.levers}
        contrib = {pid: max(0.0, x[v]) for pid, v in self.c.items()}
        d = max(0.0, x[self.d])
        y = {pid: round(x[v]) for pid, v in self.y.items()}
        tier = [t["id"] for t in sc.tiers if round(x[self.z[t["id"]]]) == 1][0]
        tpct = {t["id"]: t["maxPct"] for t in sc.tiers}[tier]
        envelope = tpct * sc.B + sum(p["expand"] for p in sc.programs if y[p["id"]])
        used = d + sum(contrib[p["id"]] for p in sc.programs if p["kind"] == "concession")
        active = []
        for p in sc.programs:
            if p["kind"] and contrib[p["id"]] > 1e-6 * max(1.0, p["cap"]):
                active.append(p["id"])
            elif not p["kind"] and y[p["id"]] and used > envelope - p["expand"] + 1e-6 * max(1.0, envelope):
                active.append(p["id"])
        total_c = sum(contrib.values())
        value = sum(l["value"] * q[l["id"]] for l in sc.levers)
        return {
            "status": "optimal",
            "buyerValue": total_c + d - sum(cost.values()),
            "microsoftNet": value - total_c - d,
            "totalCost": sum(cost.values()),
            "totalQuantity": sum(q.values()),
            "discount": d,
            "contributionsPlusDiscount": total_c + d,
            "levers": q,
            "activePrograms": active,
            "tier": tier,
            # extra detail, not compared
            "_costs": cost, "_contributions": contrib, "_y": y,
            "_envelope": envelope, "_envelopeUsed": used,
        }


# --------------------------------------------------------------------------- method 2: brute force


def brute_force(sc, limit=2_000_000):
    sizes = [l["nmax"] - l["nmin"] + 1 for l in sc.levers]
    if math.prod(sizes) > limit:
        return None
    configs = []  # (objective, K, Q, q, programs on, tier, lp data)
    for ns in itertools.product(*[range(l["nmin"], l["nmax"] + 1) for l in sc.levers]):
        q = {l["id"]: l["step"] * n for l, n in zip(sc.levers, ns)}
        if not all(con["lo"] - 1e-9 <= Scenario.evaluate(con["form"], q) <= con["hi"] + 1e-9
                   for con in sc.constraints):
            continue
        K = sum(Scenario.cost_at(l, q[l["id"]]) for l in sc.levers)
        Q = sum(q.values())
        V = sum(l["value"] * q[l["id"]] for l in sc.levers)
        eligible = [i for i, p in enumerate(sc.programs) if all(sc.holds(c, q) for c in p["requires"])]
        tiers = [t for t in sc.tiers if all(sc.holds(c, q) for c in t["requires"])]
        if not tiers:
            continue
        for r in range(len(eligible) + 1):
            for on in itertools.combinations(eligible, r):
                if any(sum(1 for i in on if i in g) > 1 for g in sc.exclusive):
                    continue
                for t in tiers:
                    lp = build_lp(sc, q, V, K, on, t)
                    best = lp_solve(lp, lp["objective"], maximize=True)
                    if best is None:
                        continue
                    configs.append({"obj": best[0] + lp["offset"], "K": K, "Q": Q, "q": q, "V": V, "on": on,
                                    "tier": t["id"], "lp": lp})
    if not configs:
        return {"status": "infeasible"}
    best = max(c["obj"] for c in configs)
    cands = [c for c in configs if c["obj"] >= best - pass_tol(best)]
    kmin = min(c["K"] for c in cands)
    cands = [c for c in cands if c["K"] <= kmin + pass_tol(kmin)]
    qmin = min(c["Q"] for c in cands)
    cands = [c for c in cands if c["Q"] <= qmin + pass_tol(qmin)]
    for c in cands:
        lp = c["lp"]
        lp["keep"] = (lp["objective"], best - pass_tol(best))
        c["dmin"] = lp_solve(lp, lp["dvec"], maximize=False)[0]
    dmin = min(c["dmin"] for c in cands)
    face = [c for c in cands if c["dmin"] <= dmin + pass_tol(dmin)]

    problems = []
    levers = {tuple(sorted(c["q"].items())) for c in face}
    if len(levers) > 1:
        problems.append(f"several optimal lever vectors: {sorted(levers)}")
    tiers = {c["tier"] for c in face}
    if len(tiers) > 1:
        problems.append(f"several optimal tiers: {sorted(tiers)}")
    cmin = {p["id"]: math.inf for p in sc.programs if p["kind"]}
    cmax = {p["id"]: 0.0 for p in sc.programs if p["kind"]}
    totals = []
    for c in face:
        lp = c["lp"]
        lp["dcap"] = dmin + pass_tol(dmin)
        totals.append(lp_solve(lp, lp["total"], maximize=False)[0])
        totals.append(lp_solve(lp, lp["total"], maximize=True)[0])
        for pid in cmin:
            if pid in lp["cindex"]:
                vec = np.zeros(lp["nvar"])
                vec[lp["cindex"][pid]] = 1
                cmin[pid] = min(cmin[pid], lp_solve(lp, vec, maximize=False)[0])
                cmax[pid] = max(cmax[pid], lp_solve(lp, vec, maximize=True)[0])
            else:
                cmin[pid] = 0.0
    if max(totals) - min(totals) > 1e-6 * max(1.0, abs(max(totals))):
        problems.append(f"sum of contributions plus discount not unique: {min(totals)}..{max(totals)}")
    active = []
    for p in sc.programs:
        pid = p["id"]
        if p["kind"]:
            eps = 1e-6 * max(1.0, p["cap"])
            if cmin[pid] > eps:
                active.append(pid)
            elif cmax[pid] > eps:
                problems.append(f"program {pid} active in some optimal trades, not in others "
                                f"(contribution {cmin[pid]}..{cmax[pid]})")
        elif p["expand"] and all(sc.program_index[pid] in c["on"] for c in face):
            active.append(pid)
    rep = face[0]
    d = dmin
    total = min(totals)
    return {
        "status": "optimal",
        "buyerValue": total - rep["K"],
        "microsoftNet": rep["V"] - total,
        "totalCost": rep["K"],
        "totalQuantity": rep["Q"],
        "discount": d,
        "contributionsPlusDiscount": total,
        "levers": dict(rep["q"]),
        "activePrograms": active,
        "tier": rep["tier"],
        "_problems": problems,
        "_configs": len(configs),
    }


def build_lp(sc, q, V, K, on, tier):
    """Variables: c_p for active contributing programs, d, and w under balanced."""
    cindex = {}
    ub = []
    for i in on:
        p = sc.programs[i]
        if p["kind"]:
            cap = p["cap"]
            if p["rate"] is not None:
                cap = min(cap, p["rate"] * Scenario.evaluate(p["base"], q))
            cindex[p["id"]] = len(ub)
            ub.append(max(0.0, cap))
    di = len(ub)
    ub.append(sc.dmax)
    nvar = len(ub) + (1 if sc.objective == "balanced" else 0)
    lb = [0.0] * len(ub)
    if sc.objective == "balanced":
        lb.append(-math.inf)
        ub.append(math.inf)
    total = np.zeros(nvar)
    for j in cindex.values():
        total[j] = 1
    total[di] = 1
    conc = np.zeros(nvar)
    for pid, j in cindex.items():
        if sc.programs[sc.program_index[pid]]["kind"] == "concession":
            conc[j] = 1
    conc[di] = 1
    envelope = tier["maxPct"] * sc.B + sum(sc.programs[i]["expand"] for i in on)
    A = [conc, total]
    b = [envelope, V - sc.hurdle]
    if sc.objective == "balanced":
        wv = np.zeros(nvar)
        wv[-1] = 1
        A += [wv - total, wv + total]   # w <= total - K ; w <= V - total - hurdle
        b += [-K, V - sc.hurdle]
        objective = wv
    else:
        objective = total  # buyer value = total - K, K fixed here
    dvec = np.zeros(nvar)
    dvec[di] = 1
    return {"A": A, "b": b, "lb": lb, "ub": ub, "nvar": nvar, "objective": objective,
            "offset": 0.0 if sc.objective == "balanced" else -K, "total": total,
            "dvec": dvec, "cindex": cindex, "di": di, "keep": None, "dcap": None}


def lp_solve(lp, vec, maximize):
    A = list(lp["A"])
    b = list(lp["b"])
    if lp["keep"] is not None:
        obj, floor = lp["keep"]
        A.append(-obj)
        b.append(-(floor - lp["offset"]))
    ub = list(lp["ub"])
    if lp["dcap"] is not None:
        ub[lp["di"]] = min(ub[lp["di"]], lp["dcap"])
    res = linprog(-vec if maximize else vec, A_ub=np.array(A), b_ub=np.array(b),
                  bounds=list(zip(lp["lb"], [None if math.isinf(u) else u for u in ub])),
                  method="highs")
    if res.status != 0:
        return None
    return (-res.fun if maximize else res.fun), res.x


# --------------------------------------------------------------------------- comparison


KEYS = ["buyerValue", "microsoftNet", "totalCost", "totalQuantity", "discount", "contributionsPlusDiscount"]


def compare(expected, got):
    if got is None:
        got = {"status": "infeasible"}
    errs = []
    if expected["status"] != got["status"]:
        return [f"status {got['status']} != expected {expected['status']}"]
    if expected["status"] != "optimal":
        return errs
    # A value that is 0 on a deal of 100,000 is compared at 1e-6 of 100,000, not of 1:
    # each lexicographic pass may move the earlier ones by 1e-9 relative.
    scale = max(abs(expected[k]) for k in KEYS if k in expected and k != "totalQuantity")
    for key in KEYS:
        if key in expected and not close(expected[key], got[key], scale):
            errs.append(f"{key} {got[key]} != expected {expected[key]}")
    for lid, v in expected["levers"].items():
        if not close(v, got["levers"].get(lid, math.nan)):
            errs.append(f"levers.{lid} {got['levers'].get(lid)} != expected {v}")
    if set(expected["levers"]) != set(got["levers"]):
        errs.append(f"lever ids {sorted(got['levers'])} != expected {sorted(expected['levers'])}")
    if sorted(expected["activePrograms"]) != sorted(got["activePrograms"]):
        errs.append(f"activePrograms {sorted(got['activePrograms'])} != expected {sorted(expected['activePrograms'])}")
    if expected["tier"] != got["tier"]:
        errs.append(f"tier {got['tier']} != expected {expected['tier']}")
    return errs + got.get("_problems", [])


def load(path):
    with open(path) as f:
        return json.load(f) if path.endswith(".json") else yaml.safe_load(f)


def check_dir(directory):
    failures = 0
    paths = sorted(glob.glob(os.path.join(directory, "*.yaml")))
    for path in paths:
        name = os.path.basename(path)[:-5]
        exp_path = os.path.join(directory, name + ".expected.json")
        if not os.path.exists(exp_path):
            print(f"FAIL {name}: no {name}.expected.json")
            failures += 1
            continue
        expected = load(exp_path)
        sc = Scenario(load(path))
        model = Milp(sc)
        milp_result = model.solve()
        for warning in model.warnings:
            print(f"note {name}: {warning}")
        brute = brute_force(sc)
        errs = [f"milp: {e}" for e in compare(expected, milp_result)]
        if brute is None:
            errs.append("brute force: too many lever assignments")
        else:
            errs += [f"brute force: {e}" for e in compare(expected, brute)]
        if errs:
            failures += 1
            print(f"FAIL {name}")
            for e in errs:
                print(f"  {e}")
        else:
            detail = expected["status"]
            if detail == "optimal":
                detail += f", buyerValue {expected['buyerValue']:g}, tier {expected['tier']}, " \
                          f"active {expected['activePrograms']}"
            print(f"ok   {name}: milp and brute force ({brute['_configs'] if 'optimal' == brute['status'] else 0}"
                  f" configurations) agree: {detail}")
    print(f"{len(paths) - failures}/{len(paths)} fixtures confirmed")
    return failures == 0


def show(path):
    sc = Scenario(load(path))
    model = Milp(sc)
    for w in model.warnings:
        print(f"warning: {w}")
    r = model.solve()
    if r is None:
        print("infeasible")
        return
    print(f"buyerValue {r['buyerValue']:,.2f}  microsoftNet {r['microsoftNet']:,.2f}  "
          f"(hurdle {sc.hurdle:,.0f})  discount {r['discount']:,.2f}")
    print(f"tier {r['tier']}  envelope {r['_envelope']:,.0f}  used {r['_envelopeUsed']:,.2f}")
    for l in sc.levers:
        print(f"  lever {l['id']:<22} q={r['levers'][l['id']]:>14,.0f}  cost {r['_costs'][l['id']]:>12,.0f}"
              f"  value {l['value'] * r['levers'][l['id']]:>12,.0f}")
    for p in sc.programs:
        fails = [c for c in p["requires"] if not sc.holds(c, r["levers"])]
        state = "ACTIVE" if p["id"] in r["activePrograms"] else "off"
        print(f"  program {p['id']:<24} {state:<6} c={r['_contributions'].get(p['id'], 0):>12,.0f}"
              f"  y={r['_y'][p['id']]}  failing: {fails}")
    for con in sc.constraints:
        v = Scenario.evaluate(con["form"], r["levers"])
        print(f"  constraint {con['id']}: {v:g} in [{con['lo']:g}, {con['hi']:g}]")
    # near misses: force each inactive program on and see what it costs
    for p in sc.programs:
        if p["id"] in r["activePrograms"]:
            continue
        forced = model.solve(fix={model.y[p["id"]]: 1})
        if forced is None:
            print(f"  if {p['id']} were forced on: infeasible")
        else:
            print(f"  if {p['id']} were forced on: buyerValue {forced['buyerValue']:,.0f} "
                  f"({forced['buyerValue'] - r['buyerValue']:+,.0f}), levers {forced['levers']}")
    for t in sc.tiers:
        if t["id"] == r["tier"]:
            continue
        forced = model.solve(fix={model.z[t["id"]]: 1})
        if forced is None:
            print(f"  if tier {t['id']} were forced: infeasible")
        else:
            print(f"  if tier {t['id']} were forced: buyerValue {forced['buyerValue']:,.0f} "
                  f"({forced['buyerValue'] - r['buyerValue']:+,.0f}), levers {forced['levers']}")


def main(argv):
    if len(argv) >= 3 and argv[1] == "--solve":
        for path in argv[2:]:
            print(f"== {path}")
            show(path)
        return 0
    here = os.path.dirname(os.path.abspath(__file__))
    directory = argv[1] if len(argv) > 1 else os.path.join(here, "..", "fixtures", "solve")
    return 0 if check_dir(os.path.normpath(directory)) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
