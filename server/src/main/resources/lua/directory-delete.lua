-- Deletes one directory object unless another object still references it; all or nothing.
--
-- KEYS[1]  sb:{t}      ARGV[1] kind   ARGV[2] id   ARGV[3] expected version: '' | '*' | n
-- Deleting an agent revokes its tokens: its token epoch is raised and "<tenant>/<id>" PUBLISHed on
-- sb:auth:revoked (see directory-write.lua); the epoch key stays, so a re-created agent of the same id starts above it.
-- Returns {'ok', deleted version} or {'err', 'NOT_FOUND'} | {'err', 'VERSION', current}
--   | {'err', 'REFERENCED', total, "kind:id", ...} (the first 10 referrers, sorted)
local p = KEYS[1]
local kind, id, expected = ARGV[1], ARGV[2], ARGV[3]
local objKey = p .. ':dir:' .. kind .. ':' .. id
local cur = redis.call('GET', objKey)
if not cur then
  return {'err', 'NOT_FOUND'}
end
local curVersion = tonumber(string.match(cur, ',"version":(%d+)}$'))
if expected ~= '' and expected ~= '*' and tonumber(expected) ~= curVersion then
  return {'err', 'VERSION', curVersion}
end

local self = kind .. ':' .. id
local refsKey = p .. ':dir:refs:' .. self
local referrers = redis.call('SMEMBERS', refsKey)
if #referrers > 0 then
  table.sort(referrers)
  local out = {'err', 'REFERENCED', #referrers}
  for i = 1, math.min(10, #referrers) do
    out[#out + 1] = referrers[i]
  end
  return out
end

redis.call('DEL', objKey, refsKey)
redis.call('ZREM', p .. ':dir:' .. kind, id)
if kind == 'agent' then
  local uname = cjson.decode(cur).username
  if uname and redis.call('GET', p .. ':dir:username:' .. uname) == id then
    redis.call('DEL', p .. ':dir:username:' .. uname)
  end
  redis.call('DEL', p .. ':cred:' .. id)
  redis.call('INCR', p .. ':auth:epoch:' .. id)
  redis.call('PUBLISH', 'sb:auth:revoked', string.match(p, '^sb:{(.*)}$') .. '/' .. id)
end
redis.call('DEL', p .. ':' .. kind .. '-secret:' .. id)
local usesKey = p .. ':dir:uses:' .. self
for _, target in ipairs(redis.call('SMEMBERS', usesKey)) do
  redis.call('SREM', p .. ':dir:refs:' .. target, self)
end
redis.call('DEL', usesKey)
return {'ok', curVersion}
