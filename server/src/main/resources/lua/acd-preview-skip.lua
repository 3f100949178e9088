-- The agent skips the campaign preview reserved for it (docs/campaigns.md, "Preview mode"): nothing is dialed, the
-- call ends with outcome skipped (its campaign's pacer releases the contact: due again after the campaign's skip
-- delay, no attempt counted) and the agent is available again. Only the agent the preview is reserved for may skip it.
-- ARGV[8..10] = agentId, callId, reason ('' when none). Reply: "OK".
return run(function()
  local a, id, reason = ARGV[8], ARGV[9], ARGV[10] or ''
  local c = hgetall(k_call(id))
  if not c or not nz(c.preview) then
    fail('unknown-call', 'no campaign preview ' .. id)
  end
  local h = hgetall(k_agent(a))
  if not h or h.state ~= 'reserved' or h.callId ~= id or c.state ~= 'reserved' or c.agent ~= a then
    fail('not-reserved', 'preview ' .. id .. ' is not reserved for agent ' .. a)
  end
  skip_preview(id, c, a, h, reason, 'agent')
  return 'OK'
end)
