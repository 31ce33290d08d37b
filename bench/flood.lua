-- wrk script for bench/flood.sh: floods one intake endpoint and counts the answers by status.
-- Environment: FLOOD_KIND = reports | guesses; FLOOD_SPOOF = 1 to send a random X-Forwarded-For per request (a
-- botnet of many addresses, against an intake started with --trusted-proxy 127.0.0.1).
local threads = {}
local kind = os.getenv("FLOOD_KIND") or "reports"
local spoof = os.getenv("FLOOD_SPOOF") == "1"
local alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
  n = 0
  math.randomseed(os.time() * 1000 + id)
end

local function receipt()
  local groups = {}
  for g = 1, 5 do
    local s = ""
    for c = 1, 4 do
      local i = math.random(1, 32)
      s = s .. alphabet:sub(i, i)
    end
    groups[g] = s
  end
  return table.concat(groups, "-")
end

request = function()
  n = n + 1
  local headers = { ["Content-Type"] = "application/json" }
  if spoof then
    headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  end
  if kind == "guesses" then
    return wrk.format("POST", "/api/v1/status", headers, '{"receipt":"' .. receipt() .. '"}')
  end
  local body = string.format('{"language":"ko","category":"unclear","region":"unclear","reporter":{"anonymous":true},"facts":{"description":"flood %d-%d-%d 조직폭력배가 보호비를 요구합니다"}}', id, n, math.random(1, 1000000000))
  return wrk.format("POST", "/api/v1/reports", headers, body)
end

response = function(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for status, count in pairs(c) do
      total[status] = (total[status] or 0) + count
    end
  end
  local line = "statuses:"
  local keys = {}
  for status in pairs(total) do table.insert(keys, status) end
  table.sort(keys)
  for _, status in ipairs(keys) do line = line .. string.format(" %d=%d", status, total[status]) end
  io.write(line .. "\n")
  io.write(string.format("latency: p50=%.1fms p99=%.1fms max=%.1fms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
