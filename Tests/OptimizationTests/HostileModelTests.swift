import Dispatch
import Foundation
@testable import Optimization
import Synchronization
import Testing
import TestSupport

/// Random models with hostile numbers and names: `Model.solve` throws ``ModelError`` or returns a
/// solution, and never takes the process down or hangs.
@Suite("Hostile models: GLPK never aborts the process")
struct HostileModelTests {
    /// Numbers that GLPK mishandles or aborts on without the checks made before any C call.
    static let hostileNumbers: [Double] = [
        .nan, .infinity, -.infinity, 1e308, -1e308, .greatestFiniteMagnitude, 1e300, 1e30, -1e30,
        .leastNonzeroMagnitude, -0.0, 1e-300, 0,
    ]

    /// Names GLPK refuses (too long, whitespace, control characters) or that collide.
    static let hostileNames: [String] = [
        "", String(repeating: "n", count: 300), String(repeating: "é", count: 128), "a b", "tab\there", "nul\u{0}",
        "x", "x", "dup", "ünïcödé", "🚀",
    ]

    struct Case: Sendable {
        var model: Model
        var options: SolveOptions
    }

    /// A random model from `seed`: a few variables and rows, each number ordinary most of the time and hostile sometimes.
    static func model(seed: UInt64) -> Case {
        var random = SplitMix64(seed: seed)
        func number(_ ordinary: ClosedRange<Double>) -> Double {
            Int.random(in: 0..<5, using: &random) == 0
                ? hostileNumbers.randomElement(using: &random)!
                : Double.random(in: ordinary, using: &random).rounded()
        }
        func name(_ prefix: String, _ index: Int) -> String {
            Int.random(in: 0..<6, using: &random) == 0
                ? hostileNames.randomElement(using: &random)! : "\(prefix)\(index)"
        }
        func bound(_ ordinary: ClosedRange<Double>) -> Double? {
            Int.random(in: 0..<4, using: &random) == 0 ? nil : number(ordinary)
        }
        var model = Model(
            name: Int.random(in: 0..<10, using: &random) == 0 ? hostileNames.randomElement(using: &random)! : "fuzz")
        let count = Int.random(in: 0...6, using: &random)
        var variables: [Variable] = []
        for index in 0..<count {
            let kind = [VariableKind.continuous, .integer, .binary].randomElement(using: &random)!
            // lb > ub happens about half the time that both are drawn.
            variables.append(
                model.addVariable(
                    name("x", index), kind: kind, lowerBound: bound(-20...20), upperBound: bound(-20...20)))
        }
        func expression() -> LinearExpression {
            var expression = LinearExpression(constant: Int.random(in: 0..<8, using: &random) == 0 ? number(-5...5) : 0)
            for variable in variables where Bool.random(using: &random) {
                expression.add(number(-10...10), variable)
            }
            // Sometimes a variable from a bigger model: a handle this model does not own.
            if Int.random(in: 0..<25, using: &random) == 0 {
                var other = Model()
                for index in 0...count { other.addVariable("o\(index)") }
                expression.add(1, other.variable(named: "o\(count)")!)
            }
            return expression
        }
        for index in 0..<Int.random(in: 0...5, using: &random) {
            let lower = bound(-50...50)
            let upper = bound(-50...50)
            model.addConstraint(name("r", index), LinearRelation(expression(), lowerBound: lower, upperBound: upper))
        }
        model.setObjective(Bool.random(using: &random) ? .maximize : .minimize, expression())
        var options = SolveOptions(timeLimit: .seconds(5), presolve: Bool.random(using: &random))
        if Int.random(in: 0..<10, using: &random) == 0 { options.relativeGap = number(0...1) }
        if Int.random(in: 0..<10, using: &random) == 0 { options.integralityTolerance = number(0...1) }
        if !options.presolve, Int.random(in: 0..<5, using: &random) == 0 {
            options.start = (0..<max(0, count + Int.random(in: -1...1, using: &random))).map { _ in number(-5...5) }
        }
        return Case(model: model, options: options)
    }

    /// 400 random hostile models, each solved within a time bound on its own thread.
    @Test func randomHostileModelsNeverCrash() {
        var solved = 0
        var rejected = 0
        for seed in UInt64(0)..<400 {
            let item = Self.model(seed: seed)
            let outcome = withinTimeLimit { () -> Result<Solution, ModelError> in
                Result { () throws(ModelError) -> Solution in try item.model.solve(item.options) }
            }
            switch outcome {
            case .success(let solution)?:
                solved += 1
                // A solution in hand has one finite value per variable and respects the bounds it was given.
                if solution.status == .optimal || solution.status == .feasible {
                    #expect(solution.values.count == item.model.variables.count, "seed \(seed)")
                    #expect(solution.values.allSatisfy { $0.isFinite }, "seed \(seed)")
                }
            case .failure(let error)?:
                rejected += 1
                #expect(error.code == .invalidModel || error.code == .solverFailure, "seed \(seed): \(error)")
                #expect(!error.messages.isEmpty)
            case nil:
                Issue.record("seed \(seed) did not finish")
            }
        }
        // Both paths are exercised: neither all rejected nor all solved.
        #expect(solved > 25)
        #expect(rejected > 40)
    }

    /// Each hostile number in each place is rejected before C with a message naming the place.
    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteNumbersAreRejectedByName(_ value: Double) {
        var model = Model()
        let x = model.addVariable("x", upperBound: value)
        model.addConstraint("row", LinearRelation(value * x, lowerBound: 0, upperBound: value))
        model.setObjective(.maximize, x)
        #expect {
            try model.solve()
        } throws: { error in
            let messages = (error as! ModelError).messages
            return messages.contains { $0.contains("variable 'x' upper bound") }
                && messages.contains { $0.contains("constraint 'row' coefficient of 'x'") }
                && messages.contains { $0.contains("constraint 'row' upper bound") }
        }
    }

    @Test func namesGLPKWouldAbortOnAreRejected() {
        var model = Model()
        let long = model.addVariable(String(repeating: "n", count: 300), upperBound: 1)
        let twice = model.addVariable("x", upperBound: 1)
        model.addVariable("x", upperBound: 1)
        model.addConstraint("a b", LinearRelation(long + twice, lowerBound: nil, upperBound: 1))
        #expect {
            try model.solve()
        } throws: { error in
            let messages = (error as! ModelError).messages
            return messages.contains { $0.contains("longer than 255 bytes") }
                && messages.contains { $0.contains("'x' is used twice") }
                && messages.contains { $0.contains("whitespace or control characters") }
        }
    }

    /// The ASCII fast path and the Unicode path agree with Unicode's definitions: NEL (U+0085) and
    /// no-break space (U+00A0) are whitespace, accented letters and CJK are not.
    @Test(arguments: [
        ("a-b_c.d[1]", false), ("", false), ("café", false), ("東京", false),
        ("a b", true), ("a\tb", true), ("a\u{7f}", true), ("\u{1}", true),
        ("a\u{85}b", true), ("a\u{A0}b", true), ("caf\u{E9}\u{2003}x", true),
    ])
    func namesWithWhitespaceOrControlCharacters(name: String, refused: Bool) {
        #expect(Model.hasWhitespaceOrControl(name) == refused)
    }
}
