-- The agent asks for a state: available, away (with a reason) or offline.
-- ARGV[8..11] = agentId, target, reason ('' with away: the tenant's first away reason), nodeId (the node holding the
-- agent's socket)
-- Reply: the agent's status as JSON (see agent_reply).
local function load_directory_agent(a)
  local raw = redis.call('GET', P .. ':dir:agent:' .. a)
  if not raw then
    fail('unknown-agent', 'agent ' .. a .. ' does not exist')
  end
  local doc = decode(raw)
  if not doc then
    fail('invalid-argument', 'agent ' .. a .. ': directory document is not a JSON object')
  end
  local isAgent = false
  for _, r in ipairs(string_list(doc.roles)) do
    if r == 'agent' then
      isAgent = true
    end
  end
  if not isAgent then
    fail('not-an-agent', 'user ' .. a .. ' does not have the agent role')
  end
  if doc.enabled == false then
    fail('not-an-agent', 'agent ' .. a .. ' is disabled')
  end
  local skills, err = check_skills(doc.skills, 'agent ' .. a .. ' skills')
  if not skills then
    fail('invalid-argument', err)
  end
  local langs = {}
  for _, l in ipairs(string_list(doc.languages)) do
    langs[#langs + 1] = string.lower(l)
  end
  return {
    skills = cjson.encode(skills), languages = json_list(langs), queues = string_list(doc.queues),
    region = type(doc.region) == 'string' and doc.region or '', team = type(doc.team) == 'string' and doc.team or '',
    name = type(doc.displayName) == 'string' and doc.displayName
      or (type(doc.username) == 'string' and doc.username) or '',
  }
end

-- The reasons a tenant without away-reason directory objects offers (docs/protocol.md, state.set).
local BUILT_IN_REASONS = {'break', 'lunch', 'meeting', 'training'}

-- The away reason an agent asked for, checked against the tenant's list: its away-reason directory objects, else
-- the built-in ones. '' (none given) is the list's first. Fails with bad-reason naming the allowed ones.
local function away_reason(reason)
  local index = P .. ':dir:away-reason'
  local custom = redis.call('ZRANGEBYLEX', index, '-', '+', 'LIMIT', 0, 21)
  local allowed = #custom > 0 and custom or BUILT_IN_REASONS
  if reason == '' then
    return allowed[1]
  end
  for _, r in ipairs(allowed) do
    if r == reason then
      return reason
    end
  end
  -- more than 21 custom reasons: the list above is only the start of it
  if #custom > 0 and redis.call('EXISTS', index .. ':' .. reason) == 1 then
    return reason
  end
  local names = {}
  for i = 1, math.min(#allowed, 20) do
    names[i] = allowed[i]
  end
  fail('bad-reason', "'" .. reason .. "' is not one of this tenant's away reasons ("
    .. table.concat(names, ', ') .. (#allowed > 20 and ', ...' or '') .. ')')
end

return run(function()
  local a, target, reason, node = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
  local key = k_agent(a)
  if target ~= 'available' and target ~= 'away' and target ~= 'offline' then
    fail('invalid-argument', 'state must be available, away or offline')
  end
  if target ~= 'away' then
    reason = ''
  else
    reason = away_reason(reason)
  end
  local h = hgetall(key) or {}
  local cur = h.state or 'offline'
  if cur == 'reserved' or cur == 'on-call' then
    fail('invalid-transition', 'agent ' .. a .. ' is ' .. cur .. ' and cannot go ' .. target)
  end

  if cur == 'wrap-up' then
    -- remembered until wrap-up ends; available simply cancels an earlier request
    if target == 'available' then
      redis.call('HDEL', key, 'pending', 'pendingReason')
    else
      redis.call('HSET', key, 'pending', target, 'pendingReason', reason)
    end
    return agent_reply(a, hgetall(key))
  end

  if target == 'available' or (target == 'away' and cur == 'offline') then
    local doc = load_directory_agent(a)  -- validates: may fail, so before any write
    if cur == 'available' then
      remove_idle(a, agent_queues(h))
    end
    h.skills, h.languages, h.queues = doc.skills, doc.languages, json_list(doc.queues)
    h.region, h.team, h.node = doc.region, doc.team, node
    local snapshot = {'skills', h.skills, 'languages', h.languages, 'queues', h.queues, 'region', h.region,
      'team', h.team, 'name', doc.name, 'node', node}
    if target == 'available' then
      local idleSince = NOW
      if cur == 'available' and tonumber(h.idleSince) then
        idleSince = tonumber(h.idleSince)  -- refreshing keeps the agent's place
      end
      local callId = go_available(a, h, idleSince, nil, snapshot)
      -- the reply from what was just written (saves reading it back)
      if callId then
        return agent_reply(a, {state = 'reserved', since = NOW, callId = callId})
      end
      return agent_reply(a, {state = 'available', since = NOW})
    end
    redis.call('HSET', key, unpack(snapshot))
    set_state(a, h.state, 'away', reason, node, nil)
  elseif target == 'away' then
    if cur == 'available' then
      remove_idle(a, agent_queues(h))
    end
    redis.call('HSET', key, 'node', node)
    set_state(a, cur, 'away', reason, node, nil)
  else
    if not h.state then
      if redis.call('EXISTS', P .. ':dir:agent:' .. a) == 0 then
        fail('unknown-agent', 'agent ' .. a .. ' does not exist')
      end
      return agent_reply(a, nil)
    end
    if cur == 'available' then
      remove_idle(a, agent_queues(h))
    end
    set_state(a, cur, 'offline', nil, h.node, nil)
  end
  local r = redis.call('HMGET', key, 'state', 'reason', 'since', 'callId')
  return agent_reply(a, {state = r[1], reason = r[2], since = r[3], callId = r[4]})
end)
