-- Node ARGV[8] is dead (its heartbeat stopped): this tenant's calls whose SIP leg lived there died with it.
-- Run by the one survivor that claimed the node's cleanup, before its agents are disconnected.
--   waiting or reserved  → state lost (counted 'lost' in the queue's day, not abandoned, not answered),
--                          out of the waiting set and every reservation, never offered again; a reserved
--                          agent gets call.revoked reason 'lost' and is available again at its old place
--                          (offline if its socket was on the dead node too)
--   connected            → ended by 'node-lost' (it was answered); the agent gets call.ended reason 'lost'
--                          ("the caller's connection was lost") and goes to wrap-up as after a hang-up
-- Two phases, so that no agent freed here can be offered a call of the dead node that is not done yet: first every
-- call leaves the queue (LOST_BATCH per run; a run ends with "remaining" > 0 while calls are left), then, in the
-- run that finds none left, the reserved agents are released and the connected calls ended.
--   a callback being dialed → the attempt failed ('node-lost'): retried at its place (another node dials), or
--                          callback-failed after its last attempt; a waiting callback is in no node's set
-- The last run also gives back the trunk slots (maxConcurrentCalls) the dead node's calls held.
-- Reply JSON: {"lost": n, "ended": n, "remaining": calls left for the next run}.
local LOST_BATCH = 500

-- Phase 1: the call is lost; its reserved agent (if any) waits in :revoke for phase 2.
local function lose_unanswered(id, c, dead)
  end_unanswered(id, c, 'lost', 'node-lost')
  if not nz(c.direct) then  -- a direct transfer was answered once already in this queue
    stat_incr(c.queue, 'lost')
  end
  event('call.lost', {'callId', id, 'agentId', nz(c.agent), 'queue', c.queue, 'state', 'lost', 'reason', 'node-lost',
    'from', dead, 'waitMs', num(NOW - (tonumber(c.enqueuedAt) or NOW)), 'region', c.region})
  if c.state == 'reserved' and nz(c.agent) then
    redis.call('RPUSH', k_node_calls(dead) .. ':revoke', id)
  end
end

-- Phase 2: the agent still reserved for lost call id is told and freed (offline if its socket was on the dead
-- node too, else available at its old place: not its fault).
local function release(id, dead)
  local a = redis.call('HGET', k_call(id), 'agent')
  local h = nz(a) and hgetall(k_agent(a))
  if h and h.state == 'reserved' and h.callId == id and h.node == dead then
    publish(h.node, a, {type = 'call.revoked', callId = id, reason = 'lost'})
    redis.call('HDEL', k_agent(a), 'callId')
    set_state(a, h.state, 'offline', 'disconnected', h.node, nil)
  else
    release_offer(a, id, 'lost')
  end
end

-- Phase 2: a connected call of the dead node ends; its agent is told why and wraps up.
local function end_lost_connected(id)
  local c = hgetall(k_call(id))
  if not (c and c.state == 'connected') then
    return
  end
  local h = on_call_agent(c.agent, id)
  if h then
    publish(h.node, c.agent, {type = 'call.ended', callId = id, reason = 'lost',
      message = "the caller's connection was lost"})
  end
  end_connected(id, c, 'node-lost')
end

return run(function()
  local dead = ARGV[8]
  local key = k_node_calls(dead)
  local lost, ended = 0, 0
  for _, id in ipairs(redis.call('SPOP', key, LOST_BATCH)) do
    local c = hgetall(k_call(id))
    if c and (c.state == 'waiting' or c.state == 'reserved') then
      lose_unanswered(id, c, dead)
      lost = lost + 1
    elseif c and c.state == 'connected' and nz(c.callback) and not nz(c.answeredAt) then
      if redis.call('HGET', k_agent(c.agent), 'node') == dead then
        redis.call('HSET', k_agent(c.agent), 'orphan', '1')  -- its socket died too: offline, never routed here
      end
      callback_failed(id, c, 'node-lost', 'node-lost')  -- the dialing node died: retried from another node
      lost = lost + 1
    elseif c and c.state == 'connected' then
      redis.call('RPUSH', key .. ':end', id)
      ended = ended + 1
    end
  end
  local remaining = redis.call('SCARD', key)
  if remaining == 0 then
    for _, id in ipairs(redis.call('LRANGE', key .. ':revoke', 0, -1)) do
      release(id, dead)
    end
    for _, id in ipairs(redis.call('LRANGE', key .. ':end', 0, -1)) do
      end_lost_connected(id)
    end
    redis.call('DEL', key .. ':revoke', key .. ':end')
    drop_node_trunk_slots(dead)
  end
  return cjson.encode({lost = lost, ended = ended, remaining = remaining})
end)
