-- An agent consults a colleague on its connected call (docs/protocol.md, call.consult), or the consult is over.
-- op 'reserve': atomic with the checks: the call is connected to agent a; the colleague is exactly one of
--   agent ARGV[10]: acd-lib.lua's target_agent (another enabled agent of this tenant, available, not in a consult);
--   ARGV[12] = 'leader': the leader of a's team (its directory entry's team, that team's leader), which must take
--     calls (role agent), be available, not in a consult and connected to this node (consults are same-node);
--   queue ARGV[13]: the longest idle of the first routeScanAgents agents of the queue's idle set (so agents with
--     the queue's skills and language) other than a, available, not in a consult and connected to this node.
--   The colleague leaves the idle sets (so no queue call is offered to it meanwhile) and its hash names the call
--   (consult = id); its state stays available. Reply: the colleague's id.
-- op 'release': when the colleague ARGV[10] is still reserved for call id it goes back to the idle sets (and may be
--   offered a waiting call at once, as any agent becoming available); anything else: nothing. Reply "OK".
-- op 'decline': the colleague ARGV[10] declined the consult it was offered: the release above and, when it was still
--   reserved for call id, the event call.consult.declined (agentId = a, the consulting agent; to = the colleague;
--   reason ARGV[12], its words, may be empty; the call's queue), which the interaction's timeline shows. Reply "OK".
-- op 'complete' (warm transfer, or the first agent leaving a conference): the call is connected to agent a and the
--   colleague ARGV[10] still reserved for it (else agent-unavailable); the colleague becomes the call's agent
--   (on-call, the call's answer time restarts, direct so that no queue counts it again) and a goes to wrap-up as
--   after a hang-up. Events: call.transferred (kind ARGV[12]: warm or conference, from = the call's queue, to = the
--   colleague, agentState wrap-up) then call.accepted for the colleague (waitMs 0). The call's node is not
--   published to: it completed the transfer itself (consults are same-node). Reply "OK".
-- ARGV[8..13] = agentId, callId, colleagueId, op, leader flag, kind or decline reason, queue.
local function complete(a, id, ta, kind)
  if kind ~= 'warm' and kind ~= 'conference' then
    fail('invalid-argument', 'kind must be warm or conference')
  end
  local c = connected_call(a, id)
  local th = hgetall(k_agent(ta))
  if not th or th.consult ~= id or th.state ~= 'available' then
    fail('agent-unavailable', 'agent ' .. ta .. ' is not reserved for a consult on call ' .. id)
  end
  -- validated: from here on nothing fails
  local h = on_call_agent(a, id)
  local conf = queue_conf_or_default(c.queue)
  local talk = talk_seconds(c)
  event('call.transferred', {'callId', id, 'agentId', a, 'queue', c.queue, 'from', c.queue, 'to', ta,
    'kind', kind, 'state', 'connected', 'agentState', h and 'wrap-up' or '', 'talkSeconds', num(talk),
    'region', nz(c.region)})
  redis.call('HSET', k_call(id), 'agent', ta, 'answeredAt', num(NOW), 'direct', '1')
  redis.call('HDEL', k_call(id), 'held', 'muted')
  redis.call('HDEL', k_agent(ta), 'consult')
  local calls, talked = agent_today(th)
  event('call.accepted', {'callId', id, 'agentId', ta, 'queue', c.queue, 'state', 'connected',
    'agentState', 'on-call', 'waitMs', '0', 'region', nz(c.region)})
  set_state(ta, th.state, 'on-call', nil, th.node, id,
    {'callId', id, 'day', DAY, 'calls', num(calls + 1), 'talk', num(talked)}, true)
  if h then
    wrap_up(a, h, id, conf, talk)
  end
  return 'OK'
end

-- The leader of agent a's team, checked as a consult's colleague (fails no-team-leader, agent-unavailable).
local function team_leader(a)
  local doc = decode(redis.call('GET', P .. ':dir:agent:' .. a))
  local team = doc and nz(doc.team)
  local tdoc = team and decode(redis.call('GET', P .. ':dir:team:' .. team))
  local leader = tdoc and nz(tdoc.leader)
  if not leader then
    fail('no-team-leader', team and ('team ' .. team .. ' has no leader') or ('agent ' .. a .. ' is in no team'))
  end
  if leader == a then
    fail('no-team-leader', 'you lead team ' .. team .. ' yourself')
  end
  if not directory_agent(leader) then
    fail('agent-unavailable', 'team leader ' .. leader .. ' takes no calls (it has no agent role)')
  end
  local th = hgetall(k_agent(leader))
  if not th or th.state ~= 'available' or nz(th.consult) or th.node ~= NODE then
    fail('agent-unavailable', 'team leader ' .. leader .. ' is not available on this node'
      .. ' (' .. ((th and nz(th.consult) and 'in a consult') or (th and th.state) or 'offline') .. ')')
  end
  return leader, th
end

-- The longest idle agent of queue q (see the header) other than a, or fails (unknown-queue, agent-unavailable).
local function queue_agent(a, q)
  local conf = known_queue_conf(q)
  local best, bestH, bestSince
  for _, m in ipairs(redis.call('ZRANGE', k_idle(q), 0, SCAN_AGENTS - 1)) do
    local h = m ~= a and hgetall(k_agent(m))
    local since = h and tonumber(h.idleSince) or NOW
    if h and h.state == 'available' and not nz(h.consult) and h.node == NODE
        and eligible(agent_profile(h), conf.skills, conf.language) and (not best or since < bestSince) then
      best, bestH, bestSince = m, h, since
    end
  end
  if not best then
    fail('agent-unavailable', 'no agent of queue ' .. q .. ' is available on this node')
  end
  return best, bestH
end

return run(function()
  local a, id, ta, op = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
  if op == 'complete' then
    return complete(a, id, ta, ARGV[12])
  end
  if op == 'release' or op == 'decline' then
    local th = hgetall(k_agent(ta))
    if th and th.consult == id then
      if op == 'decline' then
        local c = hgetall(k_call(id))
        event('call.consult.declined', {'callId', id, 'agentId', a, 'queue', c and nz(c.queue) or '', 'to', ta,
          'reason', ARGV[12], 'region', c and nz(c.region) or ''})
      end
      redis.call('HDEL', k_agent(ta), 'consult')
      th.consult = nil
      if th.state == 'available' then
        go_available(ta, th, tonumber(th.idleSince) or NOW, th.reason)
      end
    end
    return 'OK'
  end
  if op ~= 'reserve' then
    fail('invalid-argument', 'op must be reserve, release, decline or complete')
  end
  local leader, q = ARGV[12] == 'leader', ARGV[13]
  if (ta ~= '' and 1 or 0) + (leader and 1 or 0) + (q ~= '' and 1 or 0) ~= 1 then
    fail('invalid-argument', 'agentId: give exactly one of agentId, teamLeader or queueId')
  end
  connected_call(a, id)
  local th
  if leader then
    ta, th = team_leader(a)
  elseif q ~= '' then
    ta, th = queue_agent(a, q)
  else
    th = target_agent(a, ta, 'agentId: an agent cannot consult itself')
  end
  remove_idle(ta, agent_queues(th))
  redis.call('HSET', k_agent(ta), 'consult', id)
  return ta
end)
