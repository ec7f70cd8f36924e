import Foundation
import Optimization
import TestSupport
import Testing

@Suite struct ExportTests {
    static func sample() -> Model {
        var model = Model(name: "export-sample")
        let a = model.addVariable("cost:azure-commit", upperBound: 40)
        let b = model.addVariable("n:case-study", kind: .integer, upperBound: 6)
        let y = model.addVariable("y:reference", kind: .binary)
        model.addConstraint("cap:reference-credits", a - 30 * y <= 0)
        model.addConstraint("cond:reference:0", LinearExpression(b) - 2 * y >= 0)
        model.addConstraint("range", LinearRelation(a + b, in: 1...42))
        model.setObjective(.maximize, a + 2 * b - 5 * y)
        return model
    }

    @Test(arguments: ExportFormat.allCases) func exportIsByteIdentical(format: ExportFormat) throws {
        let first = try Self.sample().export(format)
        let second = try Self.sample().export(format)
        #expect(first == second)
        #expect(!first.isEmpty)
    }

    @Test func lpNamesAreMadeValidAndKeptDistinct() throws {
        let text = try Self.sample().export(.lp)
        #expect(text.contains("cap.reference_credits:"))
        #expect(text.contains("cond.reference.0:"))
        #expect(text.contains("cost.azure_commit"))
        #expect(text.contains("y.reference"))
        // GLPK falls back to r_N / x_N names for names it cannot write; none must remain.
        #expect(!text.contains("r_1") && !text.contains("x_1"))
    }

    @Test func mpsKeepsNamesAndStatesTheSense() throws {
        let text = try Self.sample().export(.mps)
        #expect(text.hasPrefix("* Objective sense: MAXIMIZE"))
        #expect(text.contains("cap:reference-credits"))
    }

    /// Worked by hand: y = 1 costs 5 and allows a ≤ 30, b ≤ 6 with a + b ≤ 42: a = 30, b = 6 gives
    /// 30 + 12 − 5 = 37. With y = 0, a = 0 and b ≤ 6 but a + b ≥ 1: b = 6 gives 12. So 37.
    @Test func glpsolSolvesTheExportedFilesToTheSameObjective() throws {
        let model = Self.sample()
        let ours = try model.solve()
        #expect(ours.objectiveValue == 37)
        #expect(try Glpsol.objective(of: model.export(.lp)) == 37)
        #expect(try Glpsol.objective(of: model.export(.mps), format: "--freemps", options: ["--max"]) == 37)
    }
}
