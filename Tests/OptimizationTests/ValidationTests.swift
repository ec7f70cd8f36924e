import Testing
import Optimization

/// Inputs that would make GLPK abort, or return nonsense, are refused before any C call.
@Suite struct ValidationTests {
    private func error(_ build: (inout Model) -> Void) -> ModelError? {
        var model = Model(name: "checked")
        build(&model)
        do {
            _ = try model.solve()
            return nil
        } catch {
            return error
        }
    }

    @Test func nonFiniteCoefficient() {
        let error = error { model in
            let x = model.addVariable("x")
            model.addConstraint("nan-row", Double.nan * x <= 1)
        }
        #expect(error?.code == .invalidModel)
        #expect(error?.messages.contains { $0.contains("nan-row") && $0.contains("finite") } == true)
    }

    @Test func infiniteBoundAndObjective() {
        let error = error { model in
            let x = model.addVariable("x", upperBound: .infinity)
            model.setObjective(.maximize, -Double.infinity * x)
        }
        #expect(error?.messages.count == 2)
    }

    @Test func crossedBounds() {
        let error = error { model in
            let x = model.addVariable("x", lowerBound: 3, upperBound: 1)
            model.addConstraint("crossed", LinearRelation(LinearExpression(x), lowerBound: 5, upperBound: 4))
        }
        #expect(error?.messages.count == 2)
        #expect(error?.messages.first?.contains("lower bound 3.0 above upper bound 1.0") == true)
    }

    @Test func integerVariableWithoutIntegerInBounds() {
        let error = error { model in model.addVariable("x", kind: .integer, lowerBound: 0.2, upperBound: 0.8) }
        #expect(error?.messages == ["variable 'x' is integer but no integer lies between 0.2 and 0.8"])
    }

    @Test func badNames() {
        let error = error { model in
            model.addVariable(String(repeating: "n", count: 256))
            model.addVariable("with space")
            model.addVariable("twice")
            model.addVariable("twice")
        }
        #expect(error?.messages.count == 3)
    }

    @Test func variableFromAnotherModel() {
        var other = Model()
        other.addVariable("a")
        let foreign = other.addVariable("b")
        let error = error { model in model.addConstraint("uses-foreign", LinearExpression(foreign) <= 1) }
        #expect(error?.messages == ["constraint 'uses-foreign' uses a variable that is not in this model"])
    }

    @Test func negativeGapAndShortStart() {
        var model = Model()
        model.addVariable("x", kind: .integer, upperBound: 1)
        #expect(throws: ModelError.self) { try model.solve(SolveOptions(relativeGap: -1)) }
        #expect(throws: ModelError.self) { try model.solve(SolveOptions(presolve: false, start: [])) }
    }
}
