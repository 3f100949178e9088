-- The called party of an outbound call answered (by the call's node): talk time runs from now and the agent's
-- handled calls count it. A callback's number answering (acd-accept.lua) connects the waiting caller instead.
-- ARGV[8] = callId
return run(function()
  local id = ARGV[8]
  local c = hgetall(k_call(id))
  if c and nz(c.callback) and c.state == 'connected' and not nz(c.answeredAt) then
    -- a callback's number answered: the caller is connected to the agent; the call is answered now (wait: from its
    -- first arrival, since it kept its place)
    local wait = NOW - (tonumber(c.enqueuedAt) or NOW)
    local conf = queue_conf_or_default(c.queue)
    redis.call('HSET', k_call(id), 'answeredAt', num(NOW))
    stat_incr(c.queue, 'answered')
    if wait <= conf.slSeconds * 1000 then
      stat_incr(c.queue, 'answeredInTarget')
    end
    local h = on_call_agent(c.agent, id)
    if h then
      local calls, talk = agent_today(h)
      redis.call('HSET', k_agent(c.agent), 'day', DAY, 'calls', num(calls + 1), 'talk', num(talk))
    end
    event('call.callback-attempt', {'callId', id, 'agentId', c.agent, 'queue', c.queue, 'attempt', c.cbAttempt,
      'outcome', 'answered', 'number', c.callback, 'state', 'connected'})
    event('call.accepted', {'callId', id, 'agentId', c.agent, 'queue', c.queue, 'state', 'connected',
      'agentState', 'on-call', 'waitMs', num(wait), 'region', c.region, 'callback', '1'})
    return 'OK'
  end
  if not c or c.direction ~= 'outbound' then
    fail('unknown-call', 'no outbound call ' .. id)
  end
  if c.state ~= 'connected' or nz(c.answeredAt) then
    fail('invalid-transition', 'call ' .. id .. ' is ' .. c.state .. (nz(c.answeredAt) and ', answered already' or ''))
  end
  redis.call('HSET', k_call(id), 'answeredAt', num(NOW))
  local h = on_call_agent(c.agent, id)
  if h then
    local calls = agent_today(h)
    redis.call('HSET', k_agent(c.agent), 'day', DAY, 'calls', num(calls + 1))
  end
  event('call.dial.answered', {'callId', id, 'agentId', c.agent, 'queue', c.queue, 'direction', 'outbound',
    'state', 'connected', 'waitMs', num(NOW - (tonumber(c.enqueuedAt) or NOW))})
  return 'OK'
end)
