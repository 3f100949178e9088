-- What a campaign's pacer needs in one round trip (campaigns.CampaignPacer): how many agents are idle in the
-- campaign's queue now, and where each of its calls is. Reads only.
-- ARGV[8] = queue, ARGV[9..] = call ids
-- Reply: JSON {idle = n, calls = [{callId, state, outcome, answered, disposition, wrapped}]}; state 'unknown' for a
-- call the ACD does not have (expired). outcome: the last attempt's (busy, no-answer, ...; cbOutcome) or the call's.
return run(function()
  local q = ARGV[8]
  local calls = {}
  for i = 9, #ARGV do
    local id = ARGV[i]
    local v = redis.call('HMGET', k_call(id), 'state', 'cbOutcome', 'outcome', 'answeredAt', 'disposition', 'agent')
    local wrapped = false
    if v[1] == 'ended' and nz(v[4]) and nz(v[6]) then
      -- answered and over: its disposition is final once the agent has left the wrap-up of this call
      local h = redis.call('HMGET', k_agent(v[6]), 'state', 'callId')
      wrapped = not (h[1] == 'wrap-up' and h[2] == id)
    end
    calls[#calls + 1] = {callId = id, state = v[1] or 'unknown', outcome = nz(v[2]) or nz(v[3]),
      answered = nz(v[4]) ~= nil, disposition = nz(v[5]), wrapped = wrapped}
  end
  return cjson.encode({idle = redis.call('ZCARD', k_idle(q)), calls = calls})
end)
