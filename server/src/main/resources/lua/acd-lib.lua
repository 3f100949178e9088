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
-- Each script gets only the top-level statements here it uses (acd.LuaLibrary): keep them at column 0, one
-- `local function`, `local a = ...` or `REGION.x` each, continuation lines indented; no [[long strings]].

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

local function fail(code, msg) error({acd = true, code = code, msg = msg}) end

-- Integers as Redis arguments: no exponent notation, whatever their size (< 2^53).
local function num(x)
  return string.format('%.0f', x)
end
local NOW_ARG = num(NOW)  -- formatted once: events and state changes write it on every decision

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
-- the queue's backlog of cases (acd-case.lua): work items offered only to agents no waiting call fits
local function k_cases(q) return P .. ':acd:q:' .. q .. ':cases' end
-- agents staffed for queue q (available, reserved, on a call or in wrap-up, and eligible for it; not away or
-- offline): what the wait estimate divides the queue's work by. Kept by go_available and set_state.
local function k_staffed(q) return P .. ':acd:q:' .. q .. ':staffed' end
local function k_state(s) return P .. ':acd:agents:' .. s end
-- the chats offered to or worked on by the agent (acd-chat.lua); its hash field chatsDuringCall says how many of
-- them still leave room for a call. E-mail conversations are counted apart (k_agent_emails, emailsDuringCall).
local function k_agent_chats(a) return P .. ':acd:agent:' .. a .. ':chats' end
local function k_agent_emails(a) return P .. ':acd:agent:' .. a .. ':emails' end
-- the agent's set of items of channel ch ('chat' or 'email')
local function k_agent_items(a, ch) return ch == 'email' and k_agent_emails(a) or k_agent_chats(a) end
-- calls of this tenant whose SIP leg (media) lives on that node, until they end: what a survivor must
-- finish when the node dies
local function k_node_calls(node) return P .. ':acd:node:' .. node .. ':calls' end
-- trunk slots (maxConcurrentCalls, counted across the cluster): callId -> "<node> <acquired ms>" per trunk, and
-- callId -> trunkId per node (what a survivor gives back when the node dies)
local function k_trunk_calls(trunk) return P .. ':acd:trunk:' .. trunk .. ':calls' end
local function k_node_trunk_calls(node) return P .. ':acd:node:' .. node .. ':trunk-calls' end
local K_SEQ = P .. ':acd:seq'
local K_QUEUES = P .. ':acd:queues'
local K_RES = P .. ':acd:reservations'
local K_WRAP = P .. ':acd:wrapups'
local K_OVER = P .. ':acd:overflow'
local K_EVENTS = P .. ':events'
-- queue -> recent handle time (talk + wrap-up) in ms, an exponentially weighted mean updated when a wrap-up ends
local K_HANDLE = P .. ':acd:handle'
-- weight of the newest handle time in that mean: roughly the last 10 calls count (calls older than those keep
-- 0.9^10 = 35 % of the weight), so a change of work shows within a few calls without one odd call swinging it
local HANDLE_WEIGHT = 0.1
local STATES = {'offline', 'available', 'reserved', 'on-call', 'wrap-up', 'away'}
-- Region preference hooks, filled by acd-region.lua (loaded right after this file): idle_keys,
-- waiting_keys, add_idle, remove_idle, add_waiting, remove_waiting, widen_due. Called only while a script
-- runs.
local REGION = {}

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

-- An argument that is '' or a JSON object (kept as the raw text); anything else fails naming it.
local function json_object_arg(raw, what)
  if raw ~= '' and decode(raw) == nil then
    fail('invalid-argument', what .. ' must be a JSON object')
  end
  return raw
end

-- An E.164 number: '+', a first digit 1-9, 3 to 15 digits; anything else fails naming it.
local function e164_arg(number, what)
  if not string.match(number, '^%+[1-9][0-9][0-9]+$') or #number > 16 then
    fail('invalid-argument', what .. ' must be E.164')
  end
  return number
end

local function is_int(v, lo, hi) return type(v) == 'number' and v == math.floor(v) and v >= lo and v <= hi end

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
-- Seconds a call waits for an agent of its own region before any region will do. The directory stores
-- every queue with QueueSchema's default (DEFAULT_REGION_WIDENING_SECONDS, the one place it is decided);
-- this only covers documents written before the field existed. QueueDefaultsTest keeps the two equal.
local REGION_WIDENING_DEFAULT = 5
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
        maxWait = 0, overflow = nil, skills = {}, language = nil, widening = REGION_WIDENING_DEFAULT,
      }
      if is_int(doc.priority, 0, 100) then conf.priority = doc.priority end
      if STRATEGIES[doc.strategy] then conf.strategy = doc.strategy end
      if is_int(doc.wrapUpSeconds, 0, 86400) then conf.wrapUp = doc.wrapUpSeconds end
      if is_int(doc.noAnswerSeconds, 1, 86400) then conf.noAnswer = doc.noAnswerSeconds end
      if type(doc.serviceLevel) == 'table' and is_int(doc.serviceLevel.seconds, 0, 86400) then
        conf.slSeconds = doc.serviceLevel.seconds
      end
      if is_int(doc.maxWaitSeconds, 0, 864000) then conf.maxWait = doc.maxWaitSeconds end
      if is_int(doc.regionWideningSeconds, 0, 3600) then conf.widening = doc.regionWideningSeconds end
      if type(doc.overflowQueue) == 'string' and doc.overflowQueue ~= '' and doc.overflowQueue ~= q then
        conf.overflow = doc.overflowQueue
      end
      if type(doc.language) == 'string' and doc.language ~= '' then conf.language = string.lower(doc.language) end
      conf.chat = doc.channel == 'chat'  -- a chat queue takes chats only (acd-chat.lua), never calls or cases
      if type(doc.dispositions) == 'table' and #doc.dispositions > 0 then
        conf.dispositions = {}  -- the codes a wrap-up may end with (QueueSchema); absent: any
        for _, d in ipairs(doc.dispositions) do
          if type(d) == 'table' and type(d.code) == 'string' then conf.dispositions[d.code] = true end
        end
      end
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
  widening = REGION_WIDENING_DEFAULT,
}
local function queue_conf_or_default(q)
  local conf = queue_conf(q)
  return conf or DEFAULT_QUEUE
end

-- Events and messages ----------------------------------------------------------------------------------
-- Appends one event; fields is a flat list of name, value (nil/empty values are left out).
local function event(kind, fields)
  local args = {'XADD', K_EVENTS, 'MAXLEN', '~', MAXLEN, '*', 'type', kind, 'ts', NOW_ARG, 'node', NODE}
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

-- Tells the node holding the CALL's media (c.node, from enqueue) what happened to it (call.connected,
-- call.ended): the envelope carries callId instead of agentId.
local function publish_call(c, id, msg)
  if c.node and c.node ~= '' then
    redis.call('PUBLISH', 'sb:node:' .. c.node, cjson.encode({tenant = TENANT, callId = id, message = msg}))
  end
end

-- Eligibility ------------------------------------------------------------------------------------------
local agent_cache = {}

-- What routing needs of an agent (from its ACD hash h): state and node, and its queues, skills and
-- languages, each decoded from JSON only when first asked for (most scans stop at the first agent).
local function agent_profile(h)
  return {state = h.state, node = h.node, rawQueues = h.queues, rawSkills = h.skills, rawLangs = h.languages,
    region = nz(h.region)}
end

local function profile_queues(p)
  if not p.queues then
    p.queues = string_list(decode(p.rawQueues))
  end
  return p.queues
end

local function eligible(p, required, lang)
  if next(required) ~= nil then
    if not p.skills then
      p.skills = decode(p.rawSkills) or {}
    end
    for s, min in pairs(required) do
      local lvl = tonumber(p.skills[s])
      if not lvl or lvl < min then
        return false
      end
    end
  end
  if lang == nil then
    return true
  end
  if not p.langs then
    p.langs = {}
    for _, l in ipairs(string_list(decode(p.rawLangs))) do
      p.langs[string.lower(l)] = true
    end
  end
  return p.langs[lang] == true
end

-- The profile of an idle agent found by a scan, read once per script run (set_state forgets it).
local function agent_info(a)
  local info = agent_cache[a]
  if info == nil then
    local h = redis.call('HMGET', k_agent(a), 'state', 'node', 'queues', 'skills', 'languages', 'region')
    info = agent_profile({state = h[1], node = h[2], queues = h[3], skills = h[4], languages = h[5], region = h[6]})
    agent_cache[a] = info
  end
  return info
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

-- Call fields routing and offers need, as a table.
local CALL_FIELDS = {'skills', 'language', 'caller', 'callerName', 'priority', 'overflowAt', 'region', 'widenAt',
  'callback', 'voicemail', 'vmMs', 'enqueuedAt', 'caseId', 'caseSubject', 'casePriority', 'caseDue', 'preview',
  'previewSecs', 'contactCard'}
local function call_fields(id)
  local v = redis.call('HMGET', k_call(id), unpack(CALL_FIELDS))
  return {skills = v[1], language = v[2], caller = v[3], callerName = v[4], priority = v[5], overflowAt = v[6],
    region = v[7], widenAt = v[8], callback = v[9], voicemail = v[10], vmMs = v[11], enqueuedAt = v[12],
    caseId = v[13], caseSubject = v[14], casePriority = v[15], caseDue = v[16], preview = v[17],
    previewSecs = v[18], contactCard = v[19]}
end

-- Agents -----------------------------------------------------------------------------------------------
-- The agent is no longer staffed for any queue (away, offline). Plain strings: no JSON on the way.
local function unstaff(a)
  local was = redis.call('HGET', k_agent(a), 'staffedIn')
  if was and was ~= '' then
    for q in string.gmatch(was, '[^ ]+') do
      redis.call('SREM', k_staffed(q), a)
    end
    redis.call('HDEL', k_agent(a), 'staffedIn')
  end
end

-- The agent is staffed for exactly the queues of list (names): joins their staffed sets, leaves those it was in
-- before and is no longer eligible for (its directory queues changed). h.staffedIn: as before this change.
local function staff(a, h, list)
  local now = table.concat(list, ' ')
  local was = h.staffedIn or ''
  if now == was then
    return
  end
  local keep = {}
  for _, q in ipairs(list) do
    keep[q] = true
    redis.call('SADD', k_staffed(q), a)
  end
  for q in string.gmatch(was, '[^ ]+') do
    if not keep[q] then
      redis.call('SREM', k_staffed(q), a)
    end
  end
  redis.call('HSET', k_agent(a), 'staffedIn', now)
end

-- Moves the agent to state s: hash (plus extra field/value pairs), per-state sets, agent.state event
-- (unless quiet: the caller's call.* event records the change, with field agentState) and agent.state
-- message to the agent's node. Never fails.
local function set_state(a, old, s, reason, node, callId, extra, quiet)
  local args = {'HSET', k_agent(a), 'state', s, 'reason', reason or '', 'since', NOW_ARG}
  for _, v in ipairs(extra or {}) do
    args[#args + 1] = v
  end
  redis.call(unpack(args))
  if old ~= s then
    if old then
      redis.call('SREM', k_state(old), a)
    end
    redis.call('SADD', k_state(s), a)
  end
  agent_cache[a] = nil
  if s == 'away' or s == 'offline' then
    unstaff(a)
  end
  if not quiet then
    event('agent.state', {'agentId', a, 'state', s, 'reason', reason, 'callId', callId,
      'region', nz(redis.call('HGET', k_agent(a), 'region'))})
  end
  publish(node, a, {type = 'agent.state', state = s, reason = nz(reason), since = NOW, callId = nz(callId)})
end

-- Today's handled calls and talk seconds (the counters restart each UTC day).
local function agent_today(h)
  if h.day == DAY then
    return tonumber(h.calls) or 0, tonumber(h.talk) or 0
  end
  return 0, 0
end

local function idle_score(h, q, strategy, idleSince)
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

local function agent_queues(h) return string_list(decode(h.queues)) end

-- region: the agent's region as it was when it went idle ('' = none; nil = read it from the agent hash).
local function remove_idle(a, queues, region)
  for _, q in ipairs(queues) do
    redis.call('ZREM', k_idle(q), a)
  end
  REGION.remove_idle(a, queues, region)
end

-- Returns the new count.
local function stat_incr(q, field)
  local key = k_stats(q)
  local n = redis.call('HINCRBY', key, field, 1)
  if n == 1 then
    redis.call('EXPIRE', key, STATS_TTL_SECONDS)  -- first count of the day
  end
  return n
end

-- Waiting calls ----------------------------------------------------------------------------------------
-- Puts the call in the waiting set of queue q at its own (original) score (a case: in the queue's backlog).
local function add_waiting(id, q, c)
  if nz(c.caseId) then
    redis.call('ZADD', k_cases(q), c.score, id)
    return
  end
  redis.call('ZADD', k_waiting(q), c.score, id)
  redis.call('ZADD', k_since(q), c.enqueuedAt, id)
  if nz(c.overflowAt) then
    redis.call('ZADD', K_OVER, c.overflowAt, id)
  end
  REGION.add_waiting(id, q, c)
end

-- c (optional): the call's fields; without overflowAt it has no overflow deadline to remove.
local function remove_waiting(id, q, c)
  if c and nz(c.caseId) then
    redis.call('ZREM', k_cases(q), id)
    return
  end
  redis.call('ZREM', k_waiting(q), id)
  redis.call('ZREM', k_since(q), id)
  if c == nil or nz(c.overflowAt) then
    redis.call('ZREM', K_OVER, id)
  end
  REGION.remove_waiting(id, q, c)
end

-- A reserved call goes back to its original place; the agent is no longer attached to it.
local function requeue(id, c)
  redis.call('ZREM', K_RES, id)
  add_waiting(id, c.queue, c)
  redis.call('HSET', k_call(id), 'state', 'waiting', 'agent', '')
  redis.call('HDEL', k_call(id), 'deadline')
end

-- A call reached a final state (ended, abandoned, lost): its node no longer has to answer for it.
local function forget_node_call(id, node)
  if nz(node) then
    redis.call('SREM', k_node_calls(node), id)
  end
end

-- Sorted-set cursors ------------------------------------------------------------------------------------
-- A cursor walks the first `limit` members of a sorted set in ascending score, fetching `chunk` at a time
-- (growing 4x: usually the first few decide). Several cursors walked with zmerge_next read as one merged
-- list, best (lowest) score first. Reads only; a caller that ZREMs the member it was just given from
-- w.key must decrement w.fetched so the next fetch does not skip a member.
local function zcursor(key, limit, chunk)
  return {key = key, limit = limit, chunk = chunk, list = {}, pos = 1, fetched = 0}
end

local function zhead(w)
  if w.pos > #w.list then
    local n = math.min(w.chunk, w.limit - w.fetched)
    if w.done or n <= 0 then
      return nil
    end
    w.list = redis.call('ZRANGE', w.key, w.fetched, w.fetched + n - 1, 'WITHSCORES')
    w.pos, w.fetched, w.chunk = 1, w.fetched + n, w.chunk * 4
    w.done = #w.list < 2 * n  -- the set has no more
    if #w.list == 0 then
      return nil
    end
  end
  return w.list[w.pos], tonumber(w.list[w.pos + 1])
end

-- Takes the best head among the cursors: cursor, member, or nil when all are spent.
local function zmerge_next(cursors)
  local best, bestScore, bestId
  for _, w in ipairs(cursors) do
    local id, score = zhead(w)
    if id and (bestScore == nil or score < bestScore) then
      best, bestScore, bestId = w, score, id
    end
  end
  if best then
    best.pos = best.pos + 2
  end
  return best, bestId
end

-- Queues closed by their business hours (acd-hours.lua) -------------------------------------------------------
-- The nodes judge each queue's hours by their clock and tell the ACD when it opens or closes; while a queue is in
-- this set its callbacks (virtual calls with a number to dial) keep their place in the waiting set but are never
-- offered to an agent, so nobody is dialed at night. Every other call is routed as usual (live callers are closed
-- out by their own node; voicemails may be played after hours).
local K_CLOSED = P .. ':acd:closed-queues'
local closed_cache = {}

-- Whether call fields c of queue q must not be offered now: a callback while q is closed.
local function held_closed(q, c)
  if not nz(c.callback) then
    return false
  end
  local v = closed_cache[q]
  if v == nil then
    v = redis.call('SISMEMBER', K_CLOSED, q) == 1
    closed_cache[q] = v
  end
  return v
end

-- Routing ----------------------------------------------------------------------------------------------
-- Routing is incremental: each script routes the one thing it made routable. Between scripts no waiting
-- call has an eligible agent among the first SCAN_AGENTS idle agents of its queue, so when a call starts
-- waiting only that call can match, and when an agent becomes idle only that agent can.

-- Pairs call id of queue q with agent a (profile p): the one atomic hand-over at the heart of the ACD.
-- c: call_fields of the call (c.hashFields: more field/value pairs to write to the call hash, so a new
-- call is written once). inWaiting / inIdle: whether the call / agent must first leave the waiting /
-- idle sets (a call or agent routed in the script that made it routable never entered them).
local function reserve(id, q, conf, c, a, p, inWaiting, inIdle)
  -- a campaign's preview is held for its campaign's preview time, not the queue's ring time
  local preview = nz(c.preview)
  local deadline = NOW + (preview and tonumber(c.previewSecs) or conf.noAnswer) * 1000
  if inWaiting then
    remove_waiting(id, q, c)
  end
  if inIdle then
    remove_idle(a, profile_queues(p), p.region or '')
  end
  local extra = {'callId', id}
  if conf.strategy == 'round-robin' then
    extra[3] = 'rr:' .. q
    extra[4] = redis.call('INCR', k_rr(q))
  end
  local hset = {'HSET', k_call(id), 'state', 'reserved', 'agent', a, 'deadline', num(deadline)}
  for _, v in ipairs(c.hashFields or {}) do
    hset[#hset + 1] = v
  end
  redis.call(unpack(hset))
  redis.call('ZADD', K_RES, num(deadline), id)
  event('call.reserved', {'callId', id, 'agentId', a, 'queue', q, 'state', 'reserved', 'agentState', 'reserved',
    'deadline', num(deadline), 'region', nz(c.region), 'agentRegion', p.region})
  publish(p.node, a, {
    type = 'call.offered', callId = id, queue = q, caller = nz(c.caller), callerName = nz(c.callerName),
    priority = tonumber(c.priority), deadline = deadline, callback = nz(c.callback),
    voicemail = nz(c.voicemail), voicemailMs = tonumber(c.vmMs), enqueuedAt = tonumber(c.enqueuedAt),
    caseId = tonumber(c.caseId), subject = nz(c.caseSubject), casePriority = nz(c.casePriority),
    dueAt = tonumber(c.caseDue), preview = preview and cjson.decode(preview) or nil,
    contact = nz(c.contactCard) and cjson.decode(c.contactCard) or nil,
  })
  set_state(a, p.state, 'reserved', nil, p.node, id, extra, true)
end

-- True when agent a holds more chats, or more e-mails, than it may keep during a call (acd-chat.lua): no call is
-- offered to it.
local function chat_blocks_calls(a)
  if redis.call('EXISTS', k_agent_chats(a), k_agent_emails(a)) == 0 then
    return false  -- holds neither (Redis deletes an emptied set): the common case, in one command instead of three
  end
  local n, m = redis.call('SCARD', k_agent_chats(a)), redis.call('SCARD', k_agent_emails(a))
  local during = redis.call('HMGET', k_agent(a), 'chatsDuringCall', 'emailsDuringCall')
  return (n > 0 and n > (tonumber(during[1]) or 0)) or (m > 0 and m > (tonumber(during[2]) or 0))
end

-- Call id (fields c) of queue q is routable: offers it to the best of the first SCAN_AGENTS idle agents
-- it may have (REGION.idle_keys: of its own region until it widens, then of its queue) that has every
-- required skill and the language (a callback of a closed queue: none, held_closed). Returns the agent or nil.
-- Never fails.
local function route_call(id, q, c, inWaiting)
  if held_closed(q, c) then
    return nil  -- a callback of a closed queue waits at its place until acd-hours.lua opens the queue
  end
  local conf = queue_conf_or_default(q)
  local required = requirements(conf, c.skills)
  local lang = nz(c.language) or conf.language
  local cursors = {}
  for _, key in ipairs(REGION.idle_keys(q, conf, c)) do
    cursors[#cursors + 1] = zcursor(key, SCAN_AGENTS, 4)
  end
  while true do
    local w, a = zmerge_next(cursors)
    if not w then
      return nil
    end
    local info = agent_info(a)
    if info.state ~= 'available' then
      redis.call('ZREM', w.key, a)  -- stale entry: cannot happen unless data was edited by hand
      w.fetched = w.fetched - 1
    elseif eligible(info, required, lang) and not chat_blocks_calls(a) then
      reserve(id, q, conf, c, a, info, inWaiting, true)
      return a
    end
  end
end

-- The settings of queue q, which a new work item is about to enter; fails the script when q does not exist
-- (unknown-queue), its settings are unusable or, unless any_channel (a case: its department may be any queue), it
-- is a chat queue (invalid-argument: a call, callback or voicemail; the queue's channel may have changed after a
-- number, flow or campaign was pointed at it).
local function known_queue_conf(q, any_channel)
  local conf, err = queue_conf(q)
  if not conf then
    fail(err == 'unknown' and 'unknown-queue' or 'invalid-argument',
      err == 'unknown' and 'queue ' .. q .. ' does not exist' or err)
  end
  if conf.chat and not any_channel then
    fail('invalid-argument', 'queue ' .. q .. ' is a chat queue: calls go to voice queues only')
  end
  return conf
end

-- A new work item id (fields c, hash fields c.hashFields, not yet written) of queue q: offered at once, or written
-- as waiting and added to the queue's waiting set. Returns the agent it was reserved for, or nil.
local function route_or_wait(id, q, c)
  local agent = route_call(id, q, c, false)
  if not agent then
    redis.call('HSET', k_call(id), 'state', 'waiting', 'agent', '', unpack(c.hashFields))
    add_waiting(id, q, c)
  end
  return agent
end

-- Appends to list each {field, value} of fields whose value is present (nz): absent values are not written
-- (fewer fields: a cheaper HSET).
local function append_present(list, fields)
  for _, f in ipairs(fields) do
    if nz(f[2]) then
      list[#list + 1] = f[1]
      list[#list + 1] = f[2]
    end
  end
end

-- A script's priority argument: '' is the queue's (default), else an integer from 0 to 100 or the script fails.
local function priority_arg(raw, default)
  if raw == '' then
    return default
  end
  local priority = tonumber(raw)
  if not is_int(priority, 0, 100) then
    fail('invalid-argument', 'priority must be an integer from 0 to 100')
  end
  return priority
end

-- A script's skills argument (JSON object, '' = none): the checked skills, or the script fails.
local function skills_arg(raw)
  local skills, err = check_skills(decode(raw) or (raw == '' and {} or 'bad'), 'skills')
  if not skills then
    fail('invalid-argument', err)
  end
  return skills
end

-- The queues agent profile p may take work from (has their skills and language): q -> conf, and in order as a list.
local function eligible_queues(p)
  local queues = {}
  for _, q in ipairs(profile_queues(p)) do
    local conf = queue_conf_or_default(q)
    if not queues[q] and eligible(p, conf.skills, conf.language) then
      queues[q] = conf
      queues[#queues + 1] = q
    end
  end
  return queues
end

-- The best call agent profile p can take among the first SCAN_CALLS waiting calls of each set it may take
-- from (REGION.waiting_keys: its own region's and the widened calls of each of its queues), highest
-- priority, then longest waiting (the waiting score is comparable across queues), walking the sets as one
-- merged list. queues: q -> conf of the queues to look in. Returns id, queue, conf, call fields, or nil.
-- Reads only.
local function best_call_for(p, queues)
  local cursors = {}
  for _, q in ipairs(queues) do
    for _, key in ipairs(REGION.waiting_keys(q, p.region)) do
      local w = zcursor(key, SCAN_CALLS, 8)
      w.q, w.conf = q, queues[q]
      cursors[#cursors + 1] = w
    end
  end
  while true do
    local w, id = zmerge_next(cursors)
    if not w then
      return nil
    end
    local c = call_fields(id)
    if not held_closed(w.q, c) and eligible(p, requirements(w.conf, c.skills), nz(c.language) or w.conf.language) then
      return id, w.q, w.conf, c
    end
  end
end

-- The first case of the backlogs of queues (q -> conf, as best_call_for) by score: what an agent no waiting call
-- fits works on next. Cases have no requirements of their own (queues holds only those the agent may serve).
-- Returns id, queue, conf, call fields, or nil. Reads only.
local function best_case_for(queues)
  local cursors = {}
  for _, q in ipairs(queues) do
    local w = zcursor(k_cases(q), 1, 1)
    w.q, w.conf = q, queues[q]
    cursors[#cursors + 1] = w
  end
  local w, id = zmerge_next(cursors)
  if not w then
    return nil
  end
  return id, w.q, w.conf, call_fields(id)
end

-- The agent (ACD hash h, as before this change) becomes available and is routed at once: it takes the
-- best call it can serve, or else waits in the idle set of each of its queues whose own requirements
-- (skills, language) it meets, scored by that queue's strategy (agents that can never take a queue's
-- calls stay out of its idle set, so they cannot pile up at its head and use up every scan).
-- When a call is taken at once, "available" is transient: recorded in the event stream, but neither
-- counted in the per-state sets nor published (the agent is told call.offered and agent.state reserved).
-- idleSince: when its idle wait counts from (now, or the original time when an offer it did not cause is
-- taken back). extra: more field/value pairs for the agent hash. Returns the id of the call taken, or nil.
local function go_available(a, h, idleSince, reason, extra)
  local hset = {'HSET', k_agent(a), 'state', 'available', 'reason', reason or '', 'since', NOW_ARG,
    'idleSince', num(idleSince)}
  for _, v in ipairs(extra or {}) do
    hset[#hset + 1] = v
  end
  redis.call(unpack(hset))
  if h.callId or h.wrapDeadline or h.pending then
    redis.call('HDEL', k_agent(a), 'callId', 'wrapDeadline', 'pending', 'pendingReason')
  end
  agent_cache[a] = nil
  event('agent.state', {'agentId', a, 'state', 'available', 'reason', reason, 'region', nz(h.region)})

  local p = agent_profile(h)
  local queues = eligible_queues(p)
  staff(a, h, queues)
  REGION.widen_due()  -- calls whose wait for their region is over count as widened now, not at the next sweep
  local id, q, conf, c
  if not chat_blocks_calls(a) then  -- an agent busy with chats takes calls again when they end (acd-chat.lua)
    id, q, conf, c = best_call_for(p, queues)
    if not id then
      id, q, conf, c = best_case_for(queues)  -- calls first: a case only when no waiting call fits
    end
  end
  if id then
    reserve(id, q, conf, c, a, p, true, false)  -- p.state: the state before, whose set it leaves
    return id
  end
  if h.state ~= 'available' then
    if h.state then
      redis.call('SREM', k_state(h.state), a)
    end
    redis.call('SADD', k_state('available'), a)
  end
  publish(h.node, a, {type = 'agent.state', state = 'available', reason = nz(reason), since = NOW})
  for _, iq in ipairs(queues) do
    local score = num(idle_score(h, iq, queues[iq].strategy, idleSince))
    redis.call('ZADD', k_idle(iq), score, a)
    REGION.add_idle(a, iq, score, p.region)
  end
  return nil
end

-- A wrap-up ends: the queue's recent handle time (K_HANDLE) takes in this call's talk (h.lastTalk, whole seconds)
-- plus its wrap-up (since h.since, when wrap-up began). Set by wrap_up; one HGET and one HSET, no JSON.
local function record_handle(a, h)
  local q, talk = nz(h.wrapQueue), tonumber(h.lastTalk)
  if not q or not talk then
    return
  end
  local ms = talk * 1000 + math.max(0, NOW - (tonumber(h.since) or NOW))
  local old = tonumber(redis.call('HGET', K_HANDLE, q))
  local mean = old and (old + HANDLE_WEIGHT * (ms - old)) or ms
  redis.call('HSET', K_HANDLE, q, num(mean))
  redis.call('HDEL', k_agent(a), 'wrapQueue', 'lastTalk')
end

-- Wrap-up ends (done or timed out): the agent becomes available and is routed, or takes the state it
-- asked for meanwhile. how: 'done' (the agent said so, with disposition and notes) or 'timeout'.
local function finish_wrapup(a, h, how, disposition, notes)
  local id = h.callId
  redis.call('ZREM', K_WRAP, a)
  if how == 'done' and nz(id) and redis.call('EXISTS', k_call(id)) == 1 then
    redis.call('HSET', k_call(id), 'disposition', disposition or '', 'notes', notes or '')
  end
  event('wrapup.done', {'callId', id, 'agentId', a, 'disposition', disposition, 'notes', notes, 'reason', how})
  record_handle(a, h)
  if nz(h.orphan) then
    -- its socket went away during the call or wrap-up and has not come back: no page to take an offer
    redis.call('HDEL', k_agent(a), 'callId', 'wrapDeadline', 'pending', 'pendingReason', 'orphan')
    set_state(a, h.state, 'offline', 'disconnected', h.node, nil)
    return
  end
  local pending = nz(h.pending)
  if pending then
    redis.call('HDEL', k_agent(a), 'callId', 'wrapDeadline', 'pending', 'pendingReason')
    set_state(a, h.state, pending, h.pendingReason, h.node, nil)
    return
  end
  go_available(a, h, NOW, nil)
end

-- A waiting or reserved call ends unanswered as state (abandoned or lost), ended by by: out of the waiting set
-- and the reservations, its hash kept for audits, its node no longer answering for it. The caller counts it and
-- writes its event.
local function end_unanswered(id, c, state, by)
  remove_waiting(id, c.queue, c)
  redis.call('ZREM', K_RES, id)
  redis.call('HSET', k_call(id), 'state', state, 'endedAt', num(NOW), 'endedBy', by)
  redis.call('HDEL', k_call(id), 'deadline')
  redis.call('EXPIRE', k_call(id), CALL_TTL_SECONDS)
  forget_node_call(id, c.node)
end

-- Agent a's offer of call id is taken back through no fault of its own: it is told why (call.revoked reason) and
-- is available again at its old place. Nothing happens when a no longer holds that offer. Returns whether it did.
local function release_offer(a, id, reason)
  local h = nz(a) and hgetall(k_agent(a))
  if not (h and h.state == 'reserved' and h.callId == id) then
    return false
  end
  publish(h.node, a, {type = 'call.revoked', callId = id, reason = reason})
  go_available(a, h, tonumber(h.idleSince) or NOW, nil)
  return true
end

-- The fields of call id, which must be connected to agent a; refuses (before any write) when it is not.
local function connected_call(a, id)
  local c = hgetall(k_call(id))
  if not c then
    fail('unknown-call', 'call ' .. id .. ' does not exist')
  end
  if c.agent ~= a then
    fail('not-your-call', 'call ' .. id .. ' is not connected to agent ' .. a)
  end
  if c.state ~= 'connected' then
    fail('invalid-transition', 'call ' .. id .. ' is ' .. c.state .. ', not connected')
  end
  return c
end

-- Whether user ta is an enabled agent of this tenant: its directory entry has the role agent and is not disabled.
local function directory_agent(ta)
  local doc = decode(redis.call('GET', P .. ':dir:agent:' .. ta))
  if not doc or doc.enabled == false then
    return nil
  end
  for _, r in ipairs(string_list(doc.roles)) do
    if r == 'agent' then
      return doc
    end
  end
  return nil
end

-- Agent ta as the target of agent a's blind transfer or consult (acd-transfer.lua, acd-consult.lua): not a itself
-- (invalid-argument, message self_msg), an enabled agent of this tenant (not-an-agent), available now and not
-- reserved for a consult (agent-unavailable). Fails before any write; returns its ACD hash.
local function target_agent(a, ta, self_msg)
  if ta == a then
    fail('invalid-argument', self_msg)
  end
  if not directory_agent(ta) then
    fail('not-an-agent', 'user ' .. ta .. ' is not an agent of this tenant')
  end
  local th = hgetall(k_agent(ta))
  if not th or th.state ~= 'available' or nz(th.consult) then
    local st = (th and th.state) or 'offline'
    fail('agent-unavailable', 'agent ' .. ta .. ' is ' .. (th and nz(th.consult) and 'in a consult' or st)
      .. ', not available')
  end
  return th
end

-- Whole seconds the connected call (fields c) has been talking.
local function talk_seconds(c)
  return math.max(0, math.floor((NOW - (tonumber(c.answeredAt) or NOW)) / 1000))
end

-- The ACD hash of agent a when it is on call id (nil when it has moved on: only then may wrap_up run).
local function on_call_agent(a, id)
  local h = nz(a) and hgetall(k_agent(a))
  if h and h.state == 'on-call' and h.callId == id then
    return h
  end
  return nil
end

-- Agent a (hash h from on_call_agent) is done talking on call id for talk seconds: talk time counted,
-- wrap-up for the queue's wrap-up time (conf), or, when the queue has none, straight back to available and
-- routed. The caller's call.* event records the move (agentState wrap-up). Never fails.
local function wrap_up(a, h, id, conf, talk)
  local calls, talked = agent_today(h)
  local deadline = NOW + conf.wrapUp * 1000
  redis.call('ZADD', K_WRAP, num(deadline), a)
  local q, dir, vm, case = unpack(redis.call('HMGET', k_call(id), 'queue', 'direction', 'voicemail', 'caseId'))
  if dir == 'outbound' or nz(vm) or nz(case) then
    q = nil  -- an outbound call's (a voicemail's, a case's) handle time says nothing of how long callers wait
  end
  set_state(a, h.state, 'wrap-up', nil, h.node, id,
    {'wrapDeadline', num(deadline), 'day', DAY, 'calls', num(calls), 'talk', num(talked + talk),
     'wrapQueue', q or '', 'lastTalk', num(talk)}, true)
  if conf.wrapUp == 0 then
    finish_wrapup(a, hgetall(k_agent(a)), 'timeout', nil, nil)
  end
end

-- The connected call ends (agent or caller hung up): talk time counted, the agent goes to wrap-up (or,
-- when the queue has no wrap-up time, straight back to available and routed).
local function end_connected(id, c, by)
  local a = c.agent
  local conf = queue_conf_or_default(c.queue)
  if nz(c.caseId) then
    conf = {wrapUp = 0}  -- done working on a case: available at once, no wrap-up
  end
  local talk = talk_seconds(c)
  redis.call('HSET', k_call(id), 'state', 'ended', 'endedAt', num(NOW), 'endedBy', by, 'talkSeconds', num(talk))
  redis.call('EXPIRE', k_call(id), CALL_TTL_SECONDS)
  forget_node_call(id, c.node)
  local h = on_call_agent(a, id)
  event('call.ended', {'callId', id, 'agentId', a, 'queue', c.queue, 'state', 'ended', 'by', by,
    'talkSeconds', num(talk), 'agentState', h and 'wrap-up' or nil, 'region', c.region})
  if h then
    wrap_up(a, h, id, conf, talk)
  end
end

-- An outbound call (acd-dial.lua) ends before the called party answered, with outcome (busy, no-answer,
-- invalid-number, rejected, trunk-failure, cancelled) by who ('agent': it hung up; 'node': the SIP side decided):
-- the agent goes back to the state it dialed from (available: routed at once; away: with its reason; offline when
-- its socket went away meanwhile). No queue counts it. Never fails.
local function end_dial(id, c, outcome, by)
  redis.call('HSET', k_call(id), 'state', 'ended', 'endedAt', num(NOW), 'endedBy', by, 'outcome', outcome)
  redis.call('EXPIRE', k_call(id), CALL_TTL_SECONDS)
  local a = c.agent
  local h = on_call_agent(a, id)
  local back = h and (nz(h.orphan) and 'offline' or c.dialFrom == 'away' and 'away' or 'available') or nil
  event('call.dial.failed', {'callId', id, 'agentId', a, 'queue', c.queue, 'direction', 'outbound', 'state', 'ended',
    'outcome', outcome, 'by', by, 'agentState', back})
  if back == 'offline' then  -- its socket went away meanwhile (acd-disconnected.lua): no page to go back to
    redis.call('HDEL', k_agent(a), 'callId', 'pending', 'pendingReason', 'orphan')
    set_state(a, h.state, 'offline', 'disconnected', h.node, nil, nil, true)
  elseif back == 'away' then
    redis.call('HDEL', k_agent(a), 'callId', 'pending', 'pendingReason')
    set_state(a, h.state, 'away', nz(c.dialReason), h.node, nil, nil, true)
  elseif back then
    go_available(a, h, NOW, nil)
  end
end

-- Callbacks (acd-callback.lua; docs/callbacks.md) -------------------------------------------------------------
-- A virtual call (field callback = the number to call back) has no SIP leg: no node, in no node's set, so neither
-- acd-node-lost nor acd-reconcile touch it while it waits. Between attempts it waits in this set (callId -> epoch ms
-- when it may be offered again), out of the waiting set but keeping its score and enqueuedAt: its place.
local K_CB_RETRY = P .. ':acd:callback-retry'

-- An attempt to call back call id (fields c: connected to its agent, the number being dialed by c.node) ended
-- unanswered with outcome (busy, no-answer, ...), decided by by ('node', 'agent' when it hung up first,
-- 'node-lost'). The agent is available again at once (nobody talked: no wrap-up), or takes the state it asked for
-- meanwhile; the call goes back to its place after its retry delay, or, after its last attempt, ends with outcome
-- callback-failed. The attempt's outcome stays in the hash as cbOutcome (a campaign's pacer reads it). Never fails.
local function callback_failed(id, c, outcome, by)
  local n = tonumber(c.cbAttempt) or 1
  -- a number on the do-not-call list is never tried again
  local last = n >= (tonumber(c.cbAttempts) or 1) or outcome == 'do-not-call'
  local a = c.agent
  local h = on_call_agent(a, id)
  forget_node_call(id, c.node)
  local due
  if last then
    redis.call('HSET', k_call(id), 'state', 'ended', 'endedAt', num(NOW), 'endedBy', by, 'outcome', 'callback-failed',
      'node', '', 'cbOutcome', outcome)
    redis.call('EXPIRE', k_call(id), CALL_TTL_SECONDS)
  else
    due = NOW + (tonumber(c.cbRetryMs) or 0)
    redis.call('HSET', k_call(id), 'state', 'waiting', 'agent', '', 'node', '', 'cbOutcome', outcome)
    redis.call('ZADD', K_CB_RETRY, num(due), id)
  end
  local back = h and (nz(h.orphan) and 'offline' or nz(h.pending) or 'available') or nil
  event('call.callback-attempt', {'callId', id, 'agentId', a, 'queue', c.queue, 'attempt', num(n), 'outcome', outcome,
    'by', by, 'number', c.callback, 'retryAt', due and num(due) or nil, 'state', last and 'ended' or 'waiting',
    'agentState', back})
  if last then
    event('call.callback-failed', {'callId', id, 'queue', c.queue, 'state', 'ended', 'attempts', num(n),
      'number', c.callback, 'by', by})
  end
  if back == 'available' then
    go_available(a, h, NOW, nil)
  elseif back then
    redis.call('HDEL', k_agent(a), 'callId', 'pending', 'pendingReason', 'orphan')
    set_state(a, h.state, back, back == 'offline' and 'disconnected' or nz(h.pendingReason), h.node, nil, nil, true)
  end
end

-- A campaign's preview (acd-campaign-call.lua) reserved for agent a (hash h, nil when no longer attached) is
-- skipped, by the agent (acd-preview-skip.lua) or at its deadline (acd-sweep.lua): the call ends with outcome
-- skipped (the campaign's pacer releases the contact, docs/campaigns.md) and nothing was dialed; the agent is told
-- call.revoked (reason skipped or timeout) and is available again (it takes the next work at once).
local function skip_preview(id, c, a, h, reason, by)
  redis.call('ZREM', K_RES, id)
  redis.call('HSET', k_call(id), 'state', 'ended', 'endedAt', num(NOW), 'endedBy', by, 'outcome', 'skipped',
    'cbOutcome', 'skipped', 'skipReason', reason or '', 'agent', '')
  redis.call('HDEL', k_call(id), 'deadline')
  redis.call('EXPIRE', k_call(id), CALL_TTL_SECONDS)
  event('call.callback-failed', {'callId', id, 'queue', c.queue, 'state', 'ended', 'attempts', '0',
    'number', c.callback, 'by', by, 'agentId', a, 'reason', nz(reason) or 'skipped'})
  if h then
    publish(h.node, a, {type = 'call.revoked', callId = id, reason = by == 'agent' and 'skipped' or 'timeout'})
    go_available(a, h, NOW, nil)
  end
end

-- Gives back the trunk slot of call id held by node (nothing if the slot is not that node's: never another's).
local function drop_trunk_slot(id, trunk, node)
  local held = redis.call('HGET', k_trunk_calls(trunk), id)
  if held and string.match(held, '^[^ ]+') == node then
    redis.call('HDEL', k_trunk_calls(trunk), id)
  end
  redis.call('HDEL', k_node_trunk_calls(node), id)
end

-- Gives back every trunk slot node holds (it died, or restarted and holds no call).
local function drop_node_trunk_slots(node)
  local flat = redis.call('HGETALL', k_node_trunk_calls(node))
  for i = 1, #flat, 2 do
    drop_trunk_slot(flat[i], flat[i + 1], node)
  end
  redis.call('DEL', k_node_trunk_calls(node))
  return #flat / 2
end

-- Replies ----------------------------------------------------------------------------------------------
local function agent_reply(a, h)
  h = h or {}
  return cjson.encode({
    agentId = a, state = h.state or 'offline', reason = nz(h.reason), since = tonumber(h.since) or 0,
    callId = nz(h.callId),
  })
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
