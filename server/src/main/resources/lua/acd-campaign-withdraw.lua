-- A campaign paused or stopped takes back a call of its that still waits (no agent reserved yet): the call ends
-- (outcome withdrawn, event call.callback-failed by 'campaign') and its contact is not counted as attempted. A call
-- reserved, being dialed or talked on is left alone, and so is one whose contact is on the line (a node holds
-- its leg: an answered call an agent transferred to a queue). ARGV[8] = callId
-- Reply: "OK" (withdrawn) or "BUSY" (not waiting any more: left alone).
return run(function()
  local id = ARGV[8]
  local c = hgetall(k_call(id))
  if not c or not nz(c.campaign) then
    fail('unknown-call', 'no campaign call ' .. id)
  end
  if c.state ~= 'waiting' or nz(c.node) then
    return 'BUSY'  -- a call whose contact is on the line (answered, then transferred to a queue) waits on
  end
  remove_waiting(id, c.queue, c)
  redis.call('ZREM', K_CB_RETRY, id)
  redis.call('HSET', k_call(id), 'state', 'ended', 'endedAt', num(NOW), 'endedBy', 'campaign', 'outcome', 'withdrawn',
    'cbOutcome', 'withdrawn')
  redis.call('EXPIRE', k_call(id), CALL_TTL_SECONDS)
  event('call.callback-failed', {'callId', id, 'queue', c.queue, 'state', 'ended', 'attempts', '0',
    'number', c.callback, 'by', 'campaign'})
  return 'OK'
end)
