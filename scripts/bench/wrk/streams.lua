-- wrk script for scripts/bench/streams: POSTs one pre-built batch of events per request, spreading
-- requests over STREAMS streams (so several entities, on several shards, take the load).
-- Env: ATRIUM_BENCH_BATCH (file with the JSON array body), ATRIUM_BENCH_STREAMS (default 16).
local streams = tonumber(os.getenv("ATRIUM_BENCH_STREAMS") or "16")
local file = assert(io.open(os.getenv("ATRIUM_BENCH_BATCH"), "r"))
local body = file:read("*a")
file:close()
local counter = 0

request = function()
  counter = counter + 1
  local path = "/v1/streams/bench-" .. (counter % streams) .. "/events"
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f errors=%d\n",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
      latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, errors))
end
