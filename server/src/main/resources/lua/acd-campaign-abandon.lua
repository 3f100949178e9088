-- A predictive campaign's answered contact found no agent within the grace time: if it still waits (no agent
-- reserved), it is abandoned by the campaign (event call.abandoned with by 'campaign'; the node plays the abandon
-- message and hangs up) and the pacer settles it with outcome 'abandoned'. A call reserved, connected or over is left
-- alone. ARGV[8] = callId
-- Reply: "OK" (abandoned) or "BUSY" (an agent has it, or it is over: left alone).
return run(function()
  local id = ARGV[8]
  local c = hgetall(k_call(id))
  if not c or not nz(c.campaign) then
    fail('unknown-call', 'no campaign call ' .. id)
  end
  if c.state ~= 'waiting' then
    return 'BUSY'
  end
  end_unanswered(id, c, 'abandoned', 'campaign')
  redis.call('HSET', k_call(id), 'cbOutcome', 'abandoned')
  event('call.abandoned', {'callId', id, 'queue', c.queue, 'state', 'abandoned', 'by', 'campaign',
    'campaign', c.campaign, 'waitMs', num(NOW - (tonumber(c.enqueuedAt) or NOW))})
  return 'OK'
end)
