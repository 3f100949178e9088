-- The agent ends its connected call and goes to wrap-up. ARGV[8..9] = agentId, callId
return run(function()
  local a, id = ARGV[8], ARGV[9]
  local c = connected_call(a, id)
  end_connected(id, c, 'agent')
  publish_call(c, id, {type = 'call.ended', callId = id, by = 'agent'})
  return 'OK'
end)
