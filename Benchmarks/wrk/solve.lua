-- wrk script: POST the scenario named by SCENARIO (default: the bundled default model) to /v1/solve.
local path = os.getenv("SCENARIO") or "models/contoso-ea-renewal.yaml"
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/yaml"
wrk.path = "/v1/solve"

local statuses = {}
response = function(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
    io.write(string.format("requests %d, errors(socket) %d, solves/s %.1f, p50 %.1f ms, p99 %.1f ms\n",
        summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
