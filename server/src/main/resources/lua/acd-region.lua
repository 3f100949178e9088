-- Region preference (RedisAcd loads this right after acd-lib.lua, before the op script): fills acd-lib's
-- REGION hooks and adds widen_due() for the sweep.
--
-- Contract:
--   * A call with a region (the trunk's, else its node's) first waits IN REGION: it may be offered only to
--     idle agents of that region and to agents without a region. At widenAt (enqueue time + the queue's
--     regionWideningSeconds; restarted by a transfer to a queue, kept by an overflow) it WIDENS: any
--     eligible agent may take it. A call without a region, in a queue whose delay is 0, or without
--     widenAt (enqueued before regions counted, or restored by acd-reconcile after Redis lost it: it has
--     waited already) is widened from the start.
--   * An agent without a region serves every region at once (an unset region must not slow anyone's calls:
--     a one-region center never sets it). An agent with a region takes calls of its region and widened
--     calls. Order is unchanged: priority, then FIFO, across every set the agent may take from.
--   * Widening needs no event to happen: sweep runs widen_due() on every node every acd.sweep-interval-ms,
--     which moves each due call to the widened set and routes it once (O(due calls) via K_WIDEN). An agent
--     that becomes idle runs it first too (go_available), so it sees every call whose widenAt has passed,
--     not only those a sweep has reached; the due calls go to agents already idle first, as the sweep would
--     have sent them.
--
-- Why per-region sets and not a filter over the queue's sets: a bounded scan (routeScanAgents) of the
-- queue's idle set filtered by region misses the caller's own region whenever more than that many agents
-- of other regions are idle ahead of them, and an unbounded one costs O(idle agents) per call. So each
-- queue keeps, next to its idle and waiting sets (unchanged: stats and region-blind routing use them):
--   sb:{t}:acd:q:<q>:idle:r:<region>     agents of that region, same strategy score as :idle
--   sb:{t}:acd:q:<q>:idle:any            agents without a region
--   sb:{t}:acd:q:<q>:waiting:r:<region>  calls of that region not yet widened, same score as :waiting
--   sb:{t}:acd:q:<q>:waiting:wide        widened calls (and calls without a region)
--   sb:{t}:acd:widen                     callId -> widenAt ms of calls waiting in region
-- A routing step reads at most two sets per queue, each for at most its scan window, merged by score.

local K_WIDEN = P .. ':acd:widen'
local function k_idle_in(q, r) return k_idle(q) .. ':r:' .. r end
local function k_idle_any(q) return k_idle(q) .. ':any' end
local function k_waiting_in(q, r) return k_waiting(q) .. ':r:' .. r end
local function k_waiting_wide(q) return k_waiting(q) .. ':wide' end

-- Whether call c (fields region, widenAt) of a queue with settings conf may go to an agent of any region.
local function widened(c, conf)
  local at = tonumber(c.widenAt)
  return not nz(c.region) or conf.widening == 0 or at == nil or at <= NOW
end

-- widenAt of a call of region r that starts waiting now in a queue with settings conf ('' = widened already).
local function widen_at(r, conf)
  if nz(r) and conf.widening > 0 then
    return num(NOW + conf.widening * 1000)
  end
  return ''
end

function REGION.idle_keys(q, conf, c)
  if widened(c, conf) then
    return {k_idle(q)}
  end
  return {k_idle_in(q, c.region), k_idle_any(q)}
end

-- region: the agent's (nil or '' = none).
function REGION.waiting_keys(q, region)
  if nz(region) then
    return {k_waiting_in(q, region), k_waiting_wide(q)}
  end
  return {k_waiting(q)}
end

function REGION.add_idle(a, q, score, region)
  redis.call('ZADD', nz(region) and k_idle_in(q, region) or k_idle_any(q), score, a)
end

-- region nil: read from the agent hash (callers that do not know it; the hash still holds the region the
-- agent went idle with, as acd-state removes before it snapshots the directory again).
function REGION.remove_idle(a, queues, region)
  if region == nil then
    region = redis.call('HGET', k_agent(a), 'region')
  end
  region = nz(region)
  for _, q in ipairs(queues) do
    redis.call('ZREM', region and k_idle_in(q, region) or k_idle_any(q), a)
  end
end

function REGION.add_waiting(id, q, c)
  if widened(c, queue_conf_or_default(q)) then
    redis.call('ZADD', k_waiting_wide(q), c.score, id)
  else
    redis.call('ZADD', k_waiting_in(q, c.region), c.score, id)
    redis.call('ZADD', K_WIDEN, c.widenAt, id)
  end
end

-- c nil: the region is read from the call hash.
function REGION.remove_waiting(id, q, c)
  local region = c and c.region
  if c == nil then
    region = redis.call('HGET', k_call(id), 'region')
  end
  redis.call('ZREM', k_waiting_wide(q), id)
  if nz(region) then
    redis.call('ZREM', k_waiting_in(q, region), id)
    redis.call('ZREM', K_WIDEN, id)
  end
end

-- Sweep: every call whose widenAt has passed while it waits in region moves to the widened set (event
-- call.widened) and is routed once against every idle agent of its queue. Returns how many were routed
-- (a call that widens with nobody idle is bookkeeping, not a handled deadline).
local function widen_due()
  local handled = 0
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', K_WIDEN, '-inf', num(NOW), 'LIMIT', 0, SWEEP_BATCH)) do
    redis.call('ZREM', K_WIDEN, id)
    local c = hgetall(k_call(id))
    if c and c.state == 'waiting' and nz(c.region) and redis.call('ZREM', k_waiting_in(c.queue, c.region), id) == 1 then
      redis.call('ZADD', k_waiting_wide(c.queue), c.score, id)
      event('call.widened', {'callId', id, 'queue', c.queue, 'state', 'waiting', 'region', c.region})
      if route_call(id, c.queue, c, true) then
        handled = handled + 1
      end
    end
  end
  return handled
end
REGION.widen_due = widen_due
