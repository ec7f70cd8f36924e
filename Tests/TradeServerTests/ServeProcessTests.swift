import Foundation
import Synchronization
import Testing

import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real `trade serve` binary on loopback, called over a TCP socket and stopped with SIGTERM.
@Suite(.serialized) struct ServeProcessTests {
    /// The `trade` executable in the build folder, beside the test bundle.
    static let executable: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("trade").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("trade")
    }()

    /// A running `trade serve --port 0`, with the port it reported.
    struct Server {
        let process: Process
        let port: UInt16

        static func start(_ arguments: [String] = []) throws -> Server {
            let process = Process()
            process.executableURL = ServeProcessTests.executable
            process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"] + arguments
            let output = Pipe()
            process.standardOutput = output
            // Its log (a line per request) is not read here: an undrained pipe fills after about
            // 64 KiB and blocks the server's next log write, with every request behind it.
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The first line on standard output is "listening on http://127.0.0.1:PORT".
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self)
            guard text.hasPrefix("listening on http://127.0.0.1:"),
                let port = UInt16(text.split(separator: ":").last!.trimmingCharacters(in: .whitespacesAndNewlines))
            else {
                process.terminate()
                throw ServeError(message: "unexpected first line: '\(text)'")
            }
            return Server(process: process, port: port)
        }
    }

    struct ServeError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// One request on a fresh connection (`Connection: close`), read to the end.
    static func request(port: UInt16, _ method: String, _ path: String, body: String = "", contentType: String? = nil)
        throws -> HTTPAnswer
    {
        try HTTPAnswer.request(port: port, method, path, body: body, contentType: contentType)
    }

    static func json(_ answer: HTTPAnswer) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any] ?? [:]
    }

    /// Waits for the process to exit, at most `timeout`; true when it did.
    static func waitForExit(_ process: Process, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    @Test func servesOverASocketAndStopsOnSIGTERM() async throws {
        let server = try Server.start()
        defer { if server.process.isRunning { server.process.terminate() } }
        let port = server.port

        let health = try Self.request(port: port, "GET", "/healthz")
        #expect(health.status == 200)
        #expect(try Self.json(health)["status"] as? String == "ok")
        #expect(health.headers["x-request-id"]?.isEmpty == false)

        // The README's hand-worked trade: 270,000 for the buyer.
        let scenario = try packageFile("models/readme-small.yaml")
        let solved = try Self.request(port: port, "POST", "/v1/solve", body: scenario, contentType: "application/yaml")
        #expect(solved.status == 200)
        #expect(number(try Self.json(solved), "buyerValue") == 270_000)

        let invalid = try Self.request(port: port, "POST", "/v1/validate", body: "name: x\n", contentType: "application/yaml")
        #expect(invalid.status == 422)
        #expect(invalid.headers["content-type"] == "application/problem+json")

        let metrics = try Self.request(port: port, "GET", "/metrics")
        #expect(metrics.body.contains("trade_http_requests_total{route=\"/v1/solve\",method=\"POST\",status=\"200\"} 1"))

        kill(server.process.processIdentifier, SIGTERM)
        #expect(try await Self.waitForExit(server.process, timeout: .seconds(10)))
        #expect(server.process.terminationReason == .exit)
        #expect(server.process.terminationStatus == 0)
        #expect(throws: LoopbackError.self) { try Self.request(port: port, "GET", "/healthz") }
    }

    /// A solve in flight when SIGTERM arrives still gets its answer before the server exits.
    @Test func inFlightSolveFinishesAfterSIGTERM() async throws {
        // 4 s of search: polling /metrics on a loaded machine can take over a second a request.
        let server = try Server.start(["--max-time-limit", "4"])
        defer { if server.process.isRunning { server.process.terminate() } }
        let port = server.port
        // Jeroslow's program (see ConcurrentSolveTests): the search runs until the time limit.
        let scenario = HardScenarios.infeasibleParity(levers: 61)
        // On a thread of its own: a blocking socket call in a task could wait for a cooperative
        // thread while the rest of the suite keeps them busy.
        let answered = Mutex<Result<HTTPAnswer, any Error>?>(nil)
        Thread.detachNewThread {
            let result = Result { () throws -> HTTPAnswer in
                try Self.request(port: port, "POST", "/v1/solve", body: scenario, contentType: "application/yaml")
            }
            answered.withLock { $0 = result }
        }
        // Signal once the solve is running (the gauge says so), not merely sent.
        let deadline = ContinuousClock.now + .seconds(30)
        while !(try Self.request(port: port, "GET", "/metrics").body.contains("trade_solves_in_flight 1.0")) {
            if let early = answered.withLock({ $0 }) {
                Issue.record("the solve was answered before it was seen in flight: \(early)")
                return
            }
            #expect(ContinuousClock.now < deadline)
            if ContinuousClock.now > deadline { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(100))
        let signalledAt = ContinuousClock.now
        kill(server.process.processIdentifier, SIGTERM)
        while answered.withLock({ $0 }) == nil && ContinuousClock.now < deadline + .seconds(30) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let answer = try #require(answered.withLock { $0 }).get()
        #expect(answer.status == 200)
        let object = try Self.json(answer)
        #expect(object["status"] as? String == "no-solution")
        #expect(object["termination"] as? String == "time-limit")
        #expect(try await Self.waitForExit(server.process, timeout: .seconds(10)))
        #expect(server.process.terminationStatus == 0)
        // It waited for the solve (up to 1.4 s more) rather than cutting it off.
        #expect(ContinuousClock.now - signalledAt >= .milliseconds(500))
    }
}

