import Foundation
import Synchronization
import Testing
import Optimization

/// Many solves at once, from threads and from tasks, give the same answers as one after another.
@Suite struct ConcurrencyTests {
    static let seeds = (0..<64).map { UInt64(5000 + $0) }

    static func serialAnswers() throws -> [Double?] {
        try seeds.map { try Knapsack(seed: $0).model().solve().objectiveValue }
    }

    @Test func tasksMatchSerialSolves() async throws {
        let serial = try Self.serialAnswers()
        let concurrent = try await withThrowingTaskGroup(of: (Int, Double?).self) { group in
            for (index, seed) in Self.seeds.enumerated() {
                group.addTask { (index, try await Knapsack(seed: seed).model().solve().objectiveValue) }
            }
            var answers = [Double?](repeating: nil, count: Self.seeds.count)
            for try await (index, value) in group { answers[index] = value }
            return answers
        }
        #expect(concurrent == serial)
        #expect(serial.allSatisfy { $0 != nil })
    }

    @Test func threadsMatchSerialSolves() throws {
        let serial = try Self.serialAnswers()
        let answers = Mutex([Double?](repeating: nil, count: Self.seeds.count))
        DispatchQueue.concurrentPerform(iterations: Self.seeds.count) { index in
            let value = try? Knapsack(seed: Self.seeds[index]).model().solve().objectiveValue
            answers.withLock { $0[index] = value }
        }
        #expect(answers.withLock { $0 } == serial)
    }
}
