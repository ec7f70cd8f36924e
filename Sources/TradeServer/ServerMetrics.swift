public import Prometheus

/// The service's Prometheus metrics, served at `GET /metrics`.
///
/// Each service owns its registry (rather than swift-metrics' process-wide `MetricsSystem`), so
/// two services in one process, or two tests, never count into each other.
public final class ServerMetrics: Sendable {
    /// The registry the metrics live in; render it with `emitToString()`.
    public let registry = PrometheusCollectorRegistry()

    /// Upper bounds of the solve-latency buckets, from 5 ms to 60 s.
    public static let solveBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60),
    ]

    private let inFlight: Gauge
    private let queued: Gauge

    /// A registry with the gauges already present, so a scrape before any solve shows them.
    public init() {
        inFlight = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "trade", metricName: "solves_in_flight", unitName: "",
                helpText: "Solves running now."))
        queued = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "trade", metricName: "solves_queued", unitName: "",
                helpText: "Solves waiting for a free slot."))
    }

    /// Counts one answered request by its route template (not its raw path), method and status.
    func countRequest(route: String, method: String, status: Int) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "trade", subsystem: "http", metricName: "requests", unitName: "total",
                helpText: "HTTP requests answered, by route, method and status."),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
    }

    /// Counts one request refused by a limit: `queue-full` (503), `body-too-large` (413) or
    /// `body-timeout` (408).
    func countRejection(reason: String) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "trade", metricName: "rejections", unitName: "total",
                helpText: "Requests refused by a limit, by reason."),
            labels: [("reason", reason)]
        ).increment()
    }

    /// Records how long one solve ran (after it left the queue), by the trade's status.
    func recordSolve(_ duration: Duration, status: String) {
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "trade", metricName: "solve_duration", unitName: "seconds",
                helpText: "Time spent solving, from leaving the queue to the trade, by trade status."),
            labels: [("status", status)], buckets: Self.solveBuckets
        ).record(duration)
    }

    /// Records how long one sensitivity report, sweep or diagnosis ran (after it left the queue).
    func recordAnalysis(_ duration: Duration, kind: String) {
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "trade", metricName: "analysis_duration", unitName: "seconds",
                helpText: "Time spent on a sensitivity report, sweep or diagnosis, from leaving the queue, by kind."),
            labels: [("kind", kind)], buckets: Self.solveBuckets
        ).record(duration)
    }

    /// Sets the load gauges and renders every metric in Prometheus' text format.
    func exposition(load: (running: Int, waiting: Int)) -> String {
        inFlight.set(Int64(load.running))
        queued.set(Int64(load.waiting))
        return registry.emitToString()
    }
}
