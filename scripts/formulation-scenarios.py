# Interim scenario generator for docs/performance.md ("Formulation quality"), until `trade generate`
# lands: python3 scripts/formulation-scenarios.py LEVERS PROGRAMS SEED OUT.yaml (M: 200 50, L: 2000 400).
import random, sys
def gen(levers, programs, seed):
    r = random.Random(seed)
    L = []; MX = {}
    out = ["schema: renewal-trade/v1", f"name: gen-{levers}-{programs}-{seed}", "currency: USD", "termYears: 3",
           "baseline: {spend: %d}" % (levers * 500000), "levers:"]
    for i in range(levers):
        k = r.choice(["consumption", "consumption", "deployment", "migration", "migration", "reference", "engineering", "executive"])
        lid = f"{k[:3]}-{i}"
        if k == "consumption":
            mx = r.randint(5, 30) * 100000; fc = r.randint(1, mx // 100000 - 1) * 100000
            out.append(f"  - {{id: {lid}, kind: consumption, step: 100000, max: {mx}, cost: [{{from: 0, perUnit: 0}}, {{from: {fc}, perUnit: 0.3}}, {{from: {min(mx, fc + 500000)}, perUnit: 0.6}}], value: 0.{r.randint(10, 25)}}}")
        elif k == "deployment":
            mx = r.randint(10, 100) * 100
            out.append(f"  - {{id: {lid}, kind: deployment, step: 100, max: {mx}, cost: [{{from: 0, perUnit: {r.randint(5, 40)}}}], value: {r.randint(10, 60)}}}")
        elif k in ("migration", "executive"):
            out.append(f"  - {{id: {lid}, kind: {k}, type: binary, cost: [{{from: 0, perUnit: {r.randint(50, 300) * 1000}}}], value: {r.randint(100, 1200) * 1000}}}")
        elif k == "reference":
            out.append(f"  - {{id: {lid}, kind: reference, max: 6, cost: [{{from: 0, perUnit: 15000}}, {{from: 2, perUnit: 45000}}], value: {r.randint(20, 80) * 1000}}}")
        else:
            out.append(f"  - {{id: {lid}, kind: engineering, max: 18, cost: [{{from: 0, perUnit: 18000}}], value: {r.randint(10, 30) * 1000}}}")
        L.append((lid, k)); MX[lid] = (mx if k in ("consumption", "deployment") else 0)
    def cond(lid, k):
        if k == "consumption": return f"{{lever: {lid}, atLeast: {r.randint(1, MX[lid] // 100000) * 100000}}}"
        if k == "deployment": return f"{{lever: {lid}, atLeast: {r.randint(1, MX[lid] // 100) * 100}}}"
        if k == "reference": return f"{{lever: {lid}, atLeast: {r.randint(1, 5)}}}"
        if k == "engineering": return f"{{lever: {lid}, atLeast: {r.randint(3, 12)}}}"
        return f"{{lever: {lid}, atLeast: 1}}"
    migs = [l for l, k in L if k == "migration"]
    cons = [l for l, k in L if k == "consumption"]
    out.append("metrics:")
    out.append("  - {id: total-consumption, terms: {" + ", ".join(f"{c}: 1" for c in cons) + "}}")
    out.append("programs:")
    for p in range(programs):
        picks = r.sample(L, r.choice([1, 1, 2, 2, 3]))
        req = ", ".join(cond(l, k) for l, k in picks)
        kind = r.random()
        if kind < 0.35:
            base = next((l for l, k in picks if k == "migration"), None)
            if base:
                c = f"funding: {{rate: 0.25, base: {base}, cap: {r.randint(2, 10) * 100000}}}"
            else:
                c = f"funding: {{cap: {r.randint(1, 8) * 100000}}}"
            el = "migration-funding"
        elif kind < 0.85:
            c = f"concession: {{cap: {r.randint(1, 15) * 100000}}}"; el = "custom-incentives"
        else:
            c = f"expandsEnvelope: 0.0{r.randint(1, 3)}"; el = "design-partner"
        out.append(f"  - {{id: p{p}, element: {el}, requires: [{req}], {c}}}")
    tot = sum(1 for _ in cons)
    out.append("envelope:")
    out.append("  discount: {maxPct: 0.02}")
    out.append("  tiers:")
    out.append("    - {id: t0, maxPct: 0.03}")
    out.append(f"    - {{id: t1, maxPct: 0.06, requires: [{{metric: total-consumption, atLeast: {tot * 800000}}}]}}")
    out.append(f"    - {{id: t2, maxPct: 0.09, requires: [{{metric: total-consumption, atLeast: {tot * 1400000}}}]}}")
    out.append("microsoft: {hurdle: %d}" % (levers * 20000))
    out.append("constraints:")
    eng = [l for l, k in L if k in ("engineering", "migration", "reference")]
    for c in range(max(1, levers // 20)):
        terms = r.sample(eng, min(len(eng), r.randint(4, 10)))
        coeffs = {t: (r.randint(2, 6) if t.startswith("mig") else 1) for t in terms}
        cap = int(0.4 * sum(coeffs[t] * (1 if t.startswith("mig") else (6 if t.startswith("ref") else 18)) for t in terms))
        out.append(f"  - {{id: capacity-{c}, terms: {{" + ", ".join(f"{t}: {v}" for t, v in coeffs.items()) + f"}}, atMost: {cap}}}")
    progs = list(range(programs)); r.shuffle(progs)
    out.append("exclusive:")
    for g in range(max(1, programs // 10)):
        out.append(f"  - [p{progs[2*g]}, p{progs[2*g+1]}]")
    return "\n".join(out) + "\n"
levers, programs, seed, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
open(path, "w").write(gen(levers, programs, seed))
