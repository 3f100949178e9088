-- The agent's socket on node ARGV[9] went away. Only acts when the agent is still recorded on that node
-- (it may have reconnected elsewhere meanwhile). Idle → offline; reserved → the call goes back to its
-- place and the agent offline; on a call or in wrap-up → marked orphan: the call goes on (its media does not
-- pass through the agent's socket), and when it and the wrap-up are over the agent goes offline instead of
-- available, unless a socket re-attaches it first (acd-attach.lua clears the mark).
-- ARGV[8..9] = agentId, nodeId. Reply: "OK" or "IGNORED".
return run(function()
  local a, node = ARGV[8], ARGV[9]
  local h = hgetall(k_agent(a))
  if not h or h.node ~= node then
    return 'IGNORED'
  end
  if h.state == 'available' or h.state == 'away' then
    remove_idle(a, agent_queues(h))
    set_state(a, h.state, 'offline', 'disconnected', h.node, nil)
  elseif h.state == 'reserved' then
    local id = h.callId
    local c = nz(id) and hgetall(k_call(id))
    local attached = c and c.state == 'reserved' and c.agent == a
    redis.call('HDEL', k_agent(a), 'callId')
    if attached then
      requeue(id, c)
      event('call.revoked', {'callId', id, 'agentId', a, 'queue', c.queue, 'state', 'waiting', 'reason', 'disconnected',
        'agentState', 'offline', 'region', c.region})
    end
    set_state(a, h.state, 'offline', 'disconnected', h.node, nil, nil, attached)
    if attached then
      route_call(id, c.queue, c, true)
    end
  elseif h.state == 'on-call' or h.state == 'wrap-up' then
    redis.call('HSET', k_agent(a), 'orphan', '1')
  else
    return 'IGNORED'
  end
  return 'OK'
end)
