-- wrk script: POST the scenario named by SCENARIO (default: the bundled default model) to
-- /v1/solve, with QUERY appended (for example "?nearMisses=false").
local path = os.getenv("SCENARIO") or "models/contoso-ea-renewal.yaml"
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/yaml"
wrk.path = "/v1/solve" .. (os.getenv("QUERY") or "")

-- Each thread counts its statuses; done() sums them across threads.
local threads = {}
setup = function(thread)
    table.insert(threads, thread)
end

statuses = {}
response = function(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
    local totals = {}
    for _, thread in ipairs(threads) do
        local counts = thread:get("statuses")
        for status, count in pairs(counts or {}) do totals[status] = (totals[status] or 0) + count end
    end
    local parts = {}
    for status, count in pairs(totals) do table.insert(parts, status .. ": " .. count) end
    table.sort(parts)
    io.write(string.format("requests %d, errors(socket) %d, solves/s %.1f, p50 %.1f ms, p99 %.1f ms\n",
        summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
    io.write("statuses " .. table.concat(parts, ", ") .. "\n")
end
