-- Enqueue + route in one round trip.
-- ARGV[8..17] = callId, queue, priority ('' = the queue's), skills JSON, language, caller, callerName, region, node,
-- flow path ('' = none: the way the call came through its number's flow, kept in its call.enqueued event)
-- Reply: "<agent> <score> <enqueuedAt>": the id of the agent the call was reserved for (empty when none), then the
-- call's place (what the call's node needs to restore it after a Redis failover: acd-reconcile.lua); a plain
-- string, no JSON to encode or parse
return run(function()
  local id, q, prio, skillsJson = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
  local lang, caller, callerName, region, node = string.lower(ARGV[12]), ARGV[13], ARGV[14], ARGV[15], ARGV[16]

  local conf = known_queue_conf(q)
  local priority = priority_arg(prio, conf.priority)
  skills_arg(skillsJson)
  if redis.call('EXISTS', k_call(id)) == 1 then
    fail('invalid-argument', 'callId ' .. id .. ' is already in use')
  end

  -- validated: from here on nothing fails
  local seq = redis.call('INCR', K_SEQ)
  local c = {queue = q, score = num((100 - priority) * 1e13 + seq), enqueuedAt = num(NOW), region = region,
    widenAt = widen_at(region, conf)}
  if conf.maxWait > 0 and conf.overflow then
    c.overflowAt = num(NOW + conf.maxWait * 1000)
  end
  if stat_incr(q, 'offered') == 1 then
    redis.call('SADD', K_QUEUES, q)  -- first call of the day is enough: the set is never cleared
  end
  event('call.enqueued', {'callId', id, 'queue', q, 'state', 'waiting', 'priority', priority, 'region', region,
    'caller', caller, 'language', lang, 'flow', ARGV[17]})

  -- routed before it is written or joins the waiting set: a call taken at once is written once, by
  -- reserve, and never enters (nor leaves) the waiting set
  c.skills, c.language, c.caller, c.callerName, c.priority = skillsJson, lang, caller, callerName, priority
  c.hashFields = {'queue', q, 'priority', priority, 'score', c.score, 'enqueuedAt', c.enqueuedAt}
  local optional = {{'skills', skillsJson ~= '{}' and skillsJson}, {'language', lang}, {'caller', caller},
    {'callerName', callerName}, {'region', region}, {'node', node}, {'overflowAt', c.overflowAt}, {'widenAt', c.widenAt}}
  append_present(c.hashFields, optional)
  if nz(node) then
    redis.call('SADD', k_node_calls(node), id)
  end
  local agent = route_or_wait(id, q, c)
  return (agent or '') .. ' ' .. c.score .. ' ' .. c.enqueuedAt
end)
