-- A case of the store of record (docs/cases.md, "Offered to agents") as the ACD sees it: a work item, the virtual
-- call case-<id> with no node (as a voicemail, acd-voicemail.lua), that waits in its department's backlog
-- (sb:{t}:acd:q:<queue>:cases), never in the waiting set of calls. An agent that becomes idle takes the best waiting
-- call it fits and, only when there is none, the first case of its queues' backlogs (go_available); a case that
-- enters a backlog is offered at once to the first idle agent of its queue (route_call: an idle agent has no call
-- it fits). Offer, no answer and reject are those of calls (call.offered carries caseId, subject, casePriority and
-- dueAt); accepting connects the agent to nothing (acd-accept.lua) and hanging up ends the work with no wrap-up.
-- The node runs this after every change of the case, with where it belongs now:
-- ARGV[8..14] = callId (case-<id>), caseId, queue (its department while it has no owner and is new or open; '' =
-- in no backlog), score (its rank in the backlog, lowest first), subject, casePriority, dueAt (epoch ms)
--   waiting or offered, the same queue → subject, priority, due time and rank follow; an offer stands
--   waiting or offered, another queue  → the offer is taken back (call.revoked, reason moved); it waits in the new
--                                        backlog, routed at once
--   waiting or offered, no queue       → out of the backlog, the offer taken back (reason withdrawn), ended
--   worked on, another queue           → the work ends (agent available, told call.revoked reason moved); it
--                                        waits in the new backlog
--   worked on, the same queue or none  → nothing: its agent goes on (it is taking it, or closing it)
--   unknown or ended, a queue          → it waits in the backlog, routed at once
-- Reply: "WAITING", "RESERVED <agent>", "CONNECTED <agent>" or "NONE": where the case is now.
return run(function()
  local id, caseId, q, score = ARGV[8], ARGV[9], ARGV[10], tonumber(ARGV[11])
  local subject, prio, due = ARGV[12], ARGV[13], tonumber(ARGV[14])
  if q ~= '' then
    known_queue_conf(q, true)
  end
  if not is_int(score, 0, 9e15) or not is_int(due, 0, 9e15) then
    fail('invalid-argument', 'score and dueAt must be non-negative integers')
  end
  local old = hgetall(k_call(id))
  if old and not nz(old.caseId) then
    fail('invalid-argument', 'call ' .. id .. ' is not a case')
  end
  local state = old and old.state

  local function where()
    local c = hgetall(k_call(id))
    if c and (c.state == 'reserved' or c.state == 'connected') then
      return string.upper(c.state) .. ' ' .. c.agent
    end
    return c and c.state == 'waiting' and 'WAITING' or 'NONE'
  end

  -- the case waits in q: fresh (enqueuedAt now) unless it already waited
  local function wait_in(enqueuedAt)
    local c = {queue = q, score = num(score), enqueuedAt = enqueuedAt, caseId = caseId, caseSubject = subject,
      casePriority = prio, caseDue = num(due), priority = '0'}
    c.hashFields = {'queue', q, 'score', c.score, 'enqueuedAt', c.enqueuedAt, 'caseId', caseId,
      'caseSubject', subject, 'casePriority', prio, 'caseDue', c.caseDue, 'priority', '0', 'node', ''}
    event('backlog.queued', {'callId', id, 'caseId', caseId, 'queue', q, 'state', 'waiting'})
    route_or_wait(id, q, c)
  end

  if state == 'waiting' or state == 'reserved' then
    local a = nz(old.agent)
    if q == old.queue then
      redis.call('HSET', k_call(id), 'score', num(score), 'caseSubject', subject, 'casePriority', prio,
        'caseDue', num(due))
      if state == 'waiting' then
        redis.call('ZADD', k_cases(q), num(score), id)
      end
      return where()
    end
    remove_waiting(id, old.queue, old)
    redis.call('ZREM', K_RES, id)
    local reason = q == '' and 'withdrawn' or 'moved'
    event(state == 'reserved' and 'call.revoked' or 'backlog.withdrawn', {'callId', id, 'caseId', caseId,
      'agentId', a, 'queue', old.queue, 'state', q == '' and 'ended' or 'waiting', 'reason', reason})
    if q == '' then
      redis.call('HSET', k_call(id), 'state', 'ended', 'agent', '', 'endedAt', num(NOW), 'endedBy', 'case')
      redis.call('HDEL', k_call(id), 'deadline')
      redis.call('EXPIRE', k_call(id), CALL_TTL_SECONDS)
    else
      redis.call('DEL', k_call(id))
      wait_in(old.enqueuedAt)
    end
    if state == 'reserved' then
      release_offer(a, id, reason)  -- after the case moved: the agent may be offered it again in its new queue
    end
    return where()
  end

  if state == 'connected' then
    if q == '' or q == old.queue then
      return where()
    end
    local a = old.agent
    redis.call('DEL', k_call(id))
    local h = on_call_agent(a, id)
    event('call.revoked', {'callId', id, 'caseId', caseId, 'agentId', a, 'agentState', h and 'available' or nil,
      'queue', old.queue, 'state', 'ended', 'reason', 'moved'})
    if h then
      publish(h.node, a, {type = 'call.revoked', callId = id, reason = 'moved'})
    end
    wait_in(num(NOW))
    if h then
      go_available(a, h, NOW, nil)
    end
    return where()
  end

  if q ~= '' then
    redis.call('DEL', k_call(id))
    wait_in(num(NOW))
  end
  return where()
end)
