-- Node ARGV[8] holds the SIP legs of the calls in ARGV[9] and is their source of truth; this script makes Redis
-- agree after Redis lost writes (a Sentinel failover: replication is asynchronous, so the new master may lack the
-- last writes of the old one) or after the node was declared dead while it was only paused or cut off.
-- ARGV[9] = JSON list of {id, queue, score, enqueuedAt, caller, callerName, region, state, agent, pending}
--           (score and enqueuedAt as decimal strings, as acd-enqueue.lua replied them; the priority is the
--           score's first digits; no score: the node does not know the place, the call gets a new one): state 'waiting' or 'connected' (then agent), pending = true while the node's own request
--           about it (enqueue, goodbye) may still be on its way: such a call is neither restored nor dropped.
--   missing in Redis             → written again at its original place (score) and routed, or as connected to
--                                  its agent; SADDed to the node's calls
--   connected here, but waiting
--   or reserved in Redis          → the accept was lost: connected to the node's agent, another agent's offer is
--                                  revoked (reason 'taken') and that agent freed; the agent put on the call
--   ended, abandoned or lost      → listed in "hangUp": the node ends the call (its BYE was owed)
-- And every call Redis places on this node that the node does not hold ends: unanswered → abandoned (the
-- caller left while Redis was away), connected → ended by 'reconcile'.
-- Reply JSON: {"restored": n, "fixed": n, "dropped": n, "hangUp": [ids]}.

local function restore(h, node)
  local id = h.id
  local score = tonumber(h.score) and h.score
  local priority
  if score then
    priority = 100 - math.floor(tonumber(score) / 1e13)
  else  -- the node never learnt its place (the enqueue's reply was lost): a new place at the queue's priority
    priority = queue_conf_or_default(h.queue).priority
    score = num((100 - priority) * 1e13 + redis.call('INCR', K_SEQ))
  end
  local c = {queue = h.queue, score = score, enqueuedAt = h.enqueuedAt, priority = priority,
    caller = h.caller, callerName = h.callerName}
  redis.call('HSET', k_call(id), 'queue', h.queue, 'priority', num(priority), 'score', score,
    'enqueuedAt', h.enqueuedAt, 'node', node, 'state', 'waiting', 'agent', '')
  for _, f in ipairs({'caller', 'callerName', 'region'}) do
    if type(h[f]) == 'string' and h[f] ~= '' then
      redis.call('HSET', k_call(id), f, h[f])
    end
  end
  redis.call('SADD', k_node_calls(node), id)
  event('call.restored', {'callId', id, 'queue', h.queue, 'state', h.state, 'agentId', nz(h.agent),
    'region', type(h.region) == 'string' and nz(h.region) or nil})
  if h.state == 'connected' and type(h.agent) == 'string' then
    redis.call('HSET', k_call(id), 'state', 'connected', 'agent', h.agent, 'answeredAt', num(NOW))
  else
    add_waiting(id, h.queue, c)
    route_call(id, h.queue, c, true)
  end
end

-- The node says its call is connected to h.agent; Redis still has it waiting or reserved.
local function connect_lost_accept(h, c)
  local id, a = h.id, h.agent
  remove_waiting(id, c.queue, c)
  redis.call('ZREM', K_RES, id)
  if c.agent ~= a then
    release_offer(c.agent, id, 'taken')
  end
  redis.call('HSET', k_call(id), 'state', 'connected', 'agent', a, 'answeredAt', num(NOW))
  redis.call('HDEL', k_call(id), 'deadline')
  local ah = hgetall(k_agent(a))
  if ah and ah.state ~= 'on-call' then  -- on another call already: the ACD cannot put it on two
    if ah.state == 'available' then
      remove_idle(a, agent_queues(ah))
    end
    set_state(a, ah.state, 'on-call', nil, ah.node, id, {'callId', id})
  end
  event('call.accepted', {'callId', id, 'agentId', a, 'queue', c.queue, 'state', 'connected', 'reason', 'reconcile'})
end

-- Redis has the call on this node, the node does not: the caller is gone.
local function drop(id)
  local c = hgetall(k_call(id))
  redis.call('SREM', k_node_calls(ARGV[8]), id)
  -- a callback's dialed leg, and a transferred dialed call's (dialer = 1, acd-transfer.lua), are OutboundDials',
  -- which this list does not carry
  if not c or nz(c.callback) or nz(c.dialer) then
    return false
  end
  if c.state == 'waiting' or c.state == 'reserved' then
    end_unanswered(id, c, 'abandoned', 'reconcile')
    stat_incr(c.queue, 'abandoned')
    event('call.abandoned', {'callId', id, 'agentId', nz(c.agent), 'queue', c.queue, 'state', 'abandoned',
      'reason', 'reconcile'})
    release_offer(c.agent, id, 'abandoned')
    return true
  elseif c.state == 'connected' then
    end_connected(id, c, 'reconcile')
    return true
  end
  return false
end

return run(function()
  local node = ARGV[8]
  local list = decode(ARGV[9])
  if not list then
    fail('invalid-argument', 'calls must be a JSON list')
  end
  local held, hangUp = {}, {}
  local restored, fixed, dropped = 0, 0, 0
  for _, h in ipairs(list) do
    if type(h) ~= 'table' or type(h.id) ~= 'string' or type(h.queue) ~= 'string' or not tonumber(h.enqueuedAt) then
      fail('invalid-argument', 'each call needs an id, a queue and enqueuedAt')
    end
  end
  for _, h in ipairs(list) do
    held[h.id] = true
    local c = hgetall(k_call(h.id))
    if h.pending == true then
      -- its own request is on its way: leave it alone this time
    elseif not c then
      restore(h, node)
      restored = restored + 1
    elseif c.state == 'ended' or c.state == 'abandoned' or c.state == 'lost' then
      hangUp[#hangUp + 1] = h.id
    elseif h.state == 'connected' and type(h.agent) == 'string' and (c.state == 'waiting' or c.state == 'reserved') then
      connect_lost_accept(h, c)
      fixed = fixed + 1
    end
  end
  for _, id in ipairs(redis.call('SMEMBERS', k_node_calls(node))) do
    if not held[id] and drop(id) then
      dropped = dropped + 1
    end
  end
  return cjson.encode({restored = restored, fixed = fixed, dropped = dropped, hangUp = hangUp})
end)
