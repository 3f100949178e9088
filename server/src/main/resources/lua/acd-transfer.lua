-- Blind transfer of the agent's CONNECTED call: to a queue (ARGV[10]) or to an agent (ARGV[11]), exactly one.
-- ARGV[8..11] = agentId, callId, target queue ('' = none), target agent ('' = none)
--
-- To a queue: the call waits there again at its priority with a fresh enqueue time and a new place in line
-- (a new sequence), counted offered in that queue, and is routed at once like a new call (route_call).
-- To an agent: the target must be an enabled agent of the tenant (directory) and AVAILABLE now; the call is
-- reserved for it at once as routing would (offer deadline = the call's queue noAnswerSeconds). It stays a
-- call of its original queue: if the offer expires or is rejected it waits there again (its original place
-- in line), and it is not counted again in that queue's stats (field direct = 1; a later queue transfer
-- clears it).
-- Either way the transferring agent goes to wrap-up exactly as after a hang-up (talk time counted), after the
-- call was placed: it cannot be handed its own transfer back in the same step. Events: call.transferred
-- (agentId = the transferring agent, agentState wrap-up, queue = the call's queue now, from = its queue
-- before, to = the target agent, region = the call's), then call.reserved when the call was offered; the call's node is told
-- {type:'call.transferred', callId, queue | agentId}. The target agent's checks are acd-lib.lua's target_agent
-- (shared with acd-consult.lua).
-- A call the node dialed (click-to-dial: direction outbound; a callback, or a progressive or preview campaign call:
-- field callback) is transferred once answered ('invalid-transition' while it rings) and becomes an ordinary call
-- (as_dialed_transfer); one dialed for no queue goes to a queue only (an offer to an agent that runs out needs a
-- queue to wait in).

-- Overflow deadline of a call that starts waiting now in a queue with settings conf ('' = none).
local function overflow_at(conf)
  if conf.maxWait > 0 and conf.overflow then
    return num(NOW + conf.maxWait * 1000)
  end
  return ''
end

-- A dialed call (fields c, routing fields f) the agent hands over: from now on it waits and is offered like an
-- inbound caller whose leg is its dialer's. Offers carry no number to dial (the next accept connects, acd-accept.lua
-- publishes call.connected to c.node) and no preview; it joins its node's set (a dead node's survivor counts it lost
-- or ended, acd-node-lost.lua), marked dialer = 1 (the node's reconciliation list does not carry the dialer's
-- calls: acd-reconcile.lua leaves it alone, as it does callbacks); a click-to-dial call gets a place in line (it
-- had none) for when an offer of it runs out.
local function as_dialed_transfer(id, c, f)
  redis.call('HDEL', k_call(id), 'callback', 'preview', 'previewSecs')
  f.callback, f.preview, f.previewSecs = nil, nil, nil
  redis.call('HSET', k_call(id), 'dialer', '1')
  if nz(c.node) then
    redis.call('SADD', k_node_calls(c.node), id)
  end
  if not nz(f.priority) then
    f.priority = '0'
  end
  if not nz(c.score) then
    local score = num((100 - (tonumber(f.priority) or 0)) * 1e13 + redis.call('INCR', K_SEQ))
    redis.call('HSET', k_call(id), 'score', score, 'priority', f.priority)
    f.score = score
  else
    f.score = c.score
  end
end

return run(function()
  local a, id, tq, ta = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
  if (tq == '') == (ta == '') then
    fail('invalid-argument', 'queue: give exactly one of queue or agentId')
  end
  local c = connected_call(a, id)
  local dialed = c.direction == 'outbound' or nz(c.callback)
  if dialed and not nz(c.answeredAt) then
    fail('invalid-transition', 'call ' .. id .. ' is still being dialed: transfer it once it is answered')
  end
  if dialed and ta ~= '' and not nz(c.queue) then  -- an offer that runs out waits in the call's queue again
    fail('invalid-transition', 'call ' .. id .. ' was dialed for no queue: transfer it to a queue')
  end
  local tconf, th
  if tq ~= '' then
    tconf = known_queue_conf(tq)
  else
    th = target_agent(a, ta, 'agentId: a call cannot be transferred to the agent who has it')
  end

  -- validated: from here on nothing fails
  local h = on_call_agent(a, id)
  local conf = queue_conf_or_default(c.queue)
  local talk = talk_seconds(c)
  local f = call_fields(id)
  f.queue = tq ~= '' and tq or c.queue
  f.enqueuedAt = num(NOW)
  event('call.transferred', {'callId', id, 'agentId', a, 'queue', f.queue, 'from', c.queue, 'to', ta,
    'state', tq ~= '' and 'waiting' or 'reserved', 'agentState', h and 'wrap-up' or '', 'talkSeconds', num(talk),
    'region', nz(f.region)})
  publish_call(c, id, {type = 'call.transferred', callId = id, queue = nz(tq), agentId = nz(ta)})
  redis.call('HDEL', k_call(id), 'answeredAt', 'held', 'muted')
  if dialed then
    as_dialed_transfer(id, c, f)
  end

  if tq ~= '' then
    local seq = redis.call('INCR', K_SEQ)
    f.score = num((100 - (tonumber(f.priority) or 0)) * 1e13 + seq)
    f.overflowAt = overflow_at(tconf)
    f.widenAt = widen_at(f.region, tconf)  -- waits anew: its own region first again
    redis.call('HSET', k_call(id), 'queue', tq, 'state', 'waiting', 'agent', '', 'score', f.score,
      'enqueuedAt', f.enqueuedAt, 'overflowAt', f.overflowAt, 'widenAt', f.widenAt)
    redis.call('HDEL', k_call(id), 'direct', 'overflowedFrom')
    if stat_incr(tq, 'offered') == 1 then
      redis.call('SADD', K_QUEUES, tq)
    end
    if not route_call(id, tq, f, false) then
      add_waiting(id, tq, f)
    end
  else
    -- a fresh overflow deadline for when it waits in its queue again (the old one has long passed)
    redis.call('HSET', k_call(id), 'enqueuedAt', f.enqueuedAt, 'overflowAt', overflow_at(conf), 'direct', '1')
    reserve(id, c.queue, conf, f, ta, agent_profile(th), false, true)
  end

  if h then
    wrap_up(a, h, id, conf, talk)
  end
  return 'OK'
end)
