-- A node judged queue q's business hours (its hours engine and clock; io.switchboard.call.QueueHoursWatch) and
-- tells the ACD whether the queue is open now. Only callbacks depend on it (held_closed in acd-lib.lua): while the
-- queue is closed they keep their place in the waiting set but are not offered, so nobody is dialed at night.
-- ARGV[8..9] = queue, 'open' | 'closed'
--   closed: q joins the closed set; a callback of q offered to an agent right now is taken back (call.revoked reason
--           closed, the agent available again) and waits at its place.
--   open:   q leaves the closed set; its waiting callbacks are routed, best place first, while agents are idle.
-- Reply: '1' when the queue's state changed, '0' when the ACD knew it already (every node tells it, repeatedly).
return run(function()
  local q, how = ARGV[8], ARGV[9]
  if how ~= 'open' and how ~= 'closed' then
    fail('invalid-argument', 'state must be open or closed')
  end
  if how == 'closed' then
    if redis.call('SADD', K_CLOSED, q) == 0 then
      return '0'
    end
    closed_cache[q] = true
    for _, id in ipairs(redis.call('ZRANGE', K_RES, 0, -1)) do
      local c = hgetall(k_call(id))
      if c and c.state == 'reserved' and c.queue == q and nz(c.callback) then
        local a = c.agent
        requeue(id, c)
        event('call.revoked', {'callId', id, 'agentId', a, 'queue', q, 'state', 'waiting', 'reason', 'closed',
          'region', c.region})
        release_offer(a, id, 'closed')
      end
    end
    return '1'
  end
  if redis.call('SREM', K_CLOSED, q) == 0 then
    return '0'
  end
  closed_cache[q] = false
  local cursor = 0
  while true do
    local ids = redis.call('ZRANGE', k_waiting(q), cursor, cursor + SWEEP_BATCH - 1)
    if #ids == 0 or redis.call('ZCARD', k_idle(q)) == 0 then
      break  -- nobody left to offer them to: the next agent to become available takes them in order
    end
    local routed = 0
    for _, id in ipairs(ids) do
      local c = hgetall(k_call(id))
      if c and c.state == 'waiting' and nz(c.callback) and route_call(id, q, c, true) then
        routed = routed + 1
      end
    end
    cursor = cursor + #ids - routed  -- the routed ones left the set
  end
  return '1'
end)
