-- The agent finishes wrap-up. ARGV[8..11] = agentId, callId, disposition, notes
return run(function()
  local a, id, disposition, notes = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
  local h = hgetall(k_agent(a))
  if not h or h.state ~= 'wrap-up' then
    fail('invalid-transition', 'agent ' .. a .. ' is ' .. ((h and h.state) or 'offline') .. ', not in wrap-up')
  end
  if h.callId ~= id then
    fail('not-your-call', 'agent ' .. a .. ' is wrapping up another call')
  end
  finish_wrapup(a, h, 'done', disposition, notes)
  return 'OK'
end)
