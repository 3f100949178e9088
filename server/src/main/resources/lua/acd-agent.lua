-- An agent's ACD status. ARGV[8] = agentId
return run(function()
  local a = ARGV[8]
  local h = hgetall(k_agent(a))
  if not h and redis.call('EXISTS', P .. ':dir:agent:' .. a) == 0 then
    fail('unknown-agent', 'agent ' .. a .. ' does not exist')
  end
  return agent_reply(a, h)
end)
