-- wrk script for the soak: cycles through a solve of the README's scenario (near misses off), its
-- validation, a YAML syntax error (400), an invalid scenario (422) and a wrong Content-Type (415).
local file = assert(io.open("models/readme-small.yaml", "rb"))
local scenario = file:read("*a")
file:close()
local invalid = assert(io.open("fixtures/invalid/many-problems.yaml", "rb"))
local bad = invalid:read("*a")
invalid:close()

local requests = {
    wrk.format("POST", "/v1/solve?nearMisses=false", {["Content-Type"] = "application/yaml"}, scenario),
    wrk.format("POST", "/v1/validate", {["Content-Type"] = "application/yaml"}, scenario),
    wrk.format("POST", "/v1/solve", {["Content-Type"] = "application/yaml"}, "levers: [1, 2\n"),
    wrk.format("POST", "/v1/solve", {["Content-Type"] = "application/yaml"}, bad),
    wrk.format("POST", "/v1/solve", {["Content-Type"] = "application/xml"}, scenario),
}
local index = 0
request = function()
    index = index % #requests + 1
    return requests[index]
end

done = function(summary, latency, requests)
    io.write(string.format("soak requests %d socket-errors %d p99 %.1f ms\n", summary.requests,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        latency:percentile(99) / 1000))
end
