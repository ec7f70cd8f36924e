import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import TradeModel

/// Reads a scenario from a request body: JSON or YAML, by its Content-Type or, without one, by
/// sniffing the first character.
enum ScenarioBody {
    /// The document's syntax, from the Content-Type or the body.
    enum Syntax: String, Sendable {
        case json = "JSON"
        case yaml = "YAML"
    }

    /// A body read as text, not yet parsed.
    struct Text: Sendable {
        var text: String
        var syntax: Syntax
    }

    /// Media types taken as JSON or YAML. `text/plain`, `application/octet-stream` and
    /// `application/x-www-form-urlencoded` (what `curl --data-binary` sends without `-H`) are
    /// sniffed like a body without a type.
    static func syntax(ofContentType value: String?) -> Syntax?? {
        guard let value else { return .some(nil) }
        let essence = value.split(separator: ";", maxSplits: 1).first.map(trimmedLowercase) ?? ""
        switch essence {
        case "application/json": return .some(.json)
        case _ where essence.hasPrefix("application/") && essence.hasSuffix("+json"): return .some(.json)
        case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml": return .some(.yaml)
        case _ where essence.hasPrefix("application/") && essence.hasSuffix("+yaml"): return .some(.yaml)
        case "", "text/plain", "application/octet-stream", "application/x-www-form-urlencoded": return .some(nil)
        default: return nil
        }
    }

    /// `trimmingCharacters(in: .whitespaces).lowercased()` without bridging to NSString for an ASCII
    /// value (every real Content-Type), where `.whitespaces` holds only the space and the tab.
    static func trimmedLowercase(_ text: Substring) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.trimmingCharacters(in: .whitespaces).lowercased() }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = text.utf8.firstIndex(where: { !isBlank($0) }),
            let last = text.utf8.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return text[first...last].lowercased()
    }

    /// The body as text with its syntax; 413, 415 or 400 (not UTF-8, empty, or declared JSON that is
    /// not JSON) otherwise. Whether it is one well-formed YAML document is left to the decoder, so that
    /// the text is parsed once; ``TradeService/decode(_:)`` answers 400 when it is not.
    /// A body that has not fully arrived `timeout` after the handler started reading it gets 408 and
    /// the connection is closed, so that a client trickling or stalling its body holds nothing for
    /// long (and never a solve slot: bodies are read before a slot is taken).
    static func read(
        _ request: Request, limit: Int, timeout: Duration, metrics: ServerMetrics
    ) async throws(ProblemError) -> Text {
        guard let declared = syntax(ofContentType: request.headers[.contentType]) else {
            throw ProblemError(
                .unsupportedMediaType,
                "Content-Type '\(request.headers[.contentType] ?? "")' is not accepted; send application/json or "
                    + "application/yaml (or no Content-Type, and the body is sniffed)")
        }
        let tooLarge = ProblemError(.bodyTooLarge, "the body is larger than the service's limit of \(limit) bytes")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            metrics.countRejection(reason: "body-too-large")
            throw tooLarge
        }
        let buffer: ByteBuffer
        do {
            let collected = try await withDeadline(timeout) { () async throws -> ByteBuffer in
                var request = request
                return try await request.collectBody(upTo: limit)
            }
            guard let collected else {
                metrics.countRejection(reason: "body-timeout")
                throw ProblemError(
                    .requestTimeout, "the body did not arrive within \(TradeService.seconds(timeout)) s",
                    headers: [.connection: "close"])
            }
            buffer = collected
        } catch let problem as ProblemError {
            throw problem
        } catch is NIOTooManyBytesError {
            metrics.countRejection(reason: "body-too-large")
            throw tooLarge
        } catch {
            throw ProblemError(.malformedRequest, "the body could not be read: \(error)")
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw ProblemError(.malformedRequest, "the body is not UTF-8 text")
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw ProblemError(
                .malformedRequest, "the body is empty; send a renewal-trade/v1 scenario as JSON or YAML")
        }
        let syntax: Syntax = declared ?? (text.first { !$0.isWhitespace }.map { "{[".contains($0) } == true ? .json : .yaml)
        if syntax == .json { try checkJSON(text) }
        return Text(text: text, syntax: syntax)
    }

    /// Throws 400 when a JSON body is not JSON: YAML's parser, which reads the scenario, would accept
    /// some text that JSON does not.
    private static func checkJSON(_ text: String) throws(ProblemError) {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw ProblemError(
                .malformedRequest, "the body is not valid JSON",
                problems: [ProblemDetails.Problem(path: "", message: jsonMessage(error))])
        }
    }

    private static func jsonMessage(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}
