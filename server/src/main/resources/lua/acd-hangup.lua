-- The agent ends its connected call and goes to wrap-up; an outbound call not answered yet is cancelled instead
-- and the agent goes back to the state it dialed from. ARGV[8..9] = agentId, callId
return run(function()
  local a, id = ARGV[8], ARGV[9]
  local c = connected_call(a, id)
  if nz(c.callback) and not nz(c.answeredAt) then
    callback_failed(id, c, 'cancelled', 'agent')  -- the agent gave up this attempt: retried like any other
  elseif c.direction == 'outbound' and not nz(c.answeredAt) then
    end_dial(id, c, 'cancelled', 'agent')
  else
    end_connected(id, c, 'agent')
  end
  publish_call(c, id, {type = 'call.ended', callId = id, by = 'agent'})
  return 'OK'
end)
