-- An agent consults a colleague on its connected call (docs/protocol.md, call.consult), or the consult is over.
-- op 'reserve': atomic with the checks: the call is connected to agent a; the colleague is another agent of this
-- tenant (its directory entry has the role agent and is enabled), available and not consulted already. It leaves
-- the idle sets (so no queue call is offered to it meanwhile) and its hash names the call (consult = id); its state
-- stays available. op 'release': when the colleague is still reserved for call id it goes back to the idle sets
-- (and may be offered a waiting call at once, as any agent becoming available); anything else: nothing.
-- op 'complete' (warm transfer): the call is connected to agent a and the colleague still reserved for it
-- (else agent-unavailable); the colleague becomes the call's agent (on-call, the call's answer time restarts, direct
-- so that no queue counts it again) and a goes to wrap-up as after a hang-up. Events: call.transferred (kind warm,
-- from = the call's queue, to = the colleague, agentState wrap-up) then call.accepted for the colleague (waitMs 0).
-- The call's node is not published to: it completed the transfer itself (consults are same-node).
-- ARGV[8..11] = agentId, callId, colleagueId, op. Reply: "OK".
local function complete(a, id, ta)
  local c = connected_call(a, id)
  local th = hgetall(k_agent(ta))
  if not th or th.consult ~= id or th.state ~= 'available' then
    fail('agent-unavailable', 'agent ' .. ta .. ' is not reserved for a consult on call ' .. id)
  end
  -- validated: from here on nothing fails
  local h = on_call_agent(a, id)
  local conf = queue_conf_or_default(c.queue)
  local talk = talk_seconds(c)
  event('call.transferred', {'callId', id, 'agentId', a, 'queue', c.queue, 'from', c.queue, 'to', ta,
    'kind', 'warm', 'state', 'connected', 'agentState', h and 'wrap-up' or '', 'talkSeconds', num(talk),
    'region', nz(c.region)})
  redis.call('HSET', k_call(id), 'agent', ta, 'answeredAt', num(NOW), 'direct', '1')
  redis.call('HDEL', k_call(id), 'held', 'muted')
  redis.call('HDEL', k_agent(ta), 'consult')
  local calls, talked = agent_today(th)
  event('call.accepted', {'callId', id, 'agentId', ta, 'queue', c.queue, 'state', 'connected',
    'agentState', 'on-call', 'waitMs', '0', 'region', nz(c.region)})
  set_state(ta, th.state, 'on-call', nil, th.node, id,
    {'callId', id, 'day', DAY, 'calls', num(calls + 1), 'talk', num(talked)}, true)
  if h then
    wrap_up(a, h, id, conf, talk)
  end
  return 'OK'
end

return run(function()
  local a, id, ta, op = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
  if op == 'complete' then
    return complete(a, id, ta)
  end
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
    fail('invalid-argument', 'op must be reserve, release or complete')
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
