-- The calling node holds exactly the trunk slots in ARGV[8] (JSON object callId -> trunkId) and is their source of
-- truth: run at start-up (empty: a restarted node holds no call, whatever its previous run left), after the node was
-- taken for dead (survivors gave its slots back) or after a Redis failover (the last writes may be lost).
--   held here, missing in Redis          -> taken again, even beyond the trunk's limit (the call is up; new calls wait)
--   in Redis, not held here              -> given back, unless taken less than ARGV[9] ms ago: an acquire may have
--                                           reached Redis before the node's list of its calls was taken
-- Reply JSON: {"restored": n, "dropped": n}.
return run(function()
  local held = cjson.decode(ARGV[8])
  local grace = tonumber(ARGV[9]) or 0
  local restored, dropped = 0, 0
  local flat = redis.call('HGETALL', k_node_trunk_calls(NODE))
  for i = 1, #flat, 2 do
    local id, trunk = flat[i], flat[i + 1]
    if held[id] ~= trunk then
      local slot = redis.call('HGET', k_trunk_calls(trunk), id)
      local at = slot and tonumber(string.match(slot, ' (%d+)$')) or 0
      if NOW - at >= grace then
        drop_trunk_slot(id, trunk, NODE)
        dropped = dropped + 1
      end
    end
  end
  for id, trunk in pairs(held) do
    if type(trunk) == 'string' and redis.call('HEXISTS', k_trunk_calls(trunk), id) == 0 then
      redis.call('HSET', k_trunk_calls(trunk), id, NODE .. ' ' .. num(NOW))
      redis.call('HSET', k_node_trunk_calls(NODE), id, trunk)
      restored = restored + 1
    end
  end
  return cjson.encode({restored = restored, dropped = dropped})
end)
