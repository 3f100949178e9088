-- Expires what is due at ARGV[1]: reservations nobody answered (call back to its place, agent away
-- "no-answer"; a campaign's preview is skipped instead, skip_preview), wrap-ups that ran out (agent available), calls waiting longer than their queue's maximum
-- (moved to the overflow queue, keeping their place in line), calls whose wait for an agent of their own
-- region is over (widen_due, acd-region.lua; counted only when that routes them), callbacks whose retry delay is
-- over (back to their place). Each call or agent freed
-- is routed at once.
-- At most SWEEP_BATCH of each kind per run. Reply: how many were handled, as a string.
return run(function()
  local handled = 0

  for _, id in ipairs(redis.call('ZRANGEBYSCORE', K_RES, '-inf', num(NOW), 'LIMIT', 0, SWEEP_BATCH)) do
    local c = hgetall(k_call(id))
    redis.call('ZREM', K_RES, id)
    if c and c.state == 'reserved' then
      local a = c.agent
      local h = hgetall(k_agent(a))
      local attached = h and h.state == 'reserved' and h.callId == id
      if nz(c.preview) then  -- a campaign's preview the agent did not decide on in time: skipped
        skip_preview(id, c, a, attached and h or nil, 'timeout', 'timeout')
      else
        requeue(id, c)
        event('call.revoked', {'callId', id, 'agentId', a, 'queue', c.queue, 'state', 'waiting',
          'reason', 'no-answer', 'agentState', attached and 'away' or nil, 'region', c.region})
        if attached then
          redis.call('HDEL', k_agent(a), 'callId')
          publish(h.node, a, {type = 'call.revoked', callId = id, reason = 'no-answer'})
          set_state(a, h.state, 'away', 'no-answer', h.node, nil, nil, true)
        end
        route_call(id, c.queue, c, true)
      end
      handled = handled + 1
    end
  end

  for _, a in ipairs(redis.call('ZRANGEBYSCORE', K_WRAP, '-inf', num(NOW), 'LIMIT', 0, SWEEP_BATCH)) do
    local h = hgetall(k_agent(a))
    if h and h.state == 'wrap-up' then
      finish_wrapup(a, h, 'timeout', nil, nil)
      handled = handled + 1
    else
      redis.call('ZREM', K_WRAP, a)
    end
  end

  for _, id in ipairs(redis.call('ZRANGEBYSCORE', K_OVER, '-inf', num(NOW), 'LIMIT', 0, SWEEP_BATCH)) do
    local c = hgetall(k_call(id))
    redis.call('ZREM', K_OVER, id)
    local from = c and queue_conf(c.queue)
    local to = from and from.overflow and queue_conf(from.overflow)
    if to and to.chat then
      to = nil  -- the overflow queue became a chat queue after it was named: the call stays where it waits
    end
    if c and c.state == 'waiting' and to then
      local target = from.overflow
      remove_waiting(id, c.queue)
      c.overflowAt = nil
      if to.maxWait > 0 and to.overflow then
        c.overflowAt = num(NOW + to.maxWait * 1000)
      end
      redis.call('HSET', k_call(id), 'queue', target, 'overflowAt', c.overflowAt or '', 'overflowedFrom', c.queue)
      add_waiting(id, target, c)
      redis.call('SADD', K_QUEUES, target)
      stat_incr(target, 'offered')
      event('call.overflowed', {'callId', id, 'queue', target, 'from', c.queue, 'state', 'waiting', 'region', c.region})
      route_call(id, target, c, true)
      handled = handled + 1
    end
  end

  -- callbacks whose retry delay is over go back to their place (original score) and are routed
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', K_CB_RETRY, '-inf', num(NOW), 'LIMIT', 0, SWEEP_BATCH)) do
    redis.call('ZREM', K_CB_RETRY, id)
    local c = hgetall(k_call(id))
    if c and c.state == 'waiting' and nz(c.callback) then
      add_waiting(id, c.queue, c)
      route_call(id, c.queue, c, true)
      handled = handled + 1
    end
  end

  handled = handled + widen_due()
  return tostring(handled)
end)
