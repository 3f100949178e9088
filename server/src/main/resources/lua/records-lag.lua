-- How far the records pipeline is behind on a tenant's event stream.
--   KEYS[1] = sb:{tenant}:events, ARGV[1] = the pipeline's group, ARGV[2] = most entries counted one by one
-- Returns {pending, undelivered, oldest}: entries read but not acknowledged, entries not read yet, and the id of
-- the oldest entry not yet recorded ('' when none). Redis >= 7 reports the undelivered count itself (XINFO GROUPS
-- "lag"); on 6.2 they are counted, at most ARGV[2] of them (the count is then a lower bound).

local key = KEYS[1]
local group = ARGV[1]
local cap = tonumber(ARGV[2])

local groups = redis.pcall('XINFO', 'GROUPS', key)
if type(groups) ~= 'table' or groups.err then
  return {0, 0, ''} -- no stream yet
end
local found, last, lag = false, nil, nil
for _, g in ipairs(groups) do
  local fields = {}
  for i = 1, #g, 2 do fields[g[i]] = g[i + 1] end
  if fields['name'] == group then
    found, last, lag = true, fields['last-delivered-id'], fields['lag']
  end
end
if not found then -- the group is made on the pipeline's first read: everything in the stream is unrecorded
  local first = redis.call('XRANGE', key, '-', '+', 'COUNT', 1)
  return {0, redis.call('XLEN', key), first[1] and first[1][1] or ''}
end
local p = redis.call('XPENDING', key, group)
local pending = tonumber(p[1])
local nextEntry = redis.call('XRANGE', key, '(' .. last, '+', 'COUNT', 1)
local undelivered = 0
if #nextEntry > 0 then
  if type(lag) == 'number' then
    undelivered = lag
  else
    undelivered = #redis.call('XRANGE', key, '(' .. last, '+', 'COUNT', cap)
  end
end
local oldest = ''
if pending > 0 then
  oldest = p[2]
elseif #nextEntry > 0 then
  oldest = nextEntry[1][1]
end
return {pending, undelivered, oldest}
