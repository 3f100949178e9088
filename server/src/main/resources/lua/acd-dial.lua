-- An agent dials out (click-to-dial). Atomic: the agent must be available or away right now (an offer that raced in
-- leaves it reserved: refused, 'agent-busy'); it leaves the idle sets and goes on-call with the new call, so no
-- inbound call is offered to it until the outbound call and its wrap-up are over. The call is recorded connected to
-- the agent (so hang-up, hold, mute and media offers work as on inbound calls) with direction outbound, the number,
-- the caller ID, the queue it is made for ('' = none), the trunk and the state it was dialed from; answeredAt comes
-- with acd-dial-answered.lua. It is never counted in any queue's statistics. An agent who dialed while away is
-- away again (same reason) after the call's wrap-up. An agent on a voicemail (acd-voicemail.lua) may call its caller
-- back: the voicemail ends there (call.ended by agent, calledBack = the new call; no wrap-up of its own: the new
-- call's follows) and the agent is available again after the new call's wrap-up.
-- ARGV[8..13] = agentId, callId, number, callerId, queue, trunk
return run(function()
  local a, id, number, callerId, q, trunk = ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13]
  local h = hgetall(k_agent(a))
  local state = (h and h.state) or 'offline'
  local vm = state == 'on-call' and nz(h.callId) and hgetall(k_call(h.callId)) or nil
  if not (vm and nz(vm.voicemail) and vm.state == 'connected' and vm.agent == a) then
    vm = nil
  end
  if state == 'reserved' then
    fail('agent-busy', 'a call was offered to agent ' .. a .. ' meanwhile: answer or reject it first')
  end
  if state ~= 'available' and state ~= 'away' and not vm then
    fail('invalid-transition', 'agent ' .. a .. ' is ' .. state .. ': dial when available or away')
  end
  if redis.call('EXISTS', k_call(id)) == 1 then
    fail('duplicate-call', 'call ' .. id .. ' exists already')
  end
  if state == 'available' then
    remove_idle(a, agent_queues(h))
  end
  local from = state
  if vm then
    local talk = talk_seconds(vm)
    redis.call('HSET', k_call(h.callId), 'state', 'ended', 'endedAt', num(NOW), 'endedBy', 'agent',
      'talkSeconds', num(talk))
    redis.call('EXPIRE', k_call(h.callId), CALL_TTL_SECONDS)
    event('call.ended', {'callId', h.callId, 'agentId', a, 'queue', vm.queue, 'state', 'ended', 'by', 'agent',
      'talkSeconds', num(talk), 'calledBack', id, 'region', vm.region})
    from = 'available'
  end
  redis.call('HSET', k_call(id), 'state', 'connected', 'direction', 'outbound', 'agent', a, 'node', NODE,
    'queue', q, 'caller', number, 'callerId', callerId, 'trunk', trunk, 'dialFrom', from,
    'dialReason', h.reason or '', 'enqueuedAt', num(NOW), 'priority', '0')
  event('call.dialed', {'callId', id, 'agentId', a, 'queue', q, 'direction', 'outbound', 'number', number,
    'callerId', callerId, 'state', 'dialing', 'agentState', 'on-call', 'voicemailOf', vm and h.callId or '',
    'region', nz(h.region)})
  -- dialed while away: back to away (same reason) after the call's wrap-up, as if asked for during it
  local extra = {'callId', id}
  if from == 'away' then
    extra = {'callId', id, 'pending', 'away', 'pendingReason', h.reason or ''}
  end
  set_state(a, state, 'on-call', nil, h.node, id, extra, true)
  return 'OK'
end)
