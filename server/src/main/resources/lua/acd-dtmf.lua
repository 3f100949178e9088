-- The caller of a call pressed a key (RFC 4733, seen by the node holding the call's SIP leg): one call.dtmf event,
-- and, while an agent is connected, the digit to the node holding that agent's socket (the agent hash's node).
-- Never refuses: the digit is a fact about the caller, recorded even when the call is already gone here.
-- ARGV[8..12] = callId, queue, digit, durationMs, agentId ('' while no agent is connected)
return run(function()
  local id, q, digit, ms, a = ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]
  event('call.dtmf', {'callId', id, 'queue', q, 'digit', digit, 'durationMs', ms, 'agentId', nz(a)})
  if nz(a) then
    publish(redis.call('HGET', k_agent(a), 'node'), a, {type = 'call.dtmf', callId = id, digit = digit})
  end
  return 'OK'
end)
