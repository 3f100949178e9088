-- Wallboard numbers of the tenant: per queue (the directory's queues and any queue that saw a call)
-- waiting, oldest waiting call, today's counters; agents per state.
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
    local s = redis.call('HMGET', k_stats(q), 'offered', 'answered', 'answeredInTarget', 'abandoned')
    queues[#queues + 1] = {
      queue = q,
      waiting = redis.call('ZCARD', k_waiting(q)),
      oldestEnqueuedAt = tonumber(oldest[2]),
      offered = tonumber(s[1]) or 0, answered = tonumber(s[2]) or 0,
      answeredInTarget = tonumber(s[3]) or 0, abandoned = tonumber(s[4]) or 0,
    }
  end
  local agents = {}
  for _, st in ipairs(STATES) do
    agents[st] = redis.call('SCARD', k_state(st))
  end
  return cjson.encode({now = NOW, queues = queues, agents = agents})
end)
