-- Records what the agent's page must show again after a refresh or a move to another node: the connected
-- call's hold (written by the call's node once the caller hears music on hold) or the agent's mute.
-- ARGV[8..11] = agentId, callId, flag ('held' or 'muted'), value ('1' or '0'). Reply: "OK".
return run(function()
  local a, id, flag, value = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
  if flag ~= 'held' and flag ~= 'muted' then
    fail('invalid-argument', 'flag must be held or muted')
  end
  local c = connected_call(a, id)
  local v = value == '1' and '1' or '0'
  -- a hold that starts or ends is part of the interaction's record (hold intervals, hold time)
  if flag == 'held' and (c.held or '0') ~= v then
    event(v == '1' and 'call.held' or 'call.resumed', {'callId', id, 'agentId', a, 'queue', c.queue})
  end
  redis.call('HSET', k_call(id), flag, v)
  return 'OK'
end)
