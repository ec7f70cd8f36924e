import Foundation
import TestSupport
import Testing

/// Clients that stall or trickle, against the real `trade serve` (the router test client cannot
/// send a body slowly): 408 and a closed connection within the configured timeouts, and no solve
/// slot held meanwhile.
@Suite(.serialized) struct SlowClientTests {
    typealias Server = ServeProcessTests.Server

    /// A raw connection to the server, with a receive timeout so that no test can hang.
    static func openConnection(_ port: UInt16) throws -> LoopbackConnection {
        try LoopbackConnection(port: port, receiveTimeout: 8)
    }

    static func head(port: UInt16, length: Int) -> String {
        "POST /v1/solve HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/yaml\r\nContent-Length: \(length)\r\n\r\n"
    }

    /// One slot and no queue. A client trickles its body a byte every 100 ms and another stalls
    /// after its headers; both get 408 about 1 s (the body timeout) after they started, and the
    /// connection is closed. Meanwhile a normal solve is answered: neither held the slot.
    @Test func tricklingAndStalledBodiesGet408WithoutHoldingASlot() async throws {
        let server = try Server.start([
            "--body-timeout", "1", "--idle-timeout", "5", "--max-concurrent-solves", "1", "--queue-depth", "0",
        ])
        defer { if server.process.isRunning { server.process.terminate() } }
        let port = server.port
        let scenario = try packageFile("models/readme-small.yaml")

        let trickle = Task.detached { () -> String in
            let connection = try Self.openConnection(port)
            defer { connection.close() }
            try connection.send(Self.head(port: port, length: scenario.utf8.count))
            // 3 s of trickling at most: far more than the 1 s allowed.
            for character in scenario.prefix(30) {
                // The server answers 408 and closes while the client still trickles: a failed send is expected.
                try? connection.send(String(character))
                try await Task.sleep(for: .milliseconds(100))
            }
            return connection.readToEnd()
        }
        let stall = Task.detached { () -> String in
            let connection = try Self.openConnection(port)
            defer { connection.close() }
            try connection.send(Self.head(port: port, length: 100) + "name: x")
            return connection.readToEnd()
        }
        try await Task.sleep(for: .milliseconds(300))
        let solved = try ServeProcessTests.request(
            port: port, "POST", "/v1/solve", body: scenario, contentType: "application/yaml")
        #expect(solved.status == 200)

        let stalled = try await stall.value
        #expect(stalled.hasPrefix("HTTP/1.1 408"), "\(stalled.prefix(200))")
        #expect(stalled.contains("urn:renewal-trade:problem:request-timeout"))
        // No bound on the time: in the full suite this process's cooperative pool is busy with
        // other suites' blocking calls, and the stalled client's task itself started up to 30 s
        // late. The 408 proves the body timeout: without it the idle timeout would close the
        // connection with no answer at all.
        let trickled = try await trickle.value
        #expect(trickled.hasPrefix("HTTP/1.1 408"), "\(trickled.prefix(200))")

        let metrics = try ServeProcessTests.request(port: port, "GET", "/metrics")
        #expect(metrics.body.contains("trade_rejections_total{reason=\"body-timeout\"} 2"))
        #expect(!metrics.body.contains("reason=\"queue-full\""))
    }

    /// A client that stops inside its headers never reaches a handler: the idle timeout closes
    /// the connection.
    @Test func stallInTheHeadersIsCutOffByTheIdleTimeout() async throws {
        let server = try Server.start(["--idle-timeout", "1"])
        defer { if server.process.isRunning { server.process.terminate() } }
        let port = server.port
        let start = ContinuousClock.now
        let connection = try Self.openConnection(port)
        defer { connection.close() }
        try connection.send("POST /v1/solve HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
        let answer = connection.readToEnd()
        let elapsed = ContinuousClock.now - start
        #expect(answer.isEmpty || answer.hasPrefix("HTTP/1.1 4"), "\(answer.prefix(200))")
        #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(30), "\(elapsed)")  // a hang guard
    }
}
