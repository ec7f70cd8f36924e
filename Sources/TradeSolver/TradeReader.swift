import Foundation
import Optimization
import TradeModel

/// Reads a solution back in the scenario's terms. Quantities are snapped to whole steps and costs
/// recomputed exactly from them; solver noise below a millionth is cleared from money.
struct TradeReader {
    let formulation: Formulation
    let warnings: [Diagnostic]

    private var scenario: Scenario { formulation.scenario }

    func trade(_ solution: Solution, termination: Termination, gap: Double?, tieBreaksComplete: Bool) -> Trade {
        var trade = Trade(
            status: status(solution.status), termination: termination, gap: nil, buyerValue: nil,
            microsoftNet: nil, hurdle: scenario.microsoft.hurdle, objective: scenario.objective, levers: [],
            programs: [], discount: nil, envelope: nil, constraints: [], tieBreaksComplete: tieBreaksComplete,
            warnings: warnings)
        guard solution.hasSolution else { return trade }
        trade.gap = solution.status == .feasible ? gap : nil
        let quantities = Dictionary(uniqueKeysWithValues: scenario.levers.map { lever in
            (lever.id, lever.step * Decimal(Int(solution.value(of: formulation.steps[lever.id]!).rounded())))
        })
        trade.levers = scenario.levers.map { lever in
            let quantity = quantities[lever.id]!
            return LeverOutcome(
                id: lever.id, quantity: quantity, cost: CostCurve(lever).cost(at: quantity),
                valueToMicrosoft: lever.value * quantity)
        }
        let baseline = scenario.baseline.spend
        trade.programs = scenario.programs.map { program in
            let active = solution.value(of: formulation.active[program.id]!) > 0.5
            let contribution = formulation.contributions[program.id].map { money(solution.value(of: $0)) } ?? 0
            let expansion = active ? ((program.expandsEnvelope ?? 0) * baseline).double : 0
            return ProgramOutcome(id: program.id, active: active, contribution: contribution, envelopeExpansion: expansion)
        }
        let discount = money(solution.value(of: formulation.discount))
        trade.discount = discount
        let tier = scenario.envelope.tiers.first { solution.value(of: formulation.tiers[$0.id]!) > 0.5 }
            ?? scenario.envelope.tiers[0]
        let concessions = scenario.programs.filter { $0.contribution?.kind == .concession }
            .compactMap { program in trade.programs.first { $0.id == program.id }?.contribution }
        trade.envelope = EnvelopeOutcome(
            tier: tier.id,
            size: (tier.maxPct * baseline).double + trade.programs.reduce(0) { $0 + $1.envelopeExpansion },
            used: discount + concessions.reduce(0, +))
        let fromMicrosoft = discount + trade.programs.reduce(0) { $0 + $1.contribution }
        trade.buyerValue = fromMicrosoft - trade.totalCost.double
        trade.microsoftNet = trade.levers.reduce(Decimal(0)) { $0 + $1.valueToMicrosoft }.double - fromMicrosoft
        trade.constraints = scenario.constraints.compactMap { constraint in
            guard let form = formulation.index.linearForm(of: constraint.terms) else { return nil }
            let activity = form.coefficients.reduce(form.constant) { $0 + $1.value * quantities[$1.key, default: 0] }
            let slacks = [constraint.atLeast.map { activity - $0 }, constraint.atMost.map { $0 - activity }]
            return ConstraintOutcome(id: constraint.id, activity: activity, slack: slacks.compactMap { $0 }.min() ?? 0)
        }
        return trade
    }

    private func status(_ status: SolutionStatus) -> TradeStatus {
        switch status {
        case .optimal: .optimal
        case .feasible: .feasible
        case .infeasible, .unbounded: .infeasible  // unbounded never reaches here: the run throws
        case .noSolution: .noSolution
        }
    }

    /// Clears solver noise: values within a millionth of a whole millionth are snapped to it.
    private func money(_ value: Double) -> Double {
        let snapped = (value * 1e6).rounded() / 1e6
        return abs(snapped) < 1e-6 ? 0 : snapped
    }
}
