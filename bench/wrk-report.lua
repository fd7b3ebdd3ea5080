-- wrk script for bench/run.ts: an optional If-None-Match header (WRK_IF_NONE_MATCH), and a
-- one-line JSON summary at the end (latencies in microseconds) for run.ts to read.
local inm = os.getenv("WRK_IF_NONE_MATCH")
if inm ~= nil and inm ~= "" then
  wrk.headers["If-None-Match"] = inm
end

done = function(summary, latency, requests)
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"mean_us":%.1f,"max_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
