-- Wallboard numbers of the tenant: per queue (the directory's queues and any queue that saw a call)
-- waiting, oldest waiting call, today's counters, agents staffed and recent handle time (the wait estimate's
-- inputs) and the queue's goals (directory document: serviceLevel and
-- goals; absent for a queue no longer in the directory); agents per state; and the agent list: at most
-- AGENT_LIST_MAX agents sorted by id, logged-in agents first (offline ones fill what room is left, so a
-- tenant with many past agents still shows everyone on the floor), each with its display name (the
-- directory's, snapshot when it last logged in or went available; absent for agents not seen since),
-- state, since, reason, callId and region; and the call list: at most CALL_LIST_MAX calls, every call
-- an agent is reserved for or on (from the agent list), then waiting calls best first queue by queue, each
-- with queue, state, region, enqueuedAt, agentId and monitors (the supervisors on it: acd-monitor.lua).
local AGENT_LIST_MAX = 1000
local CALL_LIST_MAX = 500

local function agent_list()
  local ids = {}
  for _, st in ipairs(STATES) do
    if st ~= 'offline' then
      for _, a in ipairs(redis.call('SMEMBERS', k_state(st))) do ids[#ids + 1] = a end
    end
  end
  table.sort(ids)
  if #ids > AGENT_LIST_MAX then
    for i = #ids, AGENT_LIST_MAX + 1, -1 do ids[i] = nil end
  elseif #ids < AGENT_LIST_MAX then
    local offline = redis.call('SMEMBERS', k_state('offline'))
    table.sort(offline)
    for i = 1, math.min(#offline, AGENT_LIST_MAX - #ids) do ids[#ids + 1] = offline[i] end
    table.sort(ids)
  end
  local list = {}
  for i, a in ipairs(ids) do
    local v = redis.call('HMGET', k_agent(a), 'name', 'state', 'since', 'reason', 'callId', 'region')
    list[i] = {agentId = a, name = nz(v[1]), state = v[2] or 'offline', since = tonumber(v[3]) or 0,
      reason = nz(v[4]), callId = nz(v[5]), region = nz(v[6])}
  end
  return list
end

-- The calls on the floor (see the top): agents' calls first, so a long queue cannot crowd them out.
local function call_list(agents, queues)
  local list, seen = {}, {}
  local function add(id)
    if #list >= CALL_LIST_MAX or seen[id] then
      return
    end
    seen[id] = true
    local v = redis.call('HMGET', k_call(id), 'queue', 'state', 'region', 'enqueuedAt', 'agent', 'monitors')
    if v[2] then
      local monitors = {}
      for _, m in ipairs(decode(v[6]) or {}) do
        if type(m) == 'table' and type(m.supervisorId) == 'string' and type(m.mode) == 'string' then
          monitors[#monitors + 1] = {supervisorId = m.supervisorId, mode = m.mode}
        end
      end
      list[#list + 1] = {callId = id, queue = v[1], state = v[2], region = nz(v[3]),
        enqueuedAt = tonumber(v[4]) or 0, agentId = nz(v[5]), monitors = #monitors > 0 and monitors or nil}
    end
  end
  for _, a in ipairs(agents) do
    if a.callId and (a.state == 'reserved' or a.state == 'on-call') then
      add(a.callId)
    end
  end
  for _, q in ipairs(queues) do
    if #list >= CALL_LIST_MAX then
      break  -- (and a stop index of -1 would read the whole set)
    end
    for _, id in ipairs(redis.call('ZRANGE', k_waiting(q), 0, CALL_LIST_MAX - #list - 1)) do
      add(id)
    end
  end
  return list
end
-- The goals of queue q as the wallboard compares them (see the top); nil when q has no directory document.
local function queue_goals(q)
  local doc = decode(redis.pcall('GET', P .. ':dir:queue:' .. q))
  if not doc then
    return nil
  end
  local function int(v, lo, hi)
    if is_int(v, lo, hi) then return v end
    return nil
  end
  local sl = type(doc.serviceLevel) == 'table' and doc.serviceLevel or {}
  local g = type(doc.goals) == 'table' and doc.goals or {}
  return {
    serviceLevelPercent = int(sl.percent, 0, 100), serviceLevelSeconds = int(sl.seconds, 0, 86400),
    asaSeconds = int(g.asaSeconds, 0, 86400), abandonPercent = int(g.abandonPercent, 0, 100),
    ahtSeconds = int(g.ahtSeconds, 0, 86400),
  }
end

return run(function()
  local names, seen = {}, {}
  local function add(q)
    if not seen[q] then
      seen[q] = true
      names[#names + 1] = q
    end
  end
  local dir = redis.pcall('ZRANGE', P .. ':dir:queue', 0, -1)
  if type(dir) == 'table' and not dir.err then
    for _, q in ipairs(dir) do add(q) end
  end
  for _, q in ipairs(redis.call('SMEMBERS', K_QUEUES)) do add(q) end
  table.sort(names)

  local queues = {}
  for _, q in ipairs(names) do
    local oldest = redis.call('ZRANGE', k_since(q), 0, 0, 'WITHSCORES')
    local s = redis.call('HMGET', k_stats(q), 'offered', 'answered', 'answeredInTarget', 'abandoned', 'lost',
      'closed')
    queues[#queues + 1] = {
      queue = q,
      waiting = redis.call('ZCARD', k_waiting(q)),
      oldestEnqueuedAt = tonumber(oldest[2]),
      offered = tonumber(s[1]) or 0, answered = tonumber(s[2]) or 0,
      answeredInTarget = tonumber(s[3]) or 0, abandoned = tonumber(s[4]) or 0, lost = tonumber(s[5]) or 0,
      closed = tonumber(s[6]) or 0,
      staffed = redis.call('SCARD', k_staffed(q)), idle = redis.call('ZCARD', k_idle(q)), handleMs = tonumber(redis.call('HGET', K_HANDLE, q)),
      goals = queue_goals(q),
    }
  end
  local agents = {}
  for _, st in ipairs(STATES) do
    agents[st] = redis.call('SCARD', k_state(st))
  end
  local agentList = agent_list()
  return cjson.encode({now = NOW, queues = queues, agents = agents, agentList = agentList,
    callList = call_list(agentList, names)})
end)
