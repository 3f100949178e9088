-- What a campaign's pacer needs in one round trip (campaigns.CampaignPacer): how many agents are idle in the
-- campaign's queue now, how long each of its busy agents has been on its call (talk, or talk and wrap-up so far: what
-- the predictive model weighs against the handle times), and where each of its calls is. Reads only.
-- ARGV[8] = queue, ARGV[9..] = call ids
-- Reply: JSON {idle = n, busy = [ms, ...], calls = [{callId, state, outcome, answered, disposition, wrapped,
-- callbackAt, skipReason, refused}]} (callbackAt: epoch ms the agent picked in its wrap-up, acd-wrapup-done.lua;
-- skipReason: why a skipped preview was skipped, skip_preview; refused: the dial planner's code when the number was
-- refused before anything was sent, acd-dial-failed.lua / acd-campaign-dial-failed.lua; absent: none)};
-- busy: the queue's staffed agents on a call or in wrap-up (of any queue's call); state 'unknown' for a
-- call the ACD does not have (expired), 'ringing' for a predictive call being dialed, 'ended' for every call over. outcome: the last attempt's (busy, no-answer, ...; cbOutcome) or the call's.
return run(function()
  local q = ARGV[8]
  local calls = {}
  for i = 9, #ARGV do
    local id = ARGV[i]
    local v = redis.call('HMGET', k_call(id), 'state', 'cbOutcome', 'outcome', 'answeredAt', 'disposition', 'agent',
      'cbAt', 'skipReason', 'refused')
    local wrapped = false
    if v[1] == 'ended' and nz(v[4]) and nz(v[6]) then
      -- answered and over: its disposition is final once the agent has left the wrap-up of this call
      local h = redis.call('HMGET', k_agent(v[6]), 'state', 'callId')
      wrapped = not (h[1] == 'wrap-up' and h[2] == id)
    end
    local state, outcome = v[1] or 'unknown', nz(v[2]) or nz(v[3])
    if state == 'dialing' then
      state = 'ringing' -- predictive: dialed before any agent (acd-campaign-dialing.lua)
    elseif state == 'abandoned' or state == 'lost' or state == 'closed' then
      -- predictive: over unanswered by an agent (acd-campaign-abandon.lua: outcome abandoned; the contact hung up
      -- while waiting: hung-up)
      outcome = outcome or (state == 'abandoned' and 'hung-up') or state
      state = 'ended'
    end
    calls[#calls + 1] = {callId = id, state = state, outcome = outcome,
      answered = nz(v[4]) ~= nil, disposition = nz(v[5]), wrapped = wrapped,
      callbackAt = tonumber(nz(v[7])), skipReason = v[8] or nil, refused = nz(v[9])}
  end
  local busy = {}
  for _, a in ipairs(redis.call('SMEMBERS', k_staffed(q))) do
    local h = redis.call('HMGET', k_agent(a), 'state', 'since', 'lastTalk')
    local since = tonumber(h[2])
    if since and h[1] == 'on-call' then
      busy[#busy + 1] = math.max(0, NOW - since)
    elseif since and h[1] == 'wrap-up' then
      -- lastTalk: the call's talk in whole seconds (wrap_up), until the wrap-up ends
      busy[#busy + 1] = (tonumber(h[3]) or 0) * 1000 + math.max(0, NOW - since)
    end
  end
  return cjson.encode({idle = redis.call('ZCARD', k_idle(q)), busy = busy, calls = calls})
end)
