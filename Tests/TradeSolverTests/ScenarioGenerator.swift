import Foundation
import TestSupport
import TradeModel

/// An exact decimal from its text (`Decimal(0.1)` would go through `Double`).
func dec(_ text: String) -> Decimal { Decimal(string: text)! }

extension Decimal {
    var asDouble: Double { NSDecimalNumber(decimal: self).doubleValue }
    var asInt: Int { NSDecimalNumber(decimal: self).intValue }
}

/// `constant + Σ coefficient · quantity` over lever quantities: a metric or a list of terms, flattened.
/// The test's own version, so that the generator does not lean on the code under test.
struct Affine {
    var constant: Decimal = 0
    var coefficients: [String: Decimal] = [:]

    static func of(_ id: String, levers: [Lever], metrics: [Metric]) -> Affine {
        if levers.contains(where: { $0.id == id }) { return Affine(coefficients: [id: 1]) }
        let metric = metrics.first { $0.id == id }!
        return of(metric.terms, levers: levers, metrics: metrics) + Affine(constant: metric.constant)
    }

    static func of(_ terms: [Term], levers: [Lever], metrics: [Metric]) -> Affine {
        terms.reduce(Affine()) { $0 + of($1.id, levers: levers, metrics: metrics) * $1.coefficient }
    }

    static func + (a: Affine, b: Affine) -> Affine {
        Affine(constant: a.constant + b.constant, coefficients: a.coefficients.merging(b.coefficients, uniquingKeysWith: +))
    }

    static func * (a: Affine, factor: Decimal) -> Affine {
        Affine(constant: a.constant * factor, coefficients: a.coefficients.mapValues { $0 * factor })
    }

    /// The smallest and largest values over the levers' bounds.
    func range(_ levers: [Lever]) -> (low: Decimal, high: Decimal) {
        var low = constant, high = constant
        for lever in levers {
            let c = coefficients[lever.id] ?? 0
            low += c * (c >= 0 ? lever.min : lever.max)
            high += c * (c >= 0 ? lever.max : lever.min)
        }
        return (low, high)
    }

    func value(at quantities: [String: Decimal]) -> Decimal {
        coefficients.reduce(constant) { $0 + $1.value * quantities[$1.key]! }
    }
}

/// Small valid scenarios covering every feature of the spec, with numbers that make limits bind
/// often. At most about 5,000 integer assignments each (lever values × program states × tiers).
struct ScenarioGenerator {
    private var random: SplitMix64
    private var levers: [Lever] = []
    private var metrics: [Metric] = []

    static func scenario(seed: UInt64) -> Scenario {
        var generator = ScenarioGenerator(random: SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 17))
        return generator.make(seed)
    }

    private init(random: SplitMix64) { self.random = random }

    private mutating func make(_ seed: UInt64) -> Scenario {
        let programCount = random.pick([0, 1, 2, 2, 3, 3, 4, 4])
        let defaultTiers = random.chance(0.2)
        let tierCount = defaultTiers ? 1 : random.int(1...3)
        var budget = 5000 / ((1 << programCount) * tierCount)
        let leverCount = random.int(1...3)
        for index in 0..<leverCount {
            let room = budget >> (leverCount - index - 1)  // leave at least 2 values for each later lever
            let lever = makeLever(index, maxValues: Swift.min(12, room))
            levers.append(lever)
            budget /= (lever.max - lever.min).asInt / lever.step.asInt + 1
        }
        for index in 0..<random.pick([0, 0, 1, 1, 2, 3]) { metrics.append(makeMetric(index)) }
        let programs = (0..<programCount).map { makeProgram($0) }

        let baseline = Decimal(random.pick([1000, 2000, 5000, 10000]))
        let discount: Envelope.Discount =
            random.chance(0.4) ? .unlimited
            : random.chance(0.5) ? .none : .upTo(maxPct: dec(random.pick(["0", "0.01", "0.02", "0.05"])))
        let tiers =
            defaultTiers
            ? Envelope.defaultTiers
            : (0..<tierCount).map { index in
                let conditions =
                    index == 0
                    ? (random.chance(0.15) ? [makeCondition()] : [])
                    : (random.chance(0.8) ? (0..<random.int(1...2)).map { _ in makeCondition() } : [])
                return Tier(
                    id: "t\(index)", maxPct: dec(random.pick(["0", "0.01", "0.02", "0.05", "0.1"])),
                    requires: conditions)
            }

        let reachableValue = levers.reduce(Decimal(0)) { $0 + $1.value * $1.max }
        let hurdle: Decimal
        let draw = Double.random(in: 0..<1, using: &random)
        if draw < 0.4 {
            hurdle = 0
        } else if draw < 0.05 + 0.4 {
            hurdle = reachableValue.wholeRounded() + 10  // Microsoft can never reach it
        } else if draw < 0.75 {
            let share = dec(random.pick(["0.1", "0.25", "0.5", "0.8"]))
            hurdle = Swift.max(1, (reachableValue * share).wholeRounded())
        } else {
            hurdle = -Decimal(random.pick([10, 50, 200]))
        }

        let constraints = (0..<random.pick([0, 0, 1, 1, 2])).map { makeConstraint($0) }
        var exclusive: [[String]] = []
        if programCount >= 2 && random.chance(0.45) {
            for _ in 0..<(random.chance(0.2) ? 2 : 1) {
                let size = random.int(2...Swift.min(3, programCount))
                exclusive.append(Array((0..<programCount).shuffled(using: &random).prefix(size)).sorted().map { "p\($0)" })
            }
        }
        return Scenario(
            name: "seed-\(seed)", currency: "USD", termYears: random.int(1...5), baseline: Baseline(spend: baseline),
            levers: levers, metrics: metrics, programs: programs, envelope: Envelope(discount: discount, tiers: tiers),
            microsoft: MicrosoftSide(hurdle: hurdle), constraints: constraints, exclusive: exclusive,
            objective: random.chance(0.4) ? .balanced : .buyerValue)
    }

    private mutating func makeLever(_ index: Int, maxValues: Int) -> Lever {
        let binary = random.chance(0.25)
        let step = Decimal(random.pick([1, 1, 2, 5, 1000]))
        let count = binary ? 2 : random.int(2...Swift.max(2, maxValues))
        let min = binary ? 0 : step * Decimal(random.pick([0, 0, 0, 1, 2, 3]))
        let max = min + step * Decimal(count - 1)
        let value = Decimal(random.pick([0, 10, 20, 50, 100])) / step
        var cost: [CostSegment] = []
        if random.chance(0.7) {
            var from = min
            if min > 0 && random.chance(0.5) { from = Swift.max(0, min - step * Decimal(random.int(1...3))) }
            let positions = (1...count).flatMap { j in [min + step * Decimal(j), min + step * Decimal(j) - step / 2] }
            var candidates: [Decimal] = []  // deduplicated in a fixed order: a Set's order changes from run to run
            for position in positions where position > from && !candidates.contains(position) { candidates.append(position) }
            let later = Array(candidates.shuffled(using: &random).prefix(random.pick([0, 0, 1, 1, 2]))).sorted()
            var slope = Decimal(random.pick([0, 0, 5, 10, 20])) / step
            for start in [from] + later {
                cost.append(CostSegment(from: start, perUnit: slope))
                slope += Decimal(random.pick([0, 5, 10, 30])) / step
            }
        }
        return Lever(
            id: "l\(index)", kind: random.pick(Lever.Kind.allCases), type: binary ? .binary : .integer, step: step,
            min: min, max: max, cost: cost, value: value)
    }

    private mutating func makeMetric(_ index: Int) -> Metric {
        let money = random.chance(0.5)
        var terms: [Term] = []
        for lever in levers.shuffled(using: &random).prefix(random.int(1...Swift.min(2, levers.count))) {
            let coefficient =
                money
                ? Decimal(random.pick([10, 20, 50])) / lever.step : dec(random.pick(["1", "2", "0.5", "-1", "3"]))
            terms.append(Term(lever.id, coefficient))
        }
        if index > 0 && random.chance(0.6) {
            let coefficient = dec(random.pick(money ? ["1", "0.5", "2"] : ["1", "0.5", "2", "-1"]))
            terms.append(Term(random.pick(metrics).id, coefficient))
        }
        if random.chance(0.3) { terms.shuffle(using: &random) }
        let constant = dec(random.pick(money ? ["0", "0", "10", "100"] : ["0", "0", "5", "-5", "-10"]))
        return Metric(id: "m\(index)", terms: terms, constant: constant)
    }

    private mutating func randomPoint() -> [String: Decimal] {
        Dictionary(uniqueKeysWithValues: levers.map { lever in
            let steps = (lever.max - lever.min).asInt / lever.step.asInt
            return (lever.id, lever.min + lever.step * Decimal(random.int(0...steps)))
        })
    }

    /// A condition that holds for some assignments and not others, and now and then one that always
    /// holds or can never hold.
    private mutating func makeCondition() -> Condition {
        let subject: Condition.Subject =
            !metrics.isEmpty && random.chance(0.4) ? .metric(random.pick(metrics).id) : .lever(random.pick(levers).id)
        let form = Affine.of(subject.id, levers: levers, metrics: metrics)
        let (low, high) = form.range(levers)
        let comparison: Condition.Comparison = random.chance(0.5) ? .atLeast : .atMost
        let draw = Double.random(in: 0..<1, using: &random)
        let threshold: Decimal
        if draw < 0.08 {  // can never hold
            let gap = dec(random.pick(["1", "0.5"]))
            threshold = comparison == .atLeast ? high + gap : low - gap
        } else if draw < 0.16 {  // always holds
            let gap = dec(random.pick(["0", "1"]))
            threshold = comparison == .atLeast ? low - gap : high + gap
        } else {
            let value = form.value(at: randomPoint())
            threshold = random.chance(0.15) ? value + dec("0.5") : value
        }
        return Condition(subject, comparison, threshold)
    }

    private mutating func makeProgram(_ index: Int) -> Program {
        let requires = (0..<random.pick([0, 1, 1, 2])).map { _ in makeCondition() }
        var contribution: Contribution?
        if random.chance(0.85) {
            let kind: Contribution.Kind = random.chance(0.5) ? .funding : .concession
            let cap = Decimal(random.pick([20, 50, 100, 200, 400]))
            if random.chance(0.5) {
                let bases = levers.map(\.id)
                    + metrics.map(\.id).filter { Affine.of($0, levers: levers, metrics: metrics).range(levers).low >= 0 }
                let rate = dec(random.pick(["0.1", "0.25", "0.5", "1", "2"]))
                contribution = Contribution(kind: kind, cap: cap, rate: rate, base: random.pick(bases))
            } else {
                contribution = Contribution(kind: kind, cap: cap)
            }
        }
        let expands =
            contribution == nil || random.chance(0.25) ? dec(random.pick(["0.01", "0.02", "0.05"])) : nil
        return Program(
            id: "p\(index)", element: random.pick(Program.Element.allCases), requires: requires,
            contribution: contribution, expandsEnvelope: expands)
    }

    private mutating func makeConstraint(_ index: Int) -> BuyerConstraint {
        let ids = (levers.map(\.id) + metrics.map(\.id)).shuffled(using: &random).prefix(random.int(1...2))
        let terms = ids.map { Term($0, dec(random.pick(["1", "2", "-1", "0.5"]))) }
        let form = Affine.of(terms, levers: levers, metrics: metrics)
        let value = form.value(at: randomPoint())
        let draw = Double.random(in: 0..<1, using: &random)
        if draw < 0.35 {
            return BuyerConstraint(id: "c\(index)", terms: terms, atMost: value)
        } else if draw < 0.6 {
            return BuyerConstraint(id: "c\(index)", terms: terms, atLeast: value)
        } else if draw < 0.8 {
            return BuyerConstraint(id: "c\(index)", terms: terms, equals: value)
        }
        let other = form.value(at: randomPoint())
        return BuyerConstraint(
            id: "c\(index)", terms: terms, atLeast: Swift.min(value, other), atMost: Swift.max(value, other))
    }
}

extension Decimal {
    /// Rounded to a whole number.
    func wholeRounded() -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, .plain)
        return result
    }
}
