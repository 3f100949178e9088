-- A supervisor started, changed or ended monitoring a call (written by the call's node:
-- io.switchboard.call.CallMonitors): the event goes to the tenant's stream, so the store of record's interaction
-- timeline shows it; and the call's hash keeps who monitors it now for the wallboard (acd-stats.lua): field
-- 'monitors', a JSON array of {supervisorId, mode} in the order they joined (several supervisors may be on one
-- call), absent when none. Only while the call's hash exists: an end written after the call's own end (its
-- supervisors end with it) brings nothing back.
-- ARGV[8..13] = type (monitor.started|changed|ended), callId, agentId, queue (may be empty), supervisorId,
-- mode (listen|whisper|barge). Reply: "OK".
return run(function()
  local kind, id, a, q, sup, mode = ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13]
  if kind ~= 'monitor.started' and kind ~= 'monitor.changed' and kind ~= 'monitor.ended' then
    fail('invalid-argument', 'not a monitor event: ' .. tostring(kind))
  end
  if mode ~= 'listen' and mode ~= 'whisper' and mode ~= 'barge' then
    fail('invalid-argument', 'not a monitor mode: ' .. tostring(mode))
  end
  local key = k_call(id)
  if redis.call('EXISTS', key) == 1 then
    local list, found = {}, false
    for _, m in ipairs(decode(redis.call('HGET', key, 'monitors')) or {}) do
      if type(m) == 'table' and m.supervisorId == sup then
        found = true
        if kind ~= 'monitor.ended' then list[#list + 1] = {supervisorId = sup, mode = mode} end
      elseif type(m) == 'table' then
        list[#list + 1] = m
      end
    end
    if not found and kind ~= 'monitor.ended' then
      list[#list + 1] = {supervisorId = sup, mode = mode}
    end
    if #list == 0 then
      redis.call('HDEL', key, 'monitors')
    else
      redis.call('HSET', key, 'monitors', cjson.encode(list))
    end
  end
  event(kind, {'callId', id, 'agentId', a, 'queue', q, 'supervisorId', sup, 'mode', mode})
  return 'OK'
end)
