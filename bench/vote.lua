-- wrk script of bench/vote.py. LINES (environment) names a file of requests, one per line:
-- path <tab> cookie <tab> client address <tab> form body. Each wrk thread takes every n-th line,
-- so no two connections send the same voter (THREADS must equal wrk's -t). Without LINES every request is a plain GET of wrk's URL.
-- With DRAIN and DURATION (seconds) new requests stop DRAIN seconds before the end (see request()).
-- The summary prints one line: "statuses 2xx=<n> 3xx=<n> 4xx=<n> 5xx=<n> 409=<n>".
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  c2, c3, c4, c5, c409 = 0, 0, 0, 0, 0
  requests = {}
  nthreads = tonumber(os.getenv("THREADS") or "1")
  if os.getenv("DRAIN") and os.getenv("DRAIN") ~= "" then
    deadline = os.time() + tonumber(os.getenv("DURATION")) - tonumber(os.getenv("DRAIN"))
  end
  local file = os.getenv("LINES")
  if file == nil or file == "" then return end
  local n = 0
  for line in io.lines(file) do
    if n % nthreads == id then
      local path, cookie, ip, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {
        ["Cookie"] = cookie,
        ["X-Forwarded-For"] = ip,
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["Accept"] = "application/json",
        -- One connection per request, as bench/vote.py's -H gives the plain GETs (see WRK there).
        ["Connection"] = "close",
      }
      table.insert(requests, wrk.format("POST", path, headers, body))
    end
    n = n + 1
  end
  index = 0
end

function request()
  if #requests == 0 then return wrk.request() end
  if deadline and os.time() >= deadline and index > 0 then
    -- The drain: new votes stop DRAIN seconds before the end, so that wrk sees the answer to every
    -- vote it sent; meanwhile the same connections replay earlier voters (each must get a 409).
    replay = (replay or 0) % index + 1
    return requests[replay]
  end
  index = index + 1
  if index > #requests then index = 1 end
  return requests[index]
end

function response(status, headers, body)
  if status == 409 then c409 = c409 + 1 end
  if status < 300 then c2 = c2 + 1
  elseif status < 400 then c3 = c3 + 1
  elseif status < 500 then c4 = c4 + 1
  else c5 = c5 + 1 end
end

function done(summary, latency, requests)
  local t2, t3, t4, t5, t409 = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    t2 = t2 + thread:get("c2"); t3 = t3 + thread:get("c3")
    t4 = t4 + thread:get("c4"); t5 = t5 + thread:get("c5"); t409 = t409 + thread:get("c409")
  end
  io.write(string.format("statuses 2xx=%d 3xx=%d 4xx=%d 5xx=%d 409=%d\n", t2, t3, t4, t5, t409))
end
