-- The reserved agent declines: the call goes back to its original place, the agent goes away ("rejected"),
-- and the call's queue is routed again (another agent may take it). ARGV[8..9] = agentId, callId
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

  requeue(id, c)
  redis.call('HDEL', k_agent(a), 'callId')
  event('call.rejected', {'callId', id, 'agentId', a, 'queue', c.queue, 'state', 'waiting', 'agentState', 'away',
    'reason', 'rejected', 'region', c.region})
  set_state(a, h.state, 'away', 'rejected', h.node, nil, nil, true)
  route_call(id, c.queue, c, true)
  return 'OK'
end)
