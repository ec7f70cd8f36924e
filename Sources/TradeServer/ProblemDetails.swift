import Foundation
public import HTTPTypes
public import Hummingbird
public import HummingbirdCore
public import TradeModel
import NIOCore

/// An RFC 9457 problem document, sent as `application/problem+json` with every error status.
public struct ProblemDetails: Sendable, Hashable, Codable {
    /// A URI naming the kind of problem, such as `urn:renewal-trade:problem:invalid-scenario`.
    public var type: String
    /// A short summary of the kind of problem; the same for every problem of one type.
    public var title: String
    /// The HTTP status code, repeated in the body.
    public var status: Int
    /// What went wrong with this request, in words.
    public var detail: String?
    /// The request's path.
    public var instance: String?
    /// The id of the request, as in the `X-Request-Id` header and the server's logs.
    public var requestId: String?
    /// For an invalid scenario or request: each problem with its path in the document, and its line.
    public var problems: [Problem]?

    /// One problem in the scenario or the request, where it is and how to fix it.
    public struct Problem: Sendable, Hashable, Codable {
        /// Where in the scenario (`levers[0].max`), or the query parameter (`query.fix`); empty for the whole document.
        public var path: String
        /// What is wrong, and how to fix it.
        public var message: String
        /// The 1-based line in the body, when known.
        public var line: Int?
        /// The 1-based column in the body, when known.
        public var column: Int?

        /// A problem at a path.
        public init(path: String, message: String, line: Int? = nil, column: Int? = nil) {
            self.path = path
            self.message = message
            self.line = line
            self.column = column
        }

        /// A scenario diagnostic as a problem.
        public init(_ diagnostic: Diagnostic) {
            self.init(path: diagnostic.path, message: diagnostic.message, line: diagnostic.line, column: diagnostic.column)
        }
    }
}

/// The kinds of problem the service reports, each with its status and its `type` URI.
public struct ProblemKind: Sendable, Hashable {
    /// The `type` member, a URN.
    public var type: String
    /// The `title` member.
    public var title: String
    /// The HTTP status.
    public var status: HTTPResponse.Status

    /// 400: the body is not a YAML or JSON document, or a query parameter is wrong.
    public static let malformedRequest = ProblemKind(
        type: "urn:renewal-trade:problem:malformed-request", title: "The request is malformed", status: .badRequest)
    /// 404: no such route.
    public static let notFound = ProblemKind(
        type: "urn:renewal-trade:problem:not-found", title: "No such resource", status: .notFound)
    /// 408: the body did not arrive in time (a client that trickles or stalls it).
    public static let requestTimeout = ProblemKind(
        type: "urn:renewal-trade:problem:request-timeout", title: "The request body did not arrive in time",
        status: .requestTimeout)
    /// 413: the body is larger than the configured maximum.
    public static let bodyTooLarge = ProblemKind(
        type: "urn:renewal-trade:problem:body-too-large", title: "The request body is too large",
        status: .contentTooLarge)
    /// 415: the body's Content-Type is neither JSON nor YAML.
    public static let unsupportedMediaType = ProblemKind(
        type: "urn:renewal-trade:problem:unsupported-media-type", title: "The body must be JSON or YAML",
        status: .unsupportedMediaType)
    /// 422: the document is not a valid `renewal-trade/v1` scenario, or the options do not fit it.
    public static let invalidScenario = ProblemKind(
        type: "urn:renewal-trade:problem:invalid-scenario", title: "The scenario is invalid",
        status: .unprocessableContent)
    /// 422: the scenario is valid but has no trade to analyse (infeasible, or stopped before one was found).
    public static let noTrade = ProblemKind(
        type: "urn:renewal-trade:problem:no-trade", title: "The scenario has no trade to analyse",
        status: .unprocessableContent)
    /// 503: every solve slot is busy and the queue is full.
    public static let overloaded = ProblemKind(
        type: "urn:renewal-trade:problem:overloaded", title: "Too many solves in progress; retry later",
        status: .serviceUnavailable)
    /// 500: the solver could not run.
    public static let internalError = ProblemKind(
        type: "urn:renewal-trade:problem:internal-error", title: "The server could not complete the request",
        status: .internalServerError)
}

/// An error that the service turns into a problem response.
public struct ProblemError: Error, Sendable, HTTPResponseError {
    /// The kind of problem.
    public var kind: ProblemKind
    /// What went wrong with this request.
    public var detail: String
    /// Each problem with its path, for 400 and 422.
    public var problems: [ProblemDetails.Problem]?
    /// Extra response headers, such as `Retry-After`.
    public var headers: HTTPFields

    /// A problem of a kind, with its detail.
    public init(
        _ kind: ProblemKind, _ detail: String, problems: [ProblemDetails.Problem]? = nil, headers: HTTPFields = [:]
    ) {
        self.kind = kind
        self.detail = detail
        self.problems = problems
        self.headers = headers
    }

    /// The HTTP status of the response.
    public var status: HTTPResponse.Status { kind.status }

    /// The RFC 9457 body for a request.
    public func document(path: String?, requestID: String?) -> ProblemDetails {
        ProblemDetails(
            type: kind.type, title: kind.title, status: kind.status.code, detail: detail, instance: path,
            requestId: requestID, problems: problems)
    }

    /// The `application/problem+json` response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let document = document(path: request.uri.path, requestID: context.id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: kind.status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
