-- A campaign's contact to call (campaigns.CampaignPacer; docs/campaigns.md): a virtual call (as a callback, docs/
-- callbacks.md) born in the campaign's queue at the queue's priority, with one attempt, no node and no SIP leg. It is
-- routed at once like any call, so blending is the routing of the agent's queues: an agent in inbound queues and the
-- campaign's queue takes the best call by queue priority, then longest wait. The agent who accepts it has its node
-- dial the number (acd-accept.lua replies CALLBACK); the attempt ends as every callback attempt (acd-dial-answered,
-- acd-dial-failed: callback_failed, which keeps the outcome in cbOutcome for the pacer).
-- ARGV[8..14] = callId, queue, number (E.164), callerName (what the agent's offer shows), campaign id, contact key,
-- caller ID ('': the queue's; else E.164, kept as cbCallerId for the dial); preview mode: ARGV[15] = the preview
-- card's JSON object (name, attributes, attempts; '' when not preview), ARGV[16] = seconds the offer is held for the
-- agent (its deadline; at the deadline acd-sweep.lua skips it). A preview is offered like any campaign call
-- (call.offered carries preview); the agent calls (call.accept's path) or skips (acd-preview-skip.lua).
-- ARGV[17] = the contact card's JSON object ({zone, from, to}: the contact's zone and the campaign's calling hours,
-- for the wrap-up's call-back picker; '' when none), kept as contactCard and offered as call.offered's contact.
-- Reply: the id of the agent it was reserved for at once, or '' (it waits).
return run(function()
  local id, q, number, name, campaign, contact = ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13]
  local callerId = ARGV[14] or ''
  local preview, previewSecs = ARGV[15] or '', tonumber(ARGV[16] or '0') or 0
  local card = json_object_arg(ARGV[17] or '', 'contactCard')
  json_object_arg(preview, 'preview')
  if preview ~= '' then
    if previewSecs < 1 or previewSecs > 86400 then
      fail('invalid-argument', 'offerSeconds must be from 1 to 86400 for a preview')
    end
  end
  e164_arg(number, 'number')
  if callerId ~= '' then
    e164_arg(callerId, 'callerId')
  end
  local conf = known_queue_conf(q)
  if redis.call('EXISTS', k_call(id)) == 1 then
    fail('invalid-argument', 'callId ' .. id .. ' is already in use')
  end

  -- validated: from here on nothing fails
  local seq = redis.call('INCR', K_SEQ)
  local priority = conf.priority
  local c = {queue = q, score = num((100 - priority) * 1e13 + seq), enqueuedAt = num(NOW), region = '', widenAt = '',
    caller = number, callerName = name, priority = priority, callback = number, skills = '', language = '',
    preview = preview, previewSecs = num(previewSecs), contactCard = card}
  event('call.enqueued', {'callId', id, 'queue', q, 'state', 'waiting', 'priority', priority, 'caller', number,
    'campaign', campaign, 'contact', contact})
  event('call.callback-requested', {'callId', id, 'queue', q, 'state', 'waiting', 'number', number, 'attempts', '1',
    'campaign', campaign})
  c.hashFields = {'queue', q, 'priority', priority, 'score', c.score, 'enqueuedAt', c.enqueuedAt, 'caller', number,
    'callerName', name, 'callback', number, 'cbAttempts', '1', 'cbRetryMs', '1000', 'cbAttempt', '0',
    'campaign', campaign, 'contact', contact, 'cbCallerId', callerId, 'preview', preview,
    'previewSecs', num(previewSecs), 'contactCard', card}
  local agent = route_or_wait(id, q, c)
  return agent or ''
end)
