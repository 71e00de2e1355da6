-- wrk script: POST form-encoded SPARQL queries and report latency percentiles.
--
-- Why in Lua inside wrk: the load generator is C, so that the client does not take the CPU the servers
-- need. The requests file (first script argument) has one query a line, "Accept<TAB>form-encoded body";
-- a one-line file measures one query, a longer one rotates through the mix, each thread starting at a
-- different line. done() prints one line "BENCH {json}" with microseconds, which run.py parses.
--
--   wrk -t1 -c1 -d3s -s lua/sparql.lua http://127.0.0.1:8000/sparql -- requests.tsv

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads - 1)
end

function init(args)
  requests = {}
  for line in io.lines(args[1]) do
    local accept, body = line:match("^([^\t]*)\t(.*)$")
    if accept then
      table.insert(requests, wrk.format("POST", nil, {
        ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = accept }, body))
    end
  end
  counter = (offset or 0) % #requests
end

function request()
  counter = counter % #requests + 1
  return requests[counter]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"errors": {"status": %d, "timeout": %d, "connect": %d, "read": %d, "write": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.status, e.timeout, e.connect, e.read, e.write))
end
