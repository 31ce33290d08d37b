-- wrk script for bench/run.sh: one kind of request against a running `jebo up`, and one RESULT line at the end.
-- Environment:
--   QUICK_KIND      submit | known | unknown | malformed | health | cases | search
--   QUICK_SIZE      bytes of a submitted report's description (submit; default 2048)
--   QUICK_RECEIPTS  file of receipts, one a line: read by `known`, written by `submit` (up to 2,000 of them)
--   QUICK_TOKEN     a staff API token (cases, search)
--   QUICK_QUERY     the search words (search; default 보호비)
local threads = {}
local kind = os.getenv("QUICK_KIND") or "submit"
local size = tonumber(os.getenv("QUICK_SIZE") or "2048")
local receiptsFile = os.getenv("QUICK_RECEIPTS")
local token = os.getenv("QUICK_TOKEN") or ""
local query = os.getenv("QUICK_QUERY") or "보호비"
local alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
local keep = 2000

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function randomReceipt()
  local groups = {}
  for g = 1, 5 do
    local s = ""
    for _ = 1, 4 do
      local i = math.random(1, 32)
      s = s .. alphabet:sub(i, i)
    end
    groups[g] = s
  end
  return table.concat(groups, "-")
end

function init(args)
  counts = {}
  captured = {}
  known = {}
  n = 0
  math.randomseed(os.time() * 1000 + id)
  if kind == "known" and receiptsFile then
    for line in io.lines(receiptsFile) do
      if #line > 0 then table.insert(known, line) end
    end
  end
  -- Korean text of the given size (3 bytes a syllable) so every report is as large as a real one and unique.
  local words = "부산 사하구 건설 현장에서 조직원들이 매달 보호비를 걷어 갑니다. "
  filler = string.rep(words, math.max(1, math.floor(size / #words)))
end

request = function()
  n = n + 1
  local json = { ["Content-Type"] = "application/json" }
  if kind == "submit" then
    local body = string.format(
      '{"language":"ko","category":"unclear","region":"26","reporter":{"anonymous":true},'
        .. '"facts":{"where":"부산 사하구","description":"%d-%d-%d %s"}}',
      id, n, math.random(1, 1000000000), filler)
    return wrk.format("POST", "/api/v1/reports", json, body)
  elseif kind == "known" then
    return wrk.format("POST", "/api/v1/status", json, '{"receipt":"' .. known[math.random(1, #known)] .. '"}')
  elseif kind == "unknown" then
    return wrk.format("POST", "/api/v1/status", json, '{"receipt":"' .. randomReceipt() .. '"}')
  elseif kind == "malformed" then
    -- Refused by its form before any database is asked: the floor a look-up's database path is measured against.
    return wrk.format("POST", "/api/v1/status", json, '{"receipt":"not-a-receipt"}')
  elseif kind == "health" then
    return wrk.format("GET", "/healthz")
  elseif kind == "cases" then
    return wrk.format("GET", "/api/v1/cases", { ["Authorization"] = "Bearer " .. token })
  elseif kind == "search" then
    return wrk.format("GET", "/api/v1/cases?q=" .. urlencode(query), { ["Authorization"] = "Bearer " .. token })
  end
end

response = function(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if kind == "submit" and status == 201 and #captured < keep then
    local receipt = body:match('"receipt"%s*:%s*"([^"]+)"')
    if receipt then table.insert(captured, receipt) end
  end
end

function done(summary, latency, requests)
  local total = {}
  local receipts = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      total[status] = (total[status] or 0) + count
    end
    for _, r in ipairs(thread:get("captured")) do table.insert(receipts, r) end
  end
  if kind == "submit" and receiptsFile then
    local f = io.open(receiptsFile, "w")
    for _, r in ipairs(receipts) do f:write(r, "\n") end
    f:close()
  end
  local keys = {}
  for status in pairs(total) do table.insert(keys, status) end
  table.sort(keys)
  local statuses = ""
  for _, status in ipairs(keys) do statuses = statuses .. string.format("%d=%d ", status, total[status]) end
  local seconds = summary.duration / 1000000
  -- RESULT <tab> requests/s <tab> p50 ms <tab> p99 ms <tab> max ms <tab> statuses <tab> socket errors
  local e = summary.errors
  io.write(string.format("RESULT\t%.0f\t%.2f\t%.2f\t%.1f\t%s\t%d\n", summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, statuses,
    e.connect + e.read + e.write + e.timeout))
end
