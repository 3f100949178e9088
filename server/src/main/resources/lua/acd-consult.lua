-- An agent consults a colleague on its connected call (docs/protocol.md, call.consult), or the consult is over.
-- op 'reserve': atomic with the checks: the call is connected to agent a; the colleague is another agent of this
-- tenant (its directory entry has the role agent and is enabled), available and not consulted already. It leaves
-- the idle sets (so no queue call is offered to it meanwhile) and its hash names the call (consult = id); its state
-- stays available. op 'release': when the colleague is still reserved for call id it goes back to the idle sets
-- (and may be offered a waiting call at once, as any agent becoming available); anything else: nothing.
-- ARGV[8..11] = agentId, callId, colleagueId, op. Reply: "OK".
return run(function()
  local a, id, ta, op = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
  if op == 'release' then
    local th = hgetall(k_agent(ta))
    if th and th.consult == id then
      redis.call('HDEL', k_agent(ta), 'consult')
      th.consult = nil
      if th.state == 'available' then
        go_available(ta, th, tonumber(th.idleSince) or NOW, th.reason)
      end
    end
    return 'OK'
  end
  if op ~= 'reserve' then
    fail('invalid-argument', 'op must be reserve or release')
  end
  connected_call(a, id)
  if ta == a then
    fail('invalid-argument', 'agentId: an agent cannot consult itself')
  end
  local doc = decode(redis.call('GET', P .. ':dir:agent:' .. ta))
  local isAgent = false
  for _, r in ipairs(string_list(doc and doc.roles)) do
    if r == 'agent' then
      isAgent = true
    end
  end
  if not isAgent or doc.enabled == false then
    fail('not-an-agent', 'user ' .. ta .. ' is not an agent of this tenant')
  end
  local th = hgetall(k_agent(ta))
  if not th or th.state ~= 'available' or nz(th.consult) then
    local st = (th and th.state) or 'offline'
    fail('agent-unavailable', 'agent ' .. ta .. ' is ' .. (th and nz(th.consult) and 'in a consult' or st)
      .. ', not available')
  end
  remove_idle(ta, agent_queues(th))
  redis.call('HSET', k_agent(ta), 'consult', id)
  return 'OK'
end)
