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
import Yams
@testable import TradeServer

/// Every route and every error status, in process, through Hummingbird's router test client.
@Suite struct RouterTests {
    static let yamlType: HTTPFields = [.contentType: "application/yaml"]
    static let jsonType: HTTPFields = [.contentType: "application/json"]

    // MARK: - Solve

    /// README: 2M of Azure (free up to the forecast) and one case study (10,000) unlock 100,000 of
    /// migration funding, a 60,000 reference credit and the full 2% discount (120,000):
    /// 280,000 − 10,000 = 270,000 for the buyer, and 0.15 × 2M − 280,000 = 20,000 for Microsoft.
    @Test func solvesAYAMLScenario() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/solve", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.headers[field("X-Request-Id")]?.isEmpty == false)
            let object = try jsonObject(response)
            #expect(object["format"] as? String == "renewal-trade-result/v1")
            #expect(object["status"] as? String == "optimal")
            #expect(number(object, "buyerValue") == 270_000)
            #expect(number(object, "microsoftNet") == 20_000)
        }
    }

    /// The same scenario as JSON (converted here by Yams and Foundation, not by the service), with
    /// and without a Content-Type: the same answer.
    @Test(arguments: [
        Optional("application/json"), nil, "text/plain", "application/octet-stream", "application/x-www-form-urlencoded",
    ])
    func solvesAJSONScenario(contentType: String?) async throws {
        let yaml = try Yams.load(yaml: packageFile("models/readme-small.yaml"))
        let json = try JSONSerialization.data(withJSONObject: try #require(yaml))
        let (_, app) = makeApplication()
        var headers: HTTPFields = [:]
        if let contentType { headers[.contentType] = contentType }
        try await app.test(.router) { [headers] client in
            let response = try await client.execute(
                uri: "/v1/solve", method: .post, headers: headers, body: ByteBuffer(bytes: json))
            #expect(response.status == .ok)
            #expect(number(try jsonObject(response), "buyerValue") == 270_000)
        }
    }

    /// A YAML body without a usable Content-Type is sniffed as YAML (curl's default type included).
    @Test(arguments: [nil, "application/x-www-form-urlencoded", "text/plain"])
    func sniffsAYAMLScenario(contentType: String?) async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        var headers: HTTPFields = [:]
        if let contentType { headers[.contentType] = contentType }
        try await app.test(.router) { [headers] client in
            let response = try await client.execute(uri: "/v1/solve", method: .post, headers: headers, body: body(scenario))
            #expect(response.status == .ok)
            #expect(number(try jsonObject(response), "buyerValue") == 270_000)
        }
    }

    /// With azure-commit held at 0 Microsoft gains nothing, so it can give nothing (hurdle 0), and
    /// the case study would only cost the buyer: the best trade is the plain renewal.
    @Test func fixHoldsALever() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/solve?fix=azure-commit=0", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .ok)
            let object = try jsonObject(response)
            #expect(number(object, "buyerValue") == 0)
            let levers = try #require(object["levers"] as? [[String: Any]])
            #expect(levers.first { $0["id"] as? String == "azure-commit" }?["quantity"] as? NSNumber == 0)
        }
    }

    /// Without migration funding the buyer keeps the reference credit (60,000) and the full 2%
    /// discount (120,000), less the case study (10,000): 170,000.
    @Test func forbidKeepsAProgramOff() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/solve?forbid=migration-funding", method: .post, headers: Self.yamlType,
                body: body(scenario))
            #expect(response.status == .ok)
            let object = try jsonObject(response)
            #expect(number(object, "buyerValue") == 170_000)
            let programs = try #require(object["programs"] as? [[String: Any]])
            #expect(programs.first { $0["id"] as? String == "migration-funding" }?["active"] as? Bool == false)
        }
    }

    @Test func textFormatIsTheReport() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/solve?format=text", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(text(response).contains("270,000"))
            #expect(text(response).contains("migration-funding") || text(response).contains("Migration"))
        }
    }

    /// The memo and the page carry the README's hand-worked figures (270,000 for the buyer, 100,000
    /// of migration funding, 60,000 of reference credit), with their media types; and they are what
    /// `trade solve --format` writes, since both come from `Offer`.
    @Test(arguments: [
        ("markdown", "text/markdown; charset=utf-8", "# Small renewal"),
        ("html", "text/html; charset=utf-8", "<!DOCTYPE html>"),
    ])
    func markdownAndHTMLFormats(format: String, mediaType: String, opening: String) async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/solve?format=\(format)", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == mediaType)
            let page = text(response)
            #expect(page.hasPrefix(opening))
            for figure in ["270,000", "100,000", "60,000", "Small renewal"] { #expect(page.contains(figure), "\(figure)") }
            if format == "html" { #expect(page.contains("<svg") && page.hasSuffix("</html>\n")) }
            let offer = try Offer(solving: try ScenarioDecoder.decode(scenario), options: TradeOptions(timeLimit: .seconds(10)))
            #expect(page == offer.render(try #require(OfferFormat(rawValue: format))))
        }
    }

    /// With azure-commit held at 0 Microsoft gains nothing. Migration funding needs 2M of Azure:
    /// blocked. The reference credit can be switched on by the case study, but Microsoft can then
    /// give nothing (its gain is 0, its hurdle 0): the buyer pays 10,000 for nothing, "not worth
    /// it" at −10,000. `nearMisses=false` skips both re-solves.
    @Test func nearMissesAreExplainedUnlessTurnedOff() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let with = try await client.execute(
                uri: "/v1/solve?fix=azure-commit=0", method: .post, headers: Self.yamlType, body: body(scenario))
            let explanation = try #require(try jsonObject(with)["explanation"] as? [String: Any])
            let misses = try #require(explanation["nearMisses"] as? [[String: Any]])
            #expect(Set(misses.compactMap { $0["id"] as? String }) == ["migration-funding", "reference-credit"])
            let funding = misses.first { $0["id"] as? String == "migration-funding" }
            let credit = misses.first { $0["id"] as? String == "reference-credit" }
            #expect(funding?["verdict"] as? String == "blocked")
            #expect(credit?["verdict"] as? String == "not-worth-it")
            #expect(credit.flatMap { number($0, "change") } == -10_000)
            let without = try await client.execute(
                uri: "/v1/solve?fix=azure-commit=0&nearMisses=false", method: .post, headers: Self.yamlType,
                body: body(scenario))
            let bare = try #require(try jsonObject(without)["explanation"] as? [String: Any])
            #expect((bare["nearMisses"] as? [Any])?.isEmpty == true)
            #expect(number(try jsonObject(without), "buyerValue") == 0)
        }
    }

    /// `tier=` is `--tier`: the scenario's one tier can be required; an unknown one is a 422 that
    /// names the tier and suggests the nearest.
    @Test func tierIsRequiredOrRefused() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let reached = try await client.execute(
                uri: "/v1/solve?tier=account-team", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(reached.status == .ok)
            let envelope = try #require(try jsonObject(reached)["envelope"] as? [String: Any])
            #expect(envelope["tier"] as? String == "account-team")
            let unknown = try await client.execute(
                uri: "/v1/solve?tier=acount-team", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(unknown.status == .unprocessableContent)
            let messages = problems(try jsonObject(unknown)).map(\.message)
            #expect(messages.contains { $0.contains("acount-team") && $0.contains("account-team") })
        }
    }

    /// Infeasible is an answer, not an error (the fixture's comment proves no trade exists).
    @Test func infeasibleIsA200() async throws {
        let scenario = try packageFile("fixtures/solve/infeasible-headroom.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/solve", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .ok)
            let object = try jsonObject(response)
            #expect(object["status"] as? String == "infeasible")
            #expect(object["buyerValue"] == nil || object["buyerValue"] is NSNull)
            // The fixture's comment: the hurdle and the keep-headroom constraint (its only one) conflict.
            let diagnosis = try #require(object["diagnosis"] as? [String: Any])
            let conflict = try #require(diagnosis["conflict"] as? [[String: Any]])
            let paths = Set(conflict.compactMap { $0["path"] as? String })
            #expect(paths.isSuperset(of: ["microsoft.hurdle", "constraints[0].atLeast"]), "\(paths)")
        }
    }

    /// A larger timeLimit is clamped to the service's maximum, a smaller one is kept, and none
    /// gets the maximum.
    @Test(arguments: [("?timeLimit=100", "2"), ("?timeLimit=0.5", "0.5"), ("", "2")])
    func timeLimitIsClampedToTheMaximum(query: String, applied: String) async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication(TradeServerConfiguration(maxTimeLimit: .seconds(2)))
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/solve\(query)", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .ok)
            #expect(response.headers[TradeService.timeLimitField] == applied)
        }
    }

    // MARK: - Validate

    @Test func validatesAScenario() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/validate", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .ok)
            let object = try jsonObject(response)
            #expect(object["valid"] as? Bool == true)
            #expect(object["scenario"] as? String == "Small renewal")
            #expect(object["levers"] as? Int == 2)
            #expect(object["programs"] as? Int == 2)
            #expect(object["tiers"] as? Int == 1)
            #expect((object["warnings"] as? [Any])?.isEmpty == true)
        }
    }

    /// The fixture's first line names the warning's path.
    @Test func validationWarningsHaveTheirPaths() async throws {
        let scenario = try packageFile("fixtures/warnings/rate-without-base.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/validate", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .ok)
            let warnings = try #require(try jsonObject(response)["warnings"] as? [[String: Any]])
            #expect(warnings.map { $0["path"] as? String } == ["programs[0].funding.rate"])
        }
    }

    // MARK: - 422

    /// Each fixture's `# expect:` lines list its problems' paths, written by hand.
    @Test(arguments: ["/v1/solve", "/v1/validate"], ["max-below-min.yaml", "many-problems.yaml"])
    func invalidScenarioIs422WithPaths(route: String, fixture: String) async throws {
        let scenario = try packageFile("fixtures/invalid/\(fixture)")
        let expectedPaths = scenario.split(separator: "\n").filter { $0.hasPrefix("# expect: ") }.map {
            String($0.dropFirst("# expect: ".count).prefix { $0 != ":" })
        }
        #expect(!expectedPaths.isEmpty)
        // `# line: PATH: N` gives a problem's line, counted by hand.
        let expectedLines = scenario.split(separator: "\n").filter { $0.hasPrefix("# line: ") }.map { line in
            let rest = line.dropFirst("# line: ".count)
            let colon = rest.lastIndex(of: ":")!
            return (String(rest[..<colon]), Int(rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces))!)
        }
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: route, method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            let object = try jsonObject(response)
            #expect(object["status"] as? Int == 422)
            #expect(object["type"] as? String == "urn:renewal-trade:problem:invalid-scenario")
            #expect(object["instance"] as? String == route)
            let found = problems(object)
            #expect(found.map(\.path).sorted() == expectedPaths.sorted())
            #expect(found.allSatisfy { !$0.message.isEmpty })
            for (path, line) in expectedLines {
                #expect(found.contains { $0.path == path && $0.line == line }, "\(path) at line \(line)")
            }
        }
    }

    @Test func fixingAnUnknownLeverIs422() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/solve?fix=no-such-lever=5", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .unprocessableContent)
            #expect(problems(try jsonObject(response)).contains { $0.message.contains("no-such-lever") })
        }
    }

    // MARK: - 400

    @Test(arguments: [
        ("application/json", "{\"schema\": \"renewal-trade/v1\", "),
        ("application/yaml", "levers: [1, 2\nname: x\n"),
        ("application/yaml", "   \n"),
        ("application/yaml", "a: b\na: c\n"),
    ])
    func malformedBodyIs400(contentType: String, payload: String) async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            for route in ["/v1/solve", "/v1/validate"] {
                let response = try await client.execute(
                    uri: route, method: .post, headers: [.contentType: contentType], body: body(payload))
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                let object = try jsonObject(response)
                #expect(object["type"] as? String == "urn:renewal-trade:problem:malformed-request")
                #expect(object["status"] as? Int == 400)
            }
        }
    }

    @Test func yamlSyntaxErrorCarriesItsLine() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/solve", method: .post, headers: Self.yamlType, body: body("name: x\nlevers: [1, 2\nother: 3\n"))
            #expect(response.status == .badRequest)
            let lines = problems(try jsonObject(response)).compactMap(\.line)
            #expect(!lines.isEmpty && lines.allSatisfy { $0 >= 2 })
        }
    }

    @Test(arguments: [
        ("timeLimit=-1", "query.timeLimit"), ("timeLimit=abc", "query.timeLimit"), ("gap=-0.1", "query.gap"),
        ("fix=azure-commit", "query.fix"), ("format=pdf", "query.format"), ("speed=fast", "query.speed"),
        ("gap=0.1&gap=0.2", "query.gap"), ("nearMisses=maybe", "query.nearMisses"), ("tier=", "query.tier"),
    ])
    func badQueryIs400(query: String, path: String) async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/solve?\(query)", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(response.status == .badRequest)
            #expect(problems(try jsonObject(response)).map(\.path) == [path])
        }
    }

    // MARK: - 413, 415, 404

    @Test func bodyOverTheLimitIs413() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        #expect(scenario.utf8.count > 200)
        let (_, app) = makeApplication(TradeServerConfiguration(maxBodyBytes: 200))
        try await app.test(.router) { client in
            for route in ["/v1/solve", "/v1/validate"] {
                let response = try await client.execute(
                    uri: route, method: .post, headers: Self.yamlType, body: body(scenario))
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(try jsonObject(response)["status"] as? Int == 413)
            }
            // A body at the limit is read (and here, being a fragment, is a 422 rather than a 413).
            let small = try await client.execute(
                uri: "/v1/validate", method: .post, headers: Self.yamlType,
                body: body("name: " + String(repeating: "x", count: 194)))
            #expect(small.status == .unprocessableContent)
            let metrics = text(try await client.execute(uri: "/metrics", method: .get))
            #expect(metrics.contains("trade_rejections_total{reason=\"body-too-large\"} 2"))
        }
    }

    @Test(arguments: ["application/xml", "multipart/form-data; boundary=x", "image/png"])
    func unsupportedContentTypeIs415(contentType: String) async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/solve", method: .post, headers: [.contentType: contentType], body: body(scenario))
            #expect(response.status == .unsupportedMediaType)
            #expect(try jsonObject(response)["status"] as? Int == 415)
        }
    }

    @Test func unknownRouteIs404ProblemJSON() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            for (uri, method) in [("/v2/solve", HTTPRequest.Method.post), ("/v1/solve", .get), ("/", .get)] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(try jsonObject(response)["status"] as? Int == 404)
            }
        }
    }

    // MARK: - 503

    /// One slot, no queue: with the slot taken, a solve is refused at once with Retry-After; once
    /// it is free, the same request succeeds.
    @Test func fullQueueIs503WithRetryAfter() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (service, app) = makeApplication(
            TradeServerConfiguration(maxConcurrentSolves: 1, queueDepth: 0, retryAfterSeconds: 3))
        try await app.test(.router) { client in
            try await service.gate.enter()
            let refused = try await client.execute(
                uri: "/v1/solve", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "3")
            #expect(try jsonObject(refused)["type"] as? String == "urn:renewal-trade:problem:overloaded")
            // Validation takes no slot.
            let validated = try await client.execute(
                uri: "/v1/validate", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(validated.status == .ok)
            service.gate.leave()
            let accepted = try await client.execute(
                uri: "/v1/solve", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(accepted.status == .ok)
            let metrics = text(try await client.execute(uri: "/metrics", method: .get))
            #expect(metrics.contains("trade_rejections_total{reason=\"queue-full\"} 1"))
        }
    }

    /// One slot and a queue of one: the second solve waits, the third is refused, and the waiting
    /// one is answered once the slot frees.
    @Test func queuedSolveWaitsAndTheNextIsRefused() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (service, app) = makeApplication(TradeServerConfiguration(maxConcurrentSolves: 1, queueDepth: 1))
        try await app.test(.router) { client in
            try await service.gate.enter()
            let waiting = Task {
                try await client.execute(uri: "/v1/solve", method: .post, headers: Self.yamlType, body: body(scenario))
            }
            while service.gate.load.waiting < 1 { try await Task.sleep(for: .milliseconds(5)) }
            let metricsWhileWaiting = text(try await client.execute(uri: "/metrics", method: .get))
            #expect(metricsWhileWaiting.contains("trade_solves_in_flight 1.0"))
            #expect(metricsWhileWaiting.contains("trade_solves_queued 1.0"))
            let refused = try await client.execute(
                uri: "/v1/solve", method: .post, headers: Self.yamlType, body: body(scenario))
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "1")
            service.gate.leave()
            let answered = try await waiting.value
            #expect(answered.status == .ok)
            #expect(number(try jsonObject(answered), "buyerValue") == 270_000)
            #expect(service.gate.load.running == 0 && service.gate.load.waiting == 0)
        }
    }

    // MARK: - Health, metrics, OpenAPI

    @Test func healthzSaysOK() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(try jsonObject(response)["status"] as? String == "ok")
        }
    }

    @Test func metricsCountRequestsAndSolveLatency() async throws {
        let scenario = try packageFile("models/readme-small.yaml")
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            for _ in 0..<2 {
                _ = try await client.execute(uri: "/v1/solve", method: .post, headers: Self.yamlType, body: body(scenario))
            }
            _ = try await client.execute(uri: "/v1/solve", method: .post, headers: Self.yamlType, body: body("a: [1"))
            _ = try await client.execute(uri: "/nowhere", method: .get)
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let lines = Set(text(response).split(separator: "\n").map(String.init))
            #expect(lines.contains("trade_http_requests_total{route=\"/v1/solve\",method=\"POST\",status=\"200\"} 2"))
            #expect(lines.contains("trade_http_requests_total{route=\"/v1/solve\",method=\"POST\",status=\"400\"} 1"))
            #expect(lines.contains("trade_http_requests_total{route=\"NotFound\",method=\"GET\",status=\"404\"} 1"))
            #expect(lines.contains("trade_solve_duration_seconds_count{status=\"optimal\"} 2"))
            #expect(lines.contains("trade_solve_duration_seconds_bucket{status=\"optimal\",le=\"+Inf\"} 2"))
            #expect(lines.contains("# TYPE trade_solve_duration_seconds histogram"))
            #expect(lines.contains("trade_solves_in_flight 0.0"))
        }
    }

    @Test func openAPIDocumentIsServed() async throws {
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/yaml")
            #expect(text(response) == (try packageFile("Sources/TradeServer/Resources/openapi.yaml")))
        }
    }

    /// The document's paths and operations are exactly the service's routes, and every one of
    /// them is answered by the router (something other than 404).
    @Test func openAPIDocumentMatchesTheRoutes() async throws {
        let document = try #require(try Yams.load(yaml: TradeService.openAPIDocument) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
        let documented = Set(paths.flatMap { path, item in
            item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        })
        #expect(documented == Set(TradeService.routes.map(\.description)))
        let (_, app) = makeApplication()
        try await app.test(.router) { client in
            for route in TradeService.routes {
                let response = try await client.execute(uri: route.path, method: route.method, body: body(""))
                #expect(response.status != .notFound, "\(route)")
            }
        }
    }
}
