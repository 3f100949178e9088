-- Shared part of every ACD script (RedisAcd prepends this file to each acd-<op>.lua).
--
-- Calling convention (see io.switchboard.acd.package-info for the key layout):
--   KEYS[1] = sb:{tenant}            every other key is built from it, so all live in the tenant's hash slot
--   ARGV[1] = now, epoch ms          the calling node's clock: every node passes its own, Lua's TIME is not used
--   ARGV[2] = today (UTC, yyyymmdd)  bucket of the daily counters
--   ARGV[3] = id of the calling node (recorded in events)
--   ARGV[4] = routeScanCalls, ARGV[5] = routeScanAgents, ARGV[6] = event stream max length
--   ARGV[7] = tenant id (for messages published to nodes)
--   ARGV[8..] operation arguments
--
-- Errors: fail(code, msg) raises {acd=true,...}; the op's main() runs under pcall and the error becomes the
-- reply "ACD:<code>:<msg>". Redis does not roll back a script, so every op validates BEFORE its first write.
-- Functions that run after writes (routing, requeue, ...) never fail: bad data is skipped, not raised.

local P = KEYS[1]
local NOW = tonumber(ARGV[1])
local DAY = ARGV[2]
local NODE = ARGV[3]
local SCAN_CALLS = tonumber(ARGV[4])
local SCAN_AGENTS = tonumber(ARGV[5])
local MAXLEN = ARGV[6]
local TENANT = ARGV[7]

local CALL_TTL_SECONDS = 86400 * 2     -- ended/abandoned call hashes linger for audits, then expire
local STATS_TTL_SECONDS = 86400 * 3    -- daily counters of past days
local SWEEP_BATCH = 200                -- deadlines handled per sweep call per kind

local function fail(code, msg)
  error({acd = true, code = code, msg = msg})
end

-- Integers as Redis arguments: no exponent notation, whatever their size (< 2^53).
local function num(x)
  return string.format('%.0f', x)
end

local function nz(v)
  if v == nil or v == false or v == cjson.null or v == '' then
    return nil
  end
  return v
end

-- Keys ------------------------------------------------------------------------------------------------
local function k_call(id) return P .. ':acd:call:' .. id end
local function k_agent(id) return P .. ':acd:agent:' .. id end
local function k_waiting(q) return P .. ':acd:q:' .. q .. ':waiting' end
local function k_since(q) return P .. ':acd:q:' .. q .. ':since' end
local function k_idle(q) return P .. ':acd:q:' .. q .. ':idle' end
local function k_rr(q) return P .. ':acd:q:' .. q .. ':rr' end
local function k_stats(q) return P .. ':acd:stats:' .. DAY .. ':' .. q end
local function k_state(s) return P .. ':acd:agents:' .. s end
local K_SEQ = P .. ':acd:seq'
local K_QUEUES = P .. ':acd:queues'
local K_RES = P .. ':acd:reservations'
local K_WRAP = P .. ':acd:wrapups'
local K_OVER = P .. ':acd:overflow'
local K_EVENTS = P .. ':events'
local STATES = {'offline', 'available', 'reserved', 'on-call', 'wrap-up', 'away'}

-- Small helpers -----------------------------------------------------------------------------------------
local function hgetall(key)
  local flat = redis.call('HGETALL', key)
  if #flat == 0 then
    return nil
  end
  local t = {}
  for i = 1, #flat, 2 do
    t[flat[i]] = flat[i + 1]
  end
  return t
end

local function decode(raw)
  if not raw or raw == '' then
    return nil
  end
  local ok, v = pcall(cjson.decode, raw)
  if ok and type(v) == 'table' then
    return v
  end
  return nil
end

local function is_int(v, lo, hi)
  return type(v) == 'number' and v == math.floor(v) and v >= lo and v <= hi
end

-- {"skill": level} with integer levels 1..5; returns the table or nil, error text.
local function check_skills(t, what)
  if t == nil or t == cjson.null then
    return {}
  end
  if type(t) ~= 'table' then
    return nil, what .. ' must be an object of skill id to level'
  end
  local out = {}
  for s, lvl in pairs(t) do
    if type(s) ~= 'string' or not is_int(lvl, 1, 5) then
      return nil, what .. '.' .. tostring(s) .. ' must be an integer level from 1 to 5'
    end
    out[s] = lvl
  end
  return out
end

local function string_list(t)
  local out = {}
  if type(t) == 'table' then
    for _, v in ipairs(t) do
      if type(v) == 'string' and v ~= '' then
        out[#out + 1] = v
      end
    end
  end
  return out
end

-- Encodes a Lua list as a JSON array (cjson turns an empty table into {}).
local function json_list(list)
  if #list == 0 then
    return '[]'
  end
  return cjson.encode(list)
end

-- Directory: queues -------------------------------------------------------------------------------------
local STRATEGIES = {['longest-idle'] = true, ['round-robin'] = true, ['fewest-calls'] = true, ['least-talk-time'] = true}
local queue_cache = {}

-- The queue's routing settings with defaults filled in; nil, reason when missing ('unknown') or unreadable.
local function queue_conf(q)
  local cached = queue_cache[q]
  if cached ~= nil then
    return cached.conf, cached.err
  end
  local conf, err
  local raw = redis.call('GET', P .. ':dir:queue:' .. q)
  if not raw then
    err = 'unknown'
  else
    local doc = decode(raw)
    if not doc then
      err = 'queue ' .. q .. ': directory document is not a JSON object'
    else
      conf = {
        priority = 0, strategy = 'longest-idle', wrapUp = 30, noAnswer = 20, slSeconds = 20,
        maxWait = 0, overflow = nil, skills = {}, language = nil,
      }
      if is_int(doc.priority, 0, 100) then conf.priority = doc.priority end
      if STRATEGIES[doc.strategy] then conf.strategy = doc.strategy end
      if is_int(doc.wrapUpSeconds, 0, 86400) then conf.wrapUp = doc.wrapUpSeconds end
      if is_int(doc.noAnswerSeconds, 1, 86400) then conf.noAnswer = doc.noAnswerSeconds end
      if type(doc.serviceLevel) == 'table' and is_int(doc.serviceLevel.seconds, 0, 86400) then
        conf.slSeconds = doc.serviceLevel.seconds
      end
      if is_int(doc.maxWaitSeconds, 0, 864000) then conf.maxWait = doc.maxWaitSeconds end
      if type(doc.overflowQueue) == 'string' and doc.overflowQueue ~= '' and doc.overflowQueue ~= q then
        conf.overflow = doc.overflowQueue
      end
      if type(doc.language) == 'string' and doc.language ~= '' then conf.language = string.lower(doc.language) end
      local skills, serr = check_skills(doc.requiredSkills, 'queue ' .. q .. ' requiredSkills')
      if skills then
        conf.skills = skills
      else
        conf, err = nil, serr
      end
    end
  end
  queue_cache[q] = {conf = conf, err = err}
  return conf, err
end

-- For code running after writes: a queue that vanished or broke keeps routing with defaults.
local DEFAULT_QUEUE = {
  priority = 0, strategy = 'longest-idle', wrapUp = 30, noAnswer = 20, slSeconds = 20, maxWait = 0, skills = {},
}
local function queue_conf_or_default(q)
  local conf = queue_conf(q)
  return conf or DEFAULT_QUEUE
end

-- Events and messages ----------------------------------------------------------------------------------
-- Appends one event; fields is a flat list of name, value (nil/empty values are left out).
local function event(kind, fields)
  local args = {'XADD', K_EVENTS, 'MAXLEN', '~', MAXLEN, '*', 'type', kind, 'ts', num(NOW), 'node', NODE}
  for i = 1, #fields, 2 do
    local v = fields[i + 1]
    if v ~= nil and v ~= '' then
      args[#args + 1] = fields[i]
      args[#args + 1] = tostring(v)
    end
  end
  redis.call(unpack(args))
end

-- Sends a signaling message to the node holding the agent's socket.
local function publish(node, a, msg)
  if node and node ~= '' then
    redis.call('PUBLISH', 'sb:node:' .. node, cjson.encode({tenant = TENANT, agentId = a, message = msg}))
  end
end

-- Agents -----------------------------------------------------------------------------------------------
-- Moves the agent to state s: hash, per-state sets, event, agent.state message. Never fails.
local function set_state(a, old, s, reason, node, callId)
  redis.call('HSET', k_agent(a), 'state', s, 'reason', reason or '', 'since', num(NOW))
  if old and old ~= s then
    redis.call('SREM', k_state(old), a)
  end
  redis.call('SADD', k_state(s), a)
  event('agent.state', {'agentId', a, 'state', s, 'reason', reason, 'callId', callId})
  publish(node, a, {type = 'agent.state', state = s, reason = nz(reason), since = NOW, callId = nz(callId)})
end

-- Today's handled calls and talk seconds (the counters restart each UTC day).
local function agent_today(h)
  if h.day == DAY then
    return tonumber(h.calls) or 0, tonumber(h.talk) or 0
  end
  return 0, 0
end

local function idle_score(h, q, idleSince)
  local strategy = queue_conf_or_default(q).strategy
  if strategy == 'round-robin' then
    return tonumber(h['rr:' .. q]) or 0
  end
  local calls, talk = agent_today(h)
  -- ties (same calls or talk) go to the agent idle longest; seconds keep the sum exact in a double
  if strategy == 'fewest-calls' then
    return calls * 1e10 + math.floor(idleSince / 1000)
  elseif strategy == 'least-talk-time' then
    return talk * 1e10 + math.floor(idleSince / 1000)
  end
  return idleSince
end

local function agent_queues(h)
  return string_list(decode(h.queues))
end

local function remove_idle(a, queues)
  for _, q in ipairs(queues) do
    redis.call('ZREM', k_idle(q), a)
  end
end

-- Agent becomes available: idle in each of its queues, scored by that queue's strategy.
local function go_available(a, h, idleSince, reason)
  set_state(a, h.state, 'available', reason, h.node, nil)
  redis.call('HSET', k_agent(a), 'idleSince', num(idleSince))
  redis.call('HDEL', k_agent(a), 'callId', 'wrapDeadline', 'pending', 'pendingReason')
  for _, q in ipairs(agent_queues(h)) do
    redis.call('ZADD', k_idle(q), num(idle_score(h, q, idleSince)), a)
  end
end

-- Counts a handled call and talk seconds for today.
local function agent_add_today(a, h, calls, talk)
  local c, t = agent_today(h)
  redis.call('HSET', k_agent(a), 'day', DAY, 'calls', num(c + calls), 'talk', num(t + talk))
end

local function stat_incr(q, field, n)
  local key = k_stats(q)
  redis.call('HINCRBY', key, field, n or 1)
  redis.call('EXPIRE', key, STATS_TTL_SECONDS)
end

-- Waiting calls ----------------------------------------------------------------------------------------
-- Puts the call in the waiting set of queue q at its own (original) score.
local function add_waiting(id, q, c)
  redis.call('ZADD', k_waiting(q), c.score, id)
  redis.call('ZADD', k_since(q), c.enqueuedAt, id)
  if nz(c.overflowAt) then
    redis.call('ZADD', K_OVER, c.overflowAt, id)
  end
end

local function remove_waiting(id, q)
  redis.call('ZREM', k_waiting(q), id)
  redis.call('ZREM', k_since(q), id)
  redis.call('ZREM', K_OVER, id)
end

-- A reserved call goes back to its original place; the agent is no longer attached to it.
local function requeue(id, c)
  redis.call('ZREM', K_RES, id)
  add_waiting(id, c.queue, c)
  redis.call('HSET', k_call(id), 'state', 'waiting', 'agent', '')
  redis.call('HDEL', k_call(id), 'deadline')
end

-- Routing ----------------------------------------------------------------------------------------------
local agent_cache = {}

-- What routing needs of an idle agent, decoded once per script run.
local function agent_info(a)
  local info = agent_cache[a]
  if info == nil then
    local h = redis.call('HMGET', k_agent(a), 'state', 'skills', 'languages')
    info = {state = h[1], skills = decode(h[2]) or {}, langs = {}}
    for _, l in ipairs(string_list(decode(h[3]))) do
      info.langs[string.lower(l)] = true
    end
    agent_cache[a] = info
  end
  return info
end

local function eligible(info, required, lang)
  for s, min in pairs(required) do
    local lvl = tonumber(info.skills[s])
    if not lvl or lvl < min then
      return false
    end
  end
  return lang == nil or info.langs[lang] == true
end

-- Queue requirements plus the call's own (the stricter minimum wins).
local function requirements(conf, callSkillsJson)
  local req = {}
  for s, min in pairs(conf.skills) do
    req[s] = min
  end
  local own = decode(callSkillsJson)
  if own then
    for s, min in pairs(own) do
      local m = tonumber(min)
      if m and (req[s] == nil or m > req[s]) then
        req[s] = m
      end
    end
  end
  return req
end

-- Pairs call id (waiting in q) with idle agent a: the one atomic hand-over at the heart of the ACD.
local function reserve(id, q, conf, a)
  local deadline = NOW + conf.noAnswer * 1000
  local h = hgetall(k_agent(a))
  local c = redis.call('HMGET', k_call(id), 'caller', 'callerName', 'priority')
  remove_waiting(id, q)
  remove_idle(a, agent_queues(h))
  if conf.strategy == 'round-robin' then
    redis.call('HSET', k_agent(a), 'rr:' .. q, redis.call('INCR', k_rr(q)))
  end
  redis.call('HSET', k_call(id), 'state', 'reserved', 'agent', a, 'deadline', num(deadline))
  redis.call('ZADD', K_RES, num(deadline), id)
  redis.call('HSET', k_agent(a), 'callId', id)
  event('call.reserved', {'callId', id, 'agentId', a, 'queue', q, 'state', 'reserved', 'deadline', num(deadline)})
  publish(h.node, a, {
    type = 'call.offered', callId = id, queue = q, caller = nz(c[1]), callerName = nz(c[2]),
    priority = tonumber(c[3]), deadline = deadline,
  })
  set_state(a, h.state, 'reserved', nil, h.node, id)
end

-- One routing step over the candidate queues: the best waiting calls first (priority, then age: the
-- waiting score is comparable across queues), each paired with the best eligible idle agent of its
-- queue. Looks at most SCAN_CALLS calls per queue and SCAN_AGENTS agents per call. Returns
-- {{callId, agentId}, ...}. Never fails. {@code extra} (optional {id, score, q}) is a call considered even
-- when it lies beyond the scanned head of its queue: a new call must not starve behind calls nobody can take.
local function route(queues, extra)
  local cands, seen, seenCall = {}, {}, {}
  for _, q in ipairs(queues) do
    if not seen[q] then
      seen[q] = true
      if redis.call('ZCARD', k_idle(q)) > 0 then
        local r = redis.call('ZRANGE', k_waiting(q), 0, SCAN_CALLS - 1, 'WITHSCORES')
        for i = 1, #r, 2 do
          cands[#cands + 1] = {id = r[i], score = tonumber(r[i + 1]), q = q}
          seenCall[r[i]] = true
        end
      end
    end
  end
  if extra and seen[extra.q] and not seenCall[extra.id] and redis.call('ZCARD', k_idle(extra.q)) > 0 then
    cands[#cands + 1] = extra
  end
  table.sort(cands, function(x, y) return x.score < y.score end)
  local matched = {}
  for _, cand in ipairs(cands) do
    local conf = queue_conf_or_default(cand.q)
    local c = redis.call('HMGET', k_call(cand.id), 'skills', 'language')
    local required = requirements(conf, c[1])
    local lang = nz(c[2]) or conf.language
    local ids = redis.call('ZRANGE', k_idle(cand.q), 0, SCAN_AGENTS - 1)
    for _, a in ipairs(ids) do
      local info = agent_info(a)
      if info.state ~= 'available' then
        redis.call('ZREM', k_idle(cand.q), a)  -- stale entry; cannot happen unless data was edited by hand
      elseif eligible(info, required, lang) then
        reserve(cand.id, cand.q, conf, a)
        agent_cache[a] = {state = 'reserved', skills = {}, langs = {}}
        matched[#matched + 1] = {cand.id, a}
        break
      end
    end
  end
  return matched
end

-- Wrap-up ends (done or timed out): the agent becomes available, or the state it asked for meanwhile.
-- Returns the queues to route (empty when the agent did not become available).
-- how: 'done' (the agent said so, with disposition and notes) or 'timeout'.
local function finish_wrapup(a, h, how, disposition, notes)
  local id = h.callId
  redis.call('ZREM', K_WRAP, a)
  if how == 'done' and nz(id) and redis.call('EXISTS', k_call(id)) == 1 then
    redis.call('HSET', k_call(id), 'disposition', disposition or '', 'notes', notes or '')
  end
  event('wrapup.done', {'callId', id, 'agentId', a, 'disposition', disposition, 'notes', notes, 'reason', how})
  local pending = nz(h.pending)
  if pending then
    redis.call('HDEL', k_agent(a), 'callId', 'wrapDeadline', 'pending', 'pendingReason')
    set_state(a, h.state, pending, h.pendingReason, h.node, nil)
    return {}
  end
  go_available(a, h, NOW, nil)
  return agent_queues(h)
end

-- The connected call ends (agent or caller hung up): talk time counted, the agent goes to wrap-up.
-- Returns the queues to route (when the queue has no wrap-up time the agent is available at once).
local function end_connected(id, c, by)
  local a = c.agent
  local conf = queue_conf_or_default(c.queue)
  local talk = math.max(0, math.floor((NOW - (tonumber(c.answeredAt) or NOW)) / 1000))
  redis.call('HSET', k_call(id), 'state', 'ended', 'endedAt', num(NOW), 'endedBy', by, 'talkSeconds', num(talk))
  redis.call('EXPIRE', k_call(id), CALL_TTL_SECONDS)
  event('call.ended', {'callId', id, 'agentId', a, 'queue', c.queue, 'state', 'ended', 'by', by,
    'talkSeconds', num(talk)})
  local h = hgetall(k_agent(a))
  if not h or h.state ~= 'on-call' or h.callId ~= id then
    return {}
  end
  agent_add_today(a, h, 0, talk)
  local deadline = NOW + conf.wrapUp * 1000
  redis.call('HSET', k_agent(a), 'wrapDeadline', num(deadline))
  redis.call('ZADD', K_WRAP, num(deadline), a)
  set_state(a, h.state, 'wrap-up', nil, h.node, id)
  if conf.wrapUp == 0 then
    return finish_wrapup(a, hgetall(k_agent(a)), 'timeout', nil, nil)
  end
  return {}
end

-- Replies ----------------------------------------------------------------------------------------------
local function agent_reply(a, h)
  h = h or {}
  return cjson.encode({
    agentId = a, state = h.state or 'offline', reason = nz(h.reason), since = tonumber(h.since) or 0,
    callId = nz(h.callId),
  })
end

local function list_concat(a, b)
  for _, v in ipairs(b) do
    a[#a + 1] = v
  end
  return a
end

-- Runs main() and turns fail(...) into the error reply "ACD:<code>:<message>".
local function run(main)
  local ok, res = pcall(main)
  if ok then
    return res
  end
  if type(res) == 'table' and res.acd then
    return redis.error_reply('ACD:' .. res.code .. ':' .. res.msg)
  end
  if type(res) == 'table' and res.err then
    return redis.error_reply(res.err)
  end
  return redis.error_reply('ERR acd script: ' .. tostring(res))
end
