-- The queue's business hours are closed for this call (its node decided, by the hours engine and its clock).
-- ARGV[8..12] = callId, queue, caller, region, node.
--   The ACD does not hold the call (it arrived while closed and was never enqueued): event call.closed with
--   atArrival=1; nothing else is written. It was never offered to an agent.
--   Waiting or reserved: the call leaves the queue as state 'closed' (not abandoned: counted 'closed' per queue
--   and day), a reserved agent's offer is revoked (reason closed) and the agent is routed again; event call.closed.
--   Connected or already over: nothing (the agent has it, or it ended some other way).
-- Reply: '1' when the call was closed (the node plays the closed prompt and hangs up), '0' when not.
return run(function()
  local id, q, caller, region, node = ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]
  local c = hgetall(k_call(id))
  if not c then
    event('call.closed', {'callId', id, 'queue', q, 'state', 'closed', 'atArrival', '1', 'caller', caller,
      'region', region})
    stat_incr(q, 'closed')
    return '1'
  end
  if c.state ~= 'waiting' and c.state ~= 'reserved' then
    return '0'
  end
  end_unanswered(id, c, 'closed', 'closed')
  stat_incr(c.queue, 'closed')
  event('call.closed', {'callId', id, 'agentId', c.agent, 'queue', c.queue, 'state', 'closed',
    'waitMs', num(NOW - (tonumber(c.enqueuedAt) or NOW)), 'region', c.region})
  if c.state == 'reserved' then
    release_offer(c.agent, id, 'closed')
  end
  return '1'
end)
