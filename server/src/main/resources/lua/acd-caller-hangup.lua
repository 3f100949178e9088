-- The caller leaves. Waiting or reserved: abandoned (a reserved agent is released, keeping its place);
-- connected: the agent goes to wrap-up; already over: nothing to do (the SIP side may report it twice).
-- ARGV[8] = callId
local function abandon(id, c)
  end_unanswered(id, c, 'abandoned', 'caller')
  if not nz(c.direct) then  -- answered once already in this queue (then transferred to an agent)
    stat_incr(c.queue, 'abandoned')
  end
  event('call.abandoned', {'callId', id, 'agentId', c.agent, 'queue', c.queue, 'state', 'abandoned',
    'waitMs', num(NOW - (tonumber(c.enqueuedAt) or NOW)), 'region', c.region})
end

return run(function()
  local id = ARGV[8]
  local c = hgetall(k_call(id))
  if not c then
    fail('unknown-call', 'call ' .. id .. ' does not exist')
  end
  if c.state == 'waiting' then
    abandon(id, c)
  elseif c.state == 'reserved' then
    abandon(id, c)
    release_offer(c.agent, id, 'abandoned')
  elseif c.state == 'connected' then
    end_connected(id, c, 'caller')
  end
  return 'OK'
end)
