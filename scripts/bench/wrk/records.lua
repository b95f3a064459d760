-- wrk script for scripts/bench/records. Settings come from the environment, because wrk gives its
-- `-- args` only to the threads' init(), while setup() (which picks each thread's node) runs without them.
--
--   BENCH_MODE      get | put | baseline    GET or PUT /v1/records/bench/<key>, or GET /baseline
--   BENCH_KEYS      number of preloaded keys k-0001 … (each request picks one at random)
--   BENCH_PORTS     comma-separated ports; thread i talks to port i mod n (one wrk, exact merged percentiles)
--   BENCH_DELAY_MS  think time before each request on a connection, fractional ms (0 = closed loop at full speed)
--   BENCH_PAYLOAD   file with the JSON body of a PUT
--
-- done() prints one line: RESULT requests= errors= non2xx= rps= mean_ms= p50_ms= p99_ms= p999_ms= max_ms=

local threads = {}

function setup(thread)
  local ports = {}
  for port in string.gmatch(os.getenv("BENCH_PORTS") or "8080", "%d+") do
    ports[#ports + 1] = port
  end
  local index = #threads
  thread.addr = wrk.lookup("127.0.0.1", ports[index % #ports + 1])[1]
  thread:set("thread_index", index)
  threads[#threads + 1] = thread
end

local requests = {}
local delay_ms = 0

local function read_file(path)
  local file = assert(io.open(path, "rb"), "cannot read " .. path)
  local body = file:read("*a")
  file:close()
  return body
end

-- Every request is formatted once here, so the load generator spends its time on I/O, not Lua.
function init(args)
  math.randomseed(os.time() * 100 + thread_index)
  local mode = os.getenv("BENCH_MODE") or "get"
  delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
  if mode == "baseline" then
    requests[1] = wrk.format("GET", "/baseline")
    return
  end
  local body = mode == "put" and read_file(os.getenv("BENCH_PAYLOAD")) or nil
  local headers = mode == "put" and { ["Content-Type"] = "application/json" } or {}
  for i = 1, tonumber(os.getenv("BENCH_KEYS") or "1000") do
    local path = string.format("/v1/records/bench/k-%04d", i)
    requests[i] = wrk.format(mode == "put" and "PUT" or "GET", path, headers, body)
  end
end

function request()
  return requests[math.random(#requests)]
end

-- wrk takes whole milliseconds; rounding up with the right probability keeps the mean exact.
if tonumber(os.getenv("BENCH_DELAY_MS") or "0") > 0 then
  function delay()
    local whole = math.floor(delay_ms)
    return whole + ((math.random() < delay_ms - whole) and 1 or 0)
  end
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d errors=%d non2xx=%d rps=%.1f mean_ms=%.3f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f\n",
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status,
    summary.requests / (summary.duration / 1e6), latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000))
end
