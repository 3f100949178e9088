-- The called party of an outbound call answered (by the call's node): talk time runs from now and the agent's
-- handled calls count it. ARGV[8] = callId
return run(function()
  local id = ARGV[8]
  local c = hgetall(k_call(id))
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
