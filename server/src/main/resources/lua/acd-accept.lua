-- The reserved agent answers. ARGV[8..9] = agentId, callId
return run(function()
  local a, id = ARGV[8], ARGV[9]
  local c = hgetall(k_call(id))
  if not c then
    fail('unknown-call', 'call ' .. id .. ' does not exist')
  end
  local h = hgetall(k_agent(a))
  if not h or h.state ~= 'reserved' or h.callId ~= id or c.state ~= 'reserved' or c.agent ~= a then
    fail('not-reserved', 'call ' .. id .. ' is not reserved for agent ' .. a)
  end

  local conf = queue_conf_or_default(c.queue)
  local wait = NOW - (tonumber(c.enqueuedAt) or NOW)
  redis.call('ZREM', K_RES, id)
  redis.call('HSET', k_call(id), 'state', 'connected', 'answeredAt', num(NOW))
  redis.call('HDEL', k_call(id), 'deadline')
  if not nz(c.direct) then  -- a call transferred to this agent was counted when first answered
    stat_incr(c.queue, 'answered')
    if wait <= conf.slSeconds * 1000 then
      stat_incr(c.queue, 'answeredInTarget')
    end
  end
  local calls, talk = agent_today(h)
  event('call.accepted', {'callId', id, 'agentId', a, 'queue', c.queue, 'state', 'connected', 'agentState', 'on-call',
    'waitMs', num(wait), 'region', c.region})
  publish_call(c, id, {type = 'call.connected', callId = id, agentId = a})
  set_state(a, h.state, 'on-call', nil, h.node, id, {'day', DAY, 'calls', num(calls + 1), 'talk', num(talk)}, true)
  return 'OK'
end)
