-- The agent ends its connected call and goes to wrap-up. ARGV[8..9] = agentId, callId
return run(function()
  local a, id = ARGV[8], ARGV[9]
  local c = hgetall(k_call(id))
  if not c then
    fail('unknown-call', 'call ' .. id .. ' does not exist')
  end
  if c.agent ~= a then
    fail('not-your-call', 'call ' .. id .. ' is not connected to agent ' .. a)
  end
  if c.state ~= 'connected' then
    fail('invalid-transition', 'call ' .. id .. ' is ' .. c.state .. ', not connected')
  end
  end_connected(id, c, 'agent')
  publish_call(c, id, {type = 'call.ended', callId = id, by = 'agent'})
  return 'OK'
end)
