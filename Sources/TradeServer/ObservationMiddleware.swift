import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// The outermost middleware: turns every error into an `application/problem+json` response, adds
/// the `X-Request-Id` header, counts the request and logs one structured line for it.
struct ObservationMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as ProblemError {
            response = try problem.response(from: request, context: context)
        } catch let error as HTTPError where error.status == .notFound {
            response = try ProblemError(.notFound, "no route for \(request.method) \(request.uri.path); see GET /openapi.yaml")
                .response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            metrics.countRejection(reason: "body-too-large")
            response = try ProblemError(.bodyTooLarge, "the body is larger than the service's limit")
                .response(from: request, context: context)
        } catch let error as HTTPError {
            let kind = ProblemKind(
                type: "about:blank", title: error.status.reasonPhrase, status: error.status)
            response = try ProblemError(kind, error.body ?? error.status.reasonPhrase)
                .response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            response = try ProblemError(.internalError, "the server met an unexpected error")
                .response(from: request, context: context)
        }
        response.headers[Self.requestIDField] = context.id
        // Hummingbird names an unmatched request's route "NotFound".
        let route = context.endpointPath ?? "NotFound"
        metrics.countRequest(route: route, method: request.method.rawValue, status: response.status.code)
        let milliseconds = (ContinuousClock.now - start) / .milliseconds(1)
        context.logger.info(
            "request",
            metadata: [
                "http.method": .string(request.method.rawValue), "http.path": .string(request.uri.path),
                "http.route": .string(route), "http.status": .stringConvertible(response.status.code),
                "duration_ms": .string(String(format: "%.1f", milliseconds)),
            ])
        return response
    }

    /// `X-Request-Id`, which carries Hummingbird's request id (`hb.request.id` in the logs).
    static var requestIDField: HTTPField.Name { HTTPField.Name("X-Request-Id")! }
}
