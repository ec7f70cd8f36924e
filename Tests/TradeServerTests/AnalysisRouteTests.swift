import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOCore
import Testing
import TradeModel
import TradeReport
import TradeSolver
@testable import TradeServer

/// `POST /v1/sensitivity`, `POST /v1/sweep` and `POST /v1/diagnose`: hand-checked figures on the
/// README's small scenario, the library's own answer for the same input, and every error status.
///
/// The README's trade: 2M of Azure (free), one case study (10,000), 100,000 of migration funding,
/// a 60,000 reference credit and the 2% discount (120,000); buyer 270,000, Microsoft 300,000 −
/// 280,000 = 20,000 over a hurdle of 0. The envelope (4% of 6M = 240,000) holds discount and
/// credit with room to spare, so only the credit's cap and Microsoft's participation bind it.
@Suite struct AnalysisRouteTests {
    static let yamlType: HTTPFields = [.contentType: "application/yaml"]

    // MARK: - Sensitivity

    /// The credit's cap moved by ±10%: at 54,000 the same trade gives 264,000; at 66,000 it gives
    /// 276,000 (Microsoft keeps 14,000 ≥ 0, the envelope 186,000 ≤ 240,000). More Azure would cost
    /// 40% shortfall for 5% funding, and dropping the case study loses the credit: no other trade
    /// comes close. Each dollar of cap is a dollar for the buyer.
    @Test func sensitivityOfTheCreditCapIsHandChecked() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/sensitivity?step=0.1", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let object = try jsonObject(response)
            #expect(object["format"] as? String == "renewal-trade-sensitivity/v1")
            #expect(number(object, "buyerValue") == 270_000)
            let limits = try #require(object["limits"] as? [[String: Any]])
            let cap = try #require(limits.first { $0["path"] as? String == "programs.reference-credit.concession.cap" })
            let global = try #require(cap["global"] as? [String: Any])
            #expect(number(try #require(global["down"] as? [String: Any]), "buyerValue") == 264_000)
            #expect(number(try #require(global["up"] as? [String: Any]), "buyerValue") == 276_000)
            #expect(number(global, "swing") == 6_000)
            #expect(number(try #require(cap["local"] as? [String: Any]), "marginalValue") == 1)
            #expect(cap["binding"] as? Bool == true)
        }
    }

    /// Over HTTP the document is the library's, byte for byte, in every format.
    @Test(arguments: AnalysisFormat.allCases)
    func sensitivityIsTheLibrarysDocument(format: AnalysisFormat) async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let expected = try SensitivityDocument(
            analysing: try ScenarioDecoder.decode(scenario), relativeStep: Decimal(string: "0.2")!,
            options: TradeOptions(timeLimit: .seconds(10)))
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/sensitivity?step=0.2&format=\(format.rawValue)", method: .post, headers: Self.yamlType,
                body: body(scenario))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == format.mediaType)
            #expect(text(response) == expected.render(format))
        }
    }

    /// Nothing to analyse in an infeasible scenario (the fixture's comment proves it): 422.
    @Test func sensitivityOfAnInfeasibleScenarioIs422() async throws {
        let scenario = try packageFile("fixtures/solve/infeasible-headroom.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/sensitivity", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .unprocessableContent)
            let object = try jsonObject(response)
            #expect(object["type"] as? String == "urn:renewal-trade:problem:no-trade")
            #expect((object["detail"] as? String)?.contains("infeasible") == true)
        }
    }

    // MARK: - Sweep

    /// The credit's cap c from 0 to 100,000. Below 10,000 the case study (10,000) is not worth it:
    /// 100,000 + 120,000 = 220,000. Above, 210,000 + c, until Microsoft's participation binds at
    /// 300,000 − 100,000 − c − 120,000 = 0, c = 80,000: then 290,000, the discount giving way.
    @Test func sweepOfTheCreditCapIsHandChecked() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/sweep?param=programs.reference-credit.concession.cap&from=0&to=100000", method: .post,
                headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .ok)
            let object = try jsonObject(response)
            #expect(object["format"] as? String == "renewal-trade-sweep/v1")
            let pieces = try #require(object["pieces"] as? [[String: Any]])
            #expect(number(try #require(pieces.first), "valueAtStart") == 220_000)
            #expect(number(try #require(pieces.last), "valueAtEnd") == 290_000)
            func value(at x: Double) -> Double? {
                guard let piece = pieces.first(where: { number($0, "start")! <= x && x <= number($0, "end")! }),
                    let start = number(piece, "valueAtStart"), let slope = number(piece, "slope")
                else { return nil }
                return start + slope * (x - number(piece, "start")!)
            }
            #expect(value(at: 5_000) == 220_000)
            #expect(value(at: 50_000).map { abs($0 - 260_000) < 0.01 } == true)
            #expect(value(at: 90_000).map { abs($0 - 290_000) < 0.01 } == true)
            let breakpoints = try #require(object["breakpoints"] as? [[String: Any]])
            // The case study turns on just above 10,000 (to the default tolerance, 10).
            #expect(breakpoints.contains { abs(number($0, "at")! - 10_000) <= 10 })
        }
    }

    /// Over HTTP the sweep is the library's, in every format.
    @Test(arguments: AnalysisFormat.allCases)
    func sweepIsTheLibrarysFunction(format: AnalysisFormat) async throws {
        let yaml = try packageFile("models/readme-small.yaml")
        let scenario = try ScenarioDecoder.decode(yaml).scenario
        let parameter = try ScenarioParameter("microsoft.hurdle", in: scenario)
        let function = try await Sweep(
            parameter: parameter, from: 0, to: 50_000, maxConcurrency: 1, options: TradeOptions(timeLimit: .seconds(10))
        ).run(on: scenario)
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/sweep?param=microsoft.hurdle&from=0&to=50000&format=\(format.rawValue)", method: .post,
                headers: Self.yamlType, body: body(yaml))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == format.mediaType)
            #expect(text(response) == function.render(format, scenario: scenario))
        }
    }

    /// A path with a typo is a 422 on `query.param`, with the nearest id, as `trade sweep` says it.
    @Test func sweepOfAnUnknownParameterSuggestsTheNearest() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/sweep?param=programs.reference-credits.concession.cap&from=0&to=1", method: .post,
                headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .unprocessableContent)
            let found = problems(try jsonObject(response))
            #expect(found.map(\.path) == ["query.param"])
            #expect(found.first?.message.contains("'reference-credits'") == true)
            #expect(found.first?.message.contains("did you mean 'reference-credit'") == true)
        }
    }

    /// A sweep into negative caps leaves the valid scenarios: 422 on the parameter.
    @Test func sweepIntoAnInvalidScenarioIs422() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/sweep?param=programs.reference-credit.concession.cap&from=-10&to=10", method: .post,
                headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .unprocessableContent)
            #expect(problems(try jsonObject(response)).allSatisfy { $0.path == "query.param" })
        }
    }

    // MARK: - Diagnose

    /// The fixture's comment: the hurdle and the keep-headroom constraint (its only one) conflict.
    @Test func diagnoseNamesTheConflict() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let infeasible = try await client.execute(
                uri: "/v1/diagnose", method: .post, headers: Self.yamlType,
                body: body(try packageFile("fixtures/solve/infeasible-headroom.yaml")))
            #expect(infeasible.status == .ok)
            let object = try jsonObject(infeasible)
            #expect(object["infeasible"] as? Bool == true)
            let diagnosis = try #require(object["diagnosis"] as? [String: Any])
            let paths = Set(((diagnosis["conflict"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String })
            #expect(paths.isSuperset(of: ["microsoft.hurdle", "constraints[0].atLeast"]), "\(paths)")
            let feasible = try await client.execute(
                uri: "/v1/diagnose", method: .post, headers: Self.yamlType,
                body: body(try packageFile("models/readme-small.yaml")))
            #expect(feasible.status == .ok)
            let answer = try jsonObject(feasible)
            #expect(answer["infeasible"] as? Bool == false)
            #expect(answer["diagnosis"] is NSNull)
        }
    }

    /// With a hurdle of 500,000, holding Azure at 2M caps Microsoft's gain at 0.15 × 2M = 300,000:
    /// infeasible, but only because of the user's own `fix` (4M of Azure would gain 600,000). The
    /// diagnosis names the fix and the hurdle.
    @Test func diagnoseCountsTheWhatIfs() async throws {
        let scenario = try packageFile("models/readme-small.yaml") + "microsoft: {hurdle: 500000}\n"
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/diagnose?fix=azure-commit=2000000", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .ok)
            let object = try jsonObject(response)
            #expect(object["infeasible"] as? Bool == true)
            let conflict = try #require((object["diagnosis"] as? [String: Any])?["conflict"] as? [[String: Any]])
            #expect(conflict.contains { $0["kind"] as? String == "fix" })
            #expect(conflict.contains { $0["kind"] as? String == "hurdle" })
        }
    }

    // MARK: - Errors every analysis route shares

    static let routes = ["/v1/sensitivity", "/v1/sweep?param=microsoft.hurdle&from=0&to=1", "/v1/diagnose"]

    @Test(arguments: [
        ("/v1/sensitivity?step=0", "query.step"), ("/v1/sensitivity?step=abc", "query.step"),
        ("/v1/sensitivity?format=html", "query.format"), ("/v1/sensitivity?timeLimit=-1", "query.timeLimit"),
        ("/v1/sensitivity?fix=a=1", "query.fix"), ("/v1/sweep?from=0&to=1", "query.param"),
        ("/v1/sweep?param=microsoft.hurdle&to=1", "query.from"), ("/v1/sweep?param=microsoft.hurdle&from=2&to=1", "query.from"),
        ("/v1/sweep?param=microsoft.hurdle&from=0&to=1&tolerance=0", "query.tolerance"),
        ("/v1/sweep?param=microsoft.hurdle&from=0&to=x", "query.to"), ("/v1/diagnose?format=json", "query.format"),
        ("/v1/diagnose?nearMisses=false", "query.nearMisses"),
    ])
    func badQueryIs400(uri: String, path: String) async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: uri, method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .badRequest)
            #expect(problems(try jsonObject(response)).map(\.path) == [path])
        }
    }

    @Test(arguments: routes)
    func malformedTooLargeUnsupportedAndInvalidBodies(route: String) async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let invalid = try packageFile("fixtures/invalid/max-below-min.yaml")
        let (_, app) = makeApplication(TradeServerConfiguration(maxBodyBytes: 2_000))
        #expect(scenario.utf8.count < 2_000 && invalid.utf8.count < 2_000)
        try await app.test(.router) { client in
            let malformed = try await client.execute(
                uri: route, method: .post, headers: Self.yamlType, body: body("levers: [1, 2\n"))
            #expect(malformed.status == .badRequest)
            let large = try await client.execute(
                uri: route, method: .post, headers: Self.yamlType, body: body(String(repeating: "# x\n", count: 600)))
            #expect(large.status == .contentTooLarge)
            let unsupported = try await client.execute(
                uri: route, method: .post, headers: [.contentType: "application/xml"], body: body(scenario))
            #expect(unsupported.status == .unsupportedMediaType)
            let rejected = try await client.execute(uri: route, method: .post, headers: Self.yamlType, body: body(invalid))
            #expect(rejected.status == .unprocessableContent)
            #expect(try jsonObject(rejected)["type"] as? String == "urn:renewal-trade:problem:invalid-scenario")
        }
    }

    /// Every analysis takes a solve slot: with the only one taken and no queue, 503 with Retry-After.
    @Test(arguments: routes)
    func analysesShareTheSolveSlots(route: String) async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (service, app) = makeApplication(
            TradeServerConfiguration(maxConcurrentSolves: 1, queueDepth: 0, retryAfterSeconds: 2))
        try await app.test(.router) { client in
            try await service.gate.enter()
            let refused = try await client.execute(uri: route, method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "2")
            service.gate.leave()
            let accepted = try await client.execute(uri: route, method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(accepted.status == .ok)
            #expect(accepted.headers[TradeService.timeLimitField] == "10")
        }
    }

    /// Each analysis is timed in its own histogram.
    @Test func analysesAreMeasured() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            for route in Self.routes {
                _ = try await client.execute(uri: route, method: .post, headers: Self.yamlType, body: body(scenario))
            }
            let lines = Set(text(try await client.execute(uri: "/metrics", method: .get)).split(separator: "\n").map(String.init))
            for kind in ["sensitivity", "sweep", "diagnose"] {
                #expect(lines.contains("trade_analysis_duration_seconds_count{kind=\"\(kind)\"} 1"), "\(kind)")
            }
        }
    }
}
