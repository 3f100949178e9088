-- A predictive campaign's contact answered (acd-campaign-dialing.lua): the call enters its campaign's queue like an
-- inbound caller whose SIP leg is on the dialing node (call.connected is published there), routed at once. The node
-- gives it the grace time to find an agent, then asks acd-campaign-abandon.lua to end it if it still waits.
-- ARGV[8] = callId
-- Reply: the id of the agent it was reserved for at once, or '' (it waits).
return run(function()
  local id = ARGV[8]
  local d = hgetall(k_call(id))
  if not d or d.state ~= 'dialing' then
    fail('not-dialing', 'call ' .. id .. ' is not a campaign call being dialed')
  end
  local conf = known_queue_conf(d.queue)

  -- validated: from here on nothing fails
  local q = d.queue
  local seq = redis.call('INCR', K_SEQ)
  local priority = conf.priority
  redis.call('PERSIST', k_call(id))
  redis.call('HSET', k_call(id), 'contactAnsweredAt', num(NOW))
  local c = {queue = q, score = num((100 - priority) * 1e13 + seq), enqueuedAt = num(NOW), region = '', widenAt = '',
    caller = d.caller, callerName = d.callerName, priority = priority, skills = '', language = '',
    contactCard = d.contactCard}
  -- ringMs: dial to answer, what a node that takes the campaign over paces from (campaign_attempts + events)
  event('call.enqueued', {'callId', id, 'queue', q, 'state', 'waiting', 'priority', priority, 'caller', d.caller,
    'campaign', d.campaign, 'contact', d.contact, 'ringMs', num(math.max(0, NOW - (tonumber(d.placedAt) or NOW)))})
  c.hashFields = {'queue', q, 'priority', priority, 'score', c.score, 'enqueuedAt', c.enqueuedAt, 'caller', d.caller,
    'callerName', d.callerName, 'node', d.node}
  redis.call('SADD', k_node_calls(d.node), id)
  return route_or_wait(id, q, c) or ''
end)
