/// Scenarios that branch and bound cannot finish quickly, for tests of time limits, cancellation
/// and load. Built from Jeroslow's program: an LP bound half a unit away from every integer point,
/// which GLPK (without parity cuts) proves only by enumerating about 2^(n/2) nodes.
public enum HardScenarios {
    /// n binary levers with Σ 2·x = n, n odd: no trade exists, and proving it takes about
    /// 2^(n/2) nodes, so a solve runs until its limit.
    public static func infeasibleParity(levers n: Int) -> String {
        var text = """
            schema: renewal-trade/v1
            name: Jeroslow \(n)
            currency: USD
            termYears: 1
            baseline: {spend: 1000000}
            levers:

            """
        for index in 0..<n {
            text += "  - {id: l\(index), kind: reference, type: binary, cost: [{from: 0, perUnit: \(index + 1)}]}\n"
        }
        text += "constraints:\n  - id: parity\n    equals: \(n)\n    terms: {"
        text += (0..<n).map { "l\($0): 2" }.joined(separator: ", ") + "}\n"
        return text
    }

    /// A renewal with n binary references, each unlocking a credit of 10,000 + i, at most n/2 of them
    /// by a capacity row with coefficient 2. Every LP bound is half a reference above any integer
    /// trade, so a trade is found at once but proving it optimal takes about C(n, n/2) nodes:
    /// a solve stops at its limit with a trade in hand. At most ⌊n/2⌋ references fit.
    public static func referenceRenewal(references n: Int = 41) -> String {
        var lines = [
            "schema: renewal-trade/v1", "name: Jeroslow renewal", "currency: USD", "termYears: 3",
            "baseline: {spend: 100000000}", "levers:",
        ]
        for i in 0..<n {
            lines.append(
                "  - {id: ref-\(i), kind: reference, type: binary, cost: [{from: 0, perUnit: 0}], value: 1000}")
        }
        lines.append("programs:")
        for i in 0..<n {
            lines.append(
                "  - {id: credit-\(i), element: reference-participation, requires: [{lever: ref-\(i), atLeast: 1}], "
                    + "concession: {cap: \(10000 + i)}}")
        }
        let terms = (0..<n).map { "ref-\($0): 2" }.joined(separator: ", ")
        lines.append("constraints: [{id: capacity, terms: {\(terms)}, atMost: \(n)}]")
        lines.append("envelope: {discount: false, tiers: [{id: account-team, maxPct: 0.5}]}")
        return lines.joined(separator: "\n") + "\n"
    }
}
