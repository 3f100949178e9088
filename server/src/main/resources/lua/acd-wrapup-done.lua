-- The agent finishes wrap-up. ARGV[8..12] = agentId, callId, disposition, notes, callbackAt (epoch ms the agent
-- picked to call a campaign contact back, '' none; checked by the caller: future, within the campaign's calling hours).
-- A disposition must be one of the call's queue's catalogue when the queue has one (bad-disposition; nothing changes);
-- a call-back time is refused for a call of no campaign (invalid-field). Kept on the call as cbAt for the pacer
-- (acd-campaign-view.lua), cleared by a wrap-up without one.
return run(function()
  local a, id, disposition, notes, cbAt = ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12] or ''
  local h = hgetall(k_agent(a))
  if not h or h.state ~= 'wrap-up' then
    fail('invalid-transition', 'agent ' .. a .. ' is ' .. ((h and h.state) or 'offline') .. ', not in wrap-up')
  end
  if h.callId ~= id then
    fail('not-your-call', 'agent ' .. a .. ' is wrapping up another call')
  end
  if disposition ~= '' then
    local q = redis.call('HGET', k_call(id), 'queue')
    local conf = q and queue_conf(q)
    if conf and conf.dispositions and not conf.dispositions[disposition] then
      fail('bad-disposition', "'" .. disposition .. "' is not one of queue " .. q .. "'s dispositions")
    end
  end
  if cbAt ~= '' and not nz(redis.call('HGET', k_call(id), 'campaign')) then
    fail('invalid-field', 'callbackAt: call ' .. id .. ' is not a campaign call')
  end
  if cbAt ~= '' then
    redis.call('HSET', k_call(id), 'cbAt', cbAt)
  else
    redis.call('HDEL', k_call(id), 'cbAt')
  end
  finish_wrapup(a, h, 'done', disposition, notes)
  return 'OK'
end)
