-- A socket of the agent opened (or re-opened) on node ARGV[9]: from now on that node holds the agent, whatever
-- its state (idle, reserved, on a call, in wrap-up), so offers, call messages and state changes are published
-- there. Clears the orphan mark of a socket that went away (acd-disconnected.lua). A reserved agent's offer is
-- not published again: hello carries it (callId, caller, deadline), since the socket is not open yet here.
-- ARGV[8..9] = agentId, nodeId. Reply: the agent's status as JSON (agent_reply).
return run(function()
  local a, node = ARGV[8], ARGV[9]
  local h = hgetall(k_agent(a))
  if not h then
    if redis.call('EXISTS', P .. ':dir:agent:' .. a) == 0 then
      fail('unknown-agent', 'agent ' .. a .. ' does not exist')
    end
    return agent_reply(a, nil)
  end
  if h.state == 'offline' then
    return agent_reply(a, h)  -- nothing to deliver until it sets a state (state.set records the node)
  end
  if h.node ~= node or nz(h.orphan) then
    redis.call('HSET', k_agent(a), 'node', node)
    redis.call('HDEL', k_agent(a), 'orphan')
    agent_cache[a] = nil
    event('agent.attached', {'agentId', a, 'state', h.state, 'from', h.node, 'to', node, 'callId', h.callId,
      'region', h.region})
  end
  return agent_reply(a, h)
end)
