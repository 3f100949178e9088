-- Creates or replaces one directory object, all or nothing: every check runs before the first write.
--
-- KEYS[1]  sb:{t}  tenant anchor; every key below is derived from it and shares its hash slot
-- ARGV[1]  kind (agent, team, ...)         ARGV[2] id
-- ARGV[3]  mode: 'create' (fail if it exists) | 'put' (create or replace)
-- ARGV[4]  expected version: '' (none) | '*' (must exist) | n (0 = must not exist)
-- ARGV[5]  canonical JSON of the object WITHOUT "version" (ends with '}')
-- ARGV[6]  username ('' unless an agent)
-- ARGV[7]  credentials: 'none' (leave as is) | 'set' (ARGV[8] is the new bcrypt hash)
--          | 'keep' (ARGV[8] is the hash the caller verified the password against; RETRY if it changed since)
-- ARGV[9]  secret (a trunk's digest password, a webhook's signing key: kept in clear apart from the document):
--          'none' (kind has none)
--          | 'set' (ARGV[10] is the new value) | 'keep' (must already exist) | 'clear' (remove it)
-- ARGV[11..] references as triples: kind, id, field (the field names the reference in errors)
--
-- Stored: <p>:dir:<kind>:<id> = ARGV[5] with ,"version":n appended; <p>:dir:<kind> zset (score 0) of ids;
-- <p>:dir:username:<u> = agent id; <p>:cred:<id> hash {hash}; <p>:<kind>-secret:<id> hash {password}; reverse references for delete checks:
-- <p>:dir:uses:<kind>:<id> set of "kind:id" it points at, <p>:dir:refs:<kind>:<id> set of "kind:id" pointing at it.
--
-- Revocation: when an existing agent is disabled, gets a new password or other roles, its token epoch
-- <p>:auth:epoch:<id> is raised and "<tenant>/<id>" is PUBLISHed on sb:auth:revoked, in this same atomic step,
-- so every token issued before is refused and every node closes the agent's sockets (io.switchboard.auth.TokenEpochs).
--
-- Returns {'ok', version, changed 0|1, stored json} or {'err', code, ...}:
--   NO_TENANT | VERSION current | EXISTS | REFS field, message, ... (also: a queue another chat-bot fronts; a chat
--   queue named by a phone number or a flow; an overflow queue of the other channel)
--   | USERNAME owner | RETRY
local p = KEYS[1]
local kind, id, mode, expected, body = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local uname, credMode, credValue = ARGV[6], ARGV[7], ARGV[8]
local secretMode, secretValue = ARGV[9], ARGV[10]
local FIRST_REF = 11

if redis.call('EXISTS', p .. ':tenant') == 0 then
  return {'err', 'NO_TENANT'}
end

local objKey = p .. ':dir:' .. kind .. ':' .. id
local cur = redis.call('GET', objKey)
local curVersion, curBody = 0, nil
if cur then
  local b, v = string.match(cur, '^(.*),"version":(%d+)}$')
  curBody, curVersion = b .. '}', tonumber(v)
end

if expected == '*' then
  if not cur then return {'err', 'VERSION', curVersion} end
elseif expected ~= '' and tonumber(expected) ~= curVersion then
  return {'err', 'VERSION', curVersion}
end
if mode == 'create' and cur then
  return {'err', 'EXISTS'}
end

local missing = {'err', 'REFS'}
for i = FIRST_REF, #ARGV, 3 do
  if redis.call('EXISTS', p .. ':dir:' .. ARGV[i] .. ':' .. ARGV[i + 1]) == 0 then
    missing[#missing + 1] = ARGV[i + 2]
    missing[#missing + 1] = 'no such ' .. ARGV[i] .. " '" .. ARGV[i + 1] .. "'"
  end
end
if #missing > 2 then
  return missing
end

-- Calls go to voice queues only (docs/chat.md): a phone number or a flow may not point at a chat queue, and a
-- queue overflows only into a queue of its own channel.
local function channel_of(raw)
  local ok, d = pcall(cjson.decode, raw or '')
  return (ok and type(d) == 'table' and d.channel == 'chat') and 'chat' or 'voice'
end
local want = nil
if kind == 'phone-number' or kind == 'flow' then
  want = 'voice'
elseif kind == 'queue' then
  want = channel_of(body)
end
if want then
  local wrong = {'err', 'REFS'}
  for i = FIRST_REF, #ARGV, 3 do
    if ARGV[i] == 'queue' then
      local has = channel_of(redis.call('GET', p .. ':dir:queue:' .. ARGV[i + 1]))
      if has ~= want then
        wrong[#wrong + 1] = ARGV[i + 2]
        wrong[#wrong + 1] = kind == 'queue'
          and ("queue '" .. ARGV[i + 1] .. "' is a " .. has .. ' queue: a ' .. want .. ' queue overflows into a '
            .. want .. ' queue only')
          or ("queue '" .. ARGV[i + 1] .. "' is a chat queue: calls go to voice queues only")
      end
    end
  end
  if #wrong > 2 then
    return wrong
  end
end

-- A queue is fronted by at most one chat bot: a bot may not name a queue another bot already references.
if kind == 'chat-bot' then
  local self = 'chat-bot:' .. id
  for i = FIRST_REF, #ARGV, 3 do
    if ARGV[i] == 'queue' then
      for _, other in ipairs(redis.call('SMEMBERS', p .. ':dir:refs:queue:' .. ARGV[i + 1])) do
        if other ~= self and string.sub(other, 1, 9) == 'chat-bot:' then
          return {'err', 'REFS', ARGV[i + 2], "queue '" .. ARGV[i + 1] .. "' is already fronted by chat-bot '"
            .. string.sub(other, 10) .. "'"}
        end
      end
    end
  end
end

if uname ~= '' then
  local owner = redis.call('GET', p .. ':dir:username:' .. uname)
  if owner and owner ~= id then
    return {'err', 'USERNAME', owner}
  end
end

local credKey = p .. ':cred:' .. id
if credMode == 'keep' and redis.call('HGET', credKey, 'hash') ~= credValue then
  return {'err', 'RETRY'}
end

local secretKey = p .. ':' .. kind .. '-secret:' .. id
local secretChanged = false
if secretMode == 'keep' then
  if redis.call('HEXISTS', secretKey, 'password') == 0 then
    local field = kind == 'trunk' and 'digest.password' or kind == 'queue' and 'mailbox.password' or 'secret'
    return {'err', 'REFS', field, 'is required: none is stored for this ' .. kind .. ' yet'}
  end
elseif secretMode == 'set' then
  secretChanged = redis.call('HGET', secretKey, 'password') ~= secretValue
elseif secretMode == 'clear' then
  secretChanged = redis.call('EXISTS', secretKey) == 1
end

if cur and curBody == body and credMode ~= 'set' and not secretChanged then
  return {'ok', curVersion, 0, cur}
end

-- From here on nothing can fail: write everything.
local version = curVersion + 1
local stored = string.sub(body, 1, -2) .. ',"version":' .. version .. '}'
redis.call('SET', objKey, stored)
redis.call('ZADD', p .. ':dir:' .. kind, 0, id)

if kind == 'agent' then
  if cur then
    local before, after = cjson.decode(cur), cjson.decode(body)
    if credMode == 'set' or (before.enabled ~= false and after.enabled == false)
        or cjson.encode(before.roles) ~= cjson.encode(after.roles) then
      redis.call('INCR', p .. ':auth:epoch:' .. id)
      redis.call('PUBLISH', 'sb:auth:revoked', string.match(p, '^sb:{(.*)}$') .. '/' .. id)
    end
    local old = before.username
    if old and old ~= uname and redis.call('GET', p .. ':dir:username:' .. old) == id then
      redis.call('DEL', p .. ':dir:username:' .. old)
    end
  end
  redis.call('SET', p .. ':dir:username:' .. uname, id)
end
if credMode == 'set' then
  redis.call('HSET', credKey, 'hash', credValue)
end
if secretMode == 'set' then
  redis.call('HSET', secretKey, 'password', secretValue)
elseif secretMode == 'clear' then
  redis.call('DEL', secretKey)
end

local self = kind .. ':' .. id
local usesKey = p .. ':dir:uses:' .. self
for _, target in ipairs(redis.call('SMEMBERS', usesKey)) do
  redis.call('SREM', p .. ':dir:refs:' .. target, self)
end
redis.call('DEL', usesKey)
for i = FIRST_REF, #ARGV, 3 do
  local target = ARGV[i] .. ':' .. ARGV[i + 1]
  redis.call('SADD', usesKey, target)
  redis.call('SADD', p .. ':dir:refs:' .. target, self)
end

return {'ok', version, 1, stored}
