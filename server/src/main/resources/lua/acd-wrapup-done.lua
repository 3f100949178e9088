-- The agent finishes wrap-up. ARGV[8..11] = agentId, callId, disposition, notes. A disposition must be one of the
-- call's queue's catalogue when the queue has one (bad-disposition; nothing changes).
return run(function()
  local a, id, disposition, notes = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
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
  finish_wrapup(a, h, 'done', disposition, notes)
  return 'OK'
end)
