-- The reserved agent answers. ARGV[8..9] = agentId, callId
-- Reply: "OK", or "CALLBACK <number>" for a virtual call (the accepting node must dial the number). A voicemail
-- (acd-voicemail.lua) is connected to the agent with nobody on the line: the agent plays the message; so is a case
-- (acd-case.lua): the agent works on it.
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

  if nz(c.callback) then
    -- a virtual call (acd-callback.lua): this node (the agent's) dials the number now; the attempt's outcome comes
    -- with acd-dial-answered.lua or acd-dial-failed.lua. In this node's set while dialing and talking, so that a
    -- dead node's survivor ends or retries it (acd-node-lost.lua); reconciliation leaves callbacks alone.
    local n = (tonumber(c.cbAttempt) or 0) + 1
    redis.call('ZREM', K_RES, id)
    redis.call('HSET', k_call(id), 'state', 'connected', 'node', NODE, 'cbAttempt', num(n))
    redis.call('HDEL', k_call(id), 'deadline')
    redis.call('SADD', k_node_calls(NODE), id)
    event('call.callback-dialing', {'callId', id, 'agentId', a, 'queue', c.queue, 'state', 'connected',
      'agentState', 'on-call', 'attempt', num(n), 'number', c.callback, 'region', c.region})
    set_state(a, h.state, 'on-call', nil, h.node, id, nil, true)
    return 'CALLBACK ' .. c.callback
  end

  local wait = NOW - (tonumber(c.enqueuedAt) or NOW)
  if nz(c.caseId) then
    -- a case of the backlog (acd-case.lua): the agent works on it until it hangs up; no call, no queue figure, and
    -- the node that accepted makes the agent its owner in the store of record
    redis.call('ZREM', K_RES, id)
    redis.call('HSET', k_call(id), 'state', 'connected', 'answeredAt', num(NOW))
    redis.call('HDEL', k_call(id), 'deadline')
    event('call.accepted', {'callId', id, 'agentId', a, 'queue', c.queue, 'state', 'connected',
      'agentState', 'on-call', 'waitMs', num(wait), 'caseId', c.caseId})
    set_state(a, h.state, 'on-call', nil, h.node, id, nil, true)
    return 'OK'
  end
  if nz(c.voicemail) then
    -- no node to tell and no queue figure to count (a voicemail is not a call waiting for an answer)
    redis.call('ZREM', K_RES, id)
    redis.call('HSET', k_call(id), 'state', 'connected', 'answeredAt', num(NOW))
    redis.call('HDEL', k_call(id), 'deadline')
    local calls, talk = agent_today(h)
    event('call.accepted', {'callId', id, 'agentId', a, 'queue', c.queue, 'state', 'connected',
      'agentState', 'on-call', 'waitMs', num(wait), 'voicemail', c.voicemail, 'region', c.region})
    set_state(a, h.state, 'on-call', nil, h.node, id, {'day', DAY, 'calls', num(calls + 1), 'talk', num(talk)}, true)
    return 'OK'
  end

  local conf = queue_conf_or_default(c.queue)
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
