-- Records what the agent's page must show again after a refresh or a move to another node: the connected
-- call's hold (written by the call's node once the caller hears music on hold) or the agent's mute.
-- ARGV[8..11] = agentId, callId, flag ('held' or 'muted'), value ('1' or '0'). Reply: "OK".
return run(function()
  local a, id, flag, value = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
  if flag ~= 'held' and flag ~= 'muted' then
    fail('invalid-argument', 'flag must be held or muted')
  end
  connected_call(a, id)
  redis.call('HSET', k_call(id), flag, value == '1' and '1' or '0')
  return 'OK'
end)
