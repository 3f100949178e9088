-- A call takes one of trunk ARGV[8]'s ARGV[10] slots (its maxConcurrentCalls) for call ARGV[9], held by the
-- calling node: counted across every node, inbound and outbound calls alike. Taking a slot the call already holds
-- succeeds again (a retried request). Reply '1' (taken) or '0' (the trunk carries its maximum already).
return run(function()
  local trunk, id, limit = ARGV[8], ARGV[9], tonumber(ARGV[10])
  if not limit or limit < 1 then
    fail('invalid-argument', 'limit must be a positive number')
  end
  local key = k_trunk_calls(trunk)
  if redis.call('HEXISTS', key, id) == 1 then
    return '1'
  end
  if redis.call('HLEN', key) >= limit then
    return '0'
  end
  redis.call('HSET', key, id, NODE .. ' ' .. num(NOW))
  redis.call('HSET', k_node_trunk_calls(NODE), id, trunk)
  return '1'
end)
