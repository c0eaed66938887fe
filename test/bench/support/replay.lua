-- wrk script: replays pre-signed requests in file order, cycling if the run outlasts them.
-- Arguments: path file first count — lines first+1 … first+count of the file (count 0: to the end),
-- so successive runs against one server can each take events it has not seen.
-- Line format: timestamp TAB nonce TAB signature TAB body.
local reqs, n, i = {}, 0, 0

function init(args)
  local path, file = args[1], args[2]
  local first, count = tonumber(args[3] or "0"), tonumber(args[4] or "0")
  local line_no = 0
  for line in io.lines(file) do
    line_no = line_no + 1
    if line_no > first then
      local ts, nonce, sig, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      n = n + 1
      reqs[n] = wrk.format("POST", path, {
        ["Content-Type"] = "application/json; charset=utf-8",
        ["X-Lark-Request-Timestamp"] = ts,
        ["X-Lark-Request-Nonce"] = nonce,
        ["X-Lark-Signature"] = sig,
      }, body)
      if count > 0 and n >= count then break end
    end
  end
end

function request()
  i = i % n + 1
  return reqs[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nWRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
