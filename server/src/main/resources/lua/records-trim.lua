-- Trims a tenant's event stream past what every consumer group has acknowledged (the records pipeline's
-- "records", and any other group): entries older than the oldest entry some group still needs are removed.
-- A group still needs its pending entries (delivered, not acknowledged) and everything after its last delivered id.
--   KEYS[1] = sb:{tenant}:events
--   ARGV[1] = the oldest id to keep whatever the groups say ("<ms>-0"): recent events stay readable in Redis for
--             other readers of the stream (tests, tools) for a retention window after they were recorded
-- Returns the number of entries removed. Needs Redis >= 6.2 (XTRIM MINID).

local key = KEYS[1]

local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end

local function less(a, b)
  local am, as = parse(a)
  local bm, bs = parse(b)
  return am < bm or (am == bm and as < bs)
end

local groups = redis.pcall('XINFO', 'GROUPS', key)
if type(groups) ~= 'table' or groups.err or #groups == 0 then
  return 0 -- no stream, or no group: nothing is known to be recorded
end
local safe = nil
for _, g in ipairs(groups) do
  local name, last
  for i = 1, #g, 2 do
    if g[i] == 'name' then name = g[i + 1] elseif g[i] == 'last-delivered-id' then last = g[i + 1] end
  end
  local needed = last
  local pending = redis.call('XPENDING', key, name)
  if tonumber(pending[1]) > 0 and less(pending[2], needed) then
    needed = pending[2]
  end
  if safe == nil or less(needed, safe) then
    safe = needed
  end
end
if safe ~= nil and ARGV[1] and less(ARGV[1], safe) then
  safe = ARGV[1]
end
if safe == nil or safe == '0-0' then
  return 0
end
return redis.call('XTRIM', key, 'MINID', safe)
