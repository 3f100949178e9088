-- A caller left a voicemail (its node recorded it: docs/voicemail.md): the message becomes a virtual call in the
-- queue, like a callback (acd-callback.lua): no SIP leg, no node, in no node's set, owned by the queue (node loss and
-- reconciliation never touch it). It is routed like any call; call.offered carries voicemail (the recording id) and
-- voicemailMs. Accepting it connects nothing (acd-accept.lua): the agent plays the message and may call back.
-- The ACD did not hold the call (it came from a flow's voicemail node, or arrived while its queue was closed): a new
-- call at the back of its priority. It waited until its queue closed (acd-closed.lua, state closed): it keeps its
-- place (score and enqueuedAt). Neither counts in the queue's offered/answered figures.
-- ARGV[8..19] = callId, queue, caller, callerName, language, region, flow path, recordingId, durationMs,
-- afterHours ('1' when the queue's after-hours rule sent it here, else ''), priority ('' = the queue's), skills JSON
-- (what a flow's set node asked for, on top of the queue's)
-- Reply: "OK" (also when this message was already handed over: a retry whose reply was lost).
return run(function()
  local id, q, caller, callerName = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
  local lang, region, path, rec = string.lower(ARGV[12]), ARGV[13], ARGV[14], ARGV[15]
  local ms, afterHours = tonumber(ARGV[16]), ARGV[17]
  local conf = known_queue_conf(q)
  if not is_int(ms, 1, 86400000) then
    fail('invalid-argument', 'durationMs must be an integer from 1 to 86400000')
  end
  local priority = priority_arg(ARGV[18], conf.priority)
  local skillsJson = ARGV[19]
  skills_arg(skillsJson)
  local old = hgetall(k_call(id))
  if old and old.voicemail == rec then
    return 'OK'
  end
  if old and old.state ~= 'closed' then
    fail('invalid-transition', 'call ' .. id .. ' is ' .. old.state .. ': only a call its queue closed on leaves a message')
  end

  local c = {queue = q, region = region, priority = priority, skills = skillsJson ~= '{}' and skillsJson or nil}
  if old then
    c.score, c.enqueuedAt, c.priority = old.score, old.enqueuedAt, tonumber(old.priority) or priority
    c.skills = old.skills
    redis.call('PERSIST', k_call(id))
    redis.call('HDEL', k_call(id), 'endedAt', 'endedBy')
  else
    c.score = num((100 - priority) * 1e13 + redis.call('INCR', K_SEQ))
    c.enqueuedAt = num(NOW)
  end
  c.widenAt = widen_at(region, conf)
  event('call.voicemail', {'callId', id, 'queue', q, 'state', 'waiting', 'recordingId', rec, 'durationMs', num(ms),
    'caller', caller, 'language', lang, 'priority', c.priority, 'region', region, 'flow', path,
    'afterHours', afterHours})

  c.language, c.caller, c.callerName, c.voicemail, c.vmMs = lang, caller, callerName, rec, num(ms)
  c.hashFields = {'queue', q, 'priority', c.priority, 'score', c.score, 'enqueuedAt', c.enqueuedAt, 'voicemail', rec,
    'vmMs', num(ms), 'node', ''}
  local optional = {{'skills', c.skills}, {'language', lang}, {'caller', caller}, {'callerName', callerName},
    {'region', region}, {'widenAt', c.widenAt}}
  append_present(c.hashFields, optional)
  route_or_wait(id, q, c)
  return 'OK'
end)
