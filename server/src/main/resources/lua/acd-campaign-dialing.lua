-- A predictive campaign's call being dialed before any agent is free (campaigns.PredictivePacing; docs/campaigns.md):
-- the ACD holds it as 'dialing' on the dialing node, in no queue, so the pacer's view (acd-campaign-view.lua) sees it
-- ring. It expires after DIALING_TTL_SECONDS unless answered (acd-campaign-answered.lua) or failed
-- (acd-campaign-dial-failed.lua) first: a node that dies while dialing leaves an unknown call, which the pacer takes
-- back uncounted.
-- ARGV[8..13] = callId, queue, number (E.164), callerName (what the agent's offer shows), campaign id, contact key;
-- ARGV[14] = the contact card's JSON object ('' when none; acd-campaign-call.lua), offered once it answers
-- Reply: "OK".
local DIALING_TTL_SECONDS = 300
return run(function()
  local id, q, number, name, campaign, contact = ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13]
  e164_arg(number, 'number')
  local card = json_object_arg(ARGV[14] or '', 'contactCard')
  known_queue_conf(q)
  if redis.call('EXISTS', k_call(id)) == 1 then
    fail('invalid-argument', 'callId ' .. id .. ' is already in use')
  end
  redis.call('HSET', k_call(id), 'state', 'dialing', 'queue', q, 'caller', number, 'callerName', name,
    'campaign', campaign, 'contact', contact, 'node', NODE, 'placedAt', num(NOW), 'agent', '',
    'contactCard', card)
  redis.call('EXPIRE', k_call(id), DIALING_TTL_SECONDS)
  return 'OK'
end)
