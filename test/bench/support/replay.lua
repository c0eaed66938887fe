-- wrk script: replays pre-signed requests in file order, cycling if the run outlasts them.
-- Arguments: path file first count — requests first+1 … first+count of the file (count 0: to the end),
-- so successive runs against one server can each take events it has not seen.
-- File format (requests-file.ts): a first line `#headers TAB name TAB name…`, then one request a
-- line: those headers' values TAB-separated, then TAB body.
local reqs, n, i = {}, 0, 0

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do fields[#fields + 1] = field end
  return fields
end

function init(args)
  local path, file = args[1], args[2]
  local first, count = tonumber(args[3] or "0"), tonumber(args[4] or "0")
  local names, line_no = nil, 0
  for line in io.lines(file) do
    if names == nil then
      names = split(line)
      table.remove(names, 1)
    else
      line_no = line_no + 1
      if line_no > first then
        local headers, rest = { ["Content-Type"] = "application/json; charset=utf-8" }, line
        for k = 1, #names do
          local cut = rest:find("\t", 1, true)
          headers[names[k]] = rest:sub(1, cut - 1)
          rest = rest:sub(cut + 1)
        end
        n = n + 1
        reqs[n] = wrk.format("POST", path, headers, rest)
        if count > 0 and n >= count then break end
      end
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
