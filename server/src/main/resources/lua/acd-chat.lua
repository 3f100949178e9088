-- Chats as work items of the ACD (docs/chat.md, "Routing"). A chat waits in its chat queue's set
-- (sb:{t}:acd:q:<queue>:chats, scored by queue priority then arrival) and is offered to a staffed agent of the
-- queue (k_staffed: signed in, not away, with the queue's skills and language) with room for one more chat:
-- the agent's chats (sb:{t}:acd:agent:<a>:chats: offered and accepted) are fewer than its chatCapacity while no
-- call holds it, and fewer than its chatsDuringCall while one does (reserved, on a call, in wrap-up); each count is
-- the agent's own, else its team's, else the node's default (ARGV). Among those
-- the agent with the fewest chats wins, then the one offered a chat longest ago. The voice side (acd-lib's
-- chat_blocks_calls) offers no call to an agent with more chats than its chatsDuringCall, so chatCapacity 3 and
-- chatsDuringCall 0 mean "1 call, or up to 3 chats", and chatsDuringCall 1 "1 call and 1 chat".
-- E-mail conversations (items whose channel is 'email': enqueued first in an e-mail queue; docs/email.md) are
-- counted apart, in sb:{t}:acd:agent:<a>:emails, against emailCapacity and emailsDuringCall (agent, team, node
-- default as above): an agent full of chats may still take an e-mail and the other way round; the call side
-- likewise offers no call to an agent holding more e-mails than its emailsDuringCall.
-- Offers, no answer (the queue's noAnswerSeconds) and requeue are those of calls; one script decides each offer,
-- so a chat is never offered to two agents at once. Events carry chatId (never callId: a chat's interaction row
-- is the chat store's, not the projection's).
--
-- ARGV[8] = op, ARGV[9] = default chatCapacity, ARGV[10] = default chatsDuringCall, ARGV[11] = default
-- emailCapacity, ARGV[12] = default emailsDuringCall (switchboard-reference.conf chat.capacity / chat.during-call /
-- email.capacity / email.during-call), ARGV[13..] the op's arguments:
--   enqueue  chatId queue customerName      → "WAITING" or "RESERVED <agent>"  (again: where it is; moves queue)
--   accept   chatId agent                   → "CONNECTED <agent>"   (not-offered when not reserved for it)
--   reject   chatId agent                   → "WAITING" or "RESERVED <other>"
--   transfer chatId agent queue toAgent     → as enqueue; to a queue (toAgent '') or an agent (queue ''), who
--                                             must have room now (else unavailable, nothing changes)
--   end      chatId                         → "ENDED" (the agent's slot is free; waiting chats fill it)
--   sweep                                   → "<n>": offers past their deadline requeued, waiting chats routed
--   held     agent                          → JSON {"chats": [{chatId, queue, state (reserved | connected),
--                                             customerName, deadline, enqueuedAt}]} oldest first; changes nothing
local op = ARGV[8]
local DEF = {chat = {cap = tonumber(ARGV[9]), during = tonumber(ARGV[10])},
  email = {cap = tonumber(ARGV[11]), during = tonumber(ARGV[12])}}
-- The directory fields of each channel's counts, and the agent hash field chat_blocks_calls reads.
local FIELDS = {chat = {cap = 'chatCapacity', during = 'chatsDuringCall'},
  email = {cap = 'emailCapacity', during = 'emailsDuringCall'}}
local CHANNELS = {'chat', 'email'}
local HEAD_SCAN = 20  -- how far into a queue refill looks for an item of a channel the agent has room for

local function k_chat(id) return P .. ':acd:chat:' .. id end
local function k_chatq(q) return P .. ':acd:q:' .. q .. ':chats' end
local K_CHAT_RES = P .. ':acd:chat-reservations'
local K_CHAT_QUEUES = P .. ':acd:chat-queues'  -- queues with waiting chats (for the sweep)
local CHAT_TTL = 86400

-- An item's channel (hash c): 'email' for an e-mail conversation, else 'chat'.
local function channel_of(c)
  return (c and c.channel == 'email') and 'email' or 'chat'
end

local function item_channel(id)
  return channel_of({channel = redis.call('HGET', k_chat(id), 'channel')})
end

-- The queue's directory document when it is a chat queue, and its channel; fails otherwise.
local function chat_queue(q)
  local conf, err = queue_conf(q)
  if not conf then
    fail(err == 'unknown' and 'unknown-queue' or 'invalid-argument',
      err == 'unknown' and 'queue ' .. q .. ' does not exist' or err)
  end
  local doc = decode(redis.call('GET', P .. ':dir:queue:' .. q))
  if doc.channel ~= 'chat' and doc.channel ~= 'email' then  -- an e-mail is routed as a chat (docs/email.md)
    fail('invalid-argument', 'queue ' .. q .. ' is not a chat queue (its channel is ' .. tostring(doc.channel) .. ')')
  end
  return conf, doc.channel
end

-- The agent's own count when set, else its team's, else the reference config's default (dflt).
local function count(doc, team, field, dflt)
  if is_int(doc[field], 0, 20) then
    return doc[field]
  elseif is_int(team[field], 0, 20) then
    return team[field]
  end
  return dflt
end

-- How many items of channel ch agent a may hold now (0: none), from its directory document (then its team's) and
-- voice state.
local cap_cache = {}
local function capacity(a, state, ch)
  local all = cap_cache[a]
  if not all then
    local doc = decode(redis.call('GET', P .. ':dir:agent:' .. a)) or {}
    local team = {}
    if type(doc.team) == 'string' and doc.team ~= '' then
      team = decode(redis.call('GET', P .. ':dir:team:' .. doc.team)) or {}
    end
    all = {}
    for _, x in ipairs(CHANNELS) do
      local f = FIELDS[x]
      all[x] = {cap = count(doc, team, f.cap, DEF[x].cap), during = count(doc, team, f.during, DEF[x].during)}
      redis.call('HSET', k_agent(a), f.during, num(all[x].during))  -- read by chat_blocks_calls
    end
    cap_cache[a] = all
  end
  local c = all[ch]
  if state == 'available' then
    return c.cap
  elseif state == 'reserved' or state == 'on-call' or state == 'wrap-up' then
    return math.min(c.during, c.cap)
  end
  return 0
end

-- The agent of queue q (conf) with room for one more item of channel ch, fewest of them first, then the one offered
-- a chat longest ago.
local function pick_agent(q, conf, exclude, ch)
  local best, bestN, bestAt
  for _, a in ipairs(redis.call('SMEMBERS', k_staffed(q))) do
    if a ~= exclude then
      local h = redis.call('HMGET', k_agent(a), 'state', 'lastChatAt')
      local n = redis.call('SCARD', k_agent_items(a, ch))
      local at = tonumber(h[2]) or 0
      if n < capacity(a, h[1], ch) and (not best or n < bestN or (n == bestN and at < bestAt)) then
        best, bestN, bestAt = a, n, at
      end
    end
  end
  return best
end

local function reserve_chat(id, q, conf, a, name)
  local deadline = NOW + conf.noAnswer * 1000
  redis.call('HSET', k_chat(id), 'state', 'reserved', 'agent', a, 'queue', q, 'deadline', num(deadline))
  redis.call('ZREM', k_chatq(q), id)
  redis.call('SADD', k_agent_items(a, item_channel(id)), id)
  redis.call('HSET', k_agent(a), 'lastChatAt', num(NOW))
  redis.call('ZADD', K_CHAT_RES, num(deadline), id)
  event('chat.reserved', {'chatId', id, 'agentId', a, 'queue', q, 'deadline', num(deadline)})
  publish(redis.call('HGET', k_agent(a), 'node'), a, {type = 'chat.offered', chatId = id, queue = q,
    customerName = nz(name), deadline = deadline, enqueuedAt = tonumber(redis.call('HGET', k_chat(id), 'enqueuedAt'))})
  return 'RESERVED ' .. a
end

-- The chat (channel ch) waits in q (its arrival kept when it already waited) and is offered at once when an agent
-- has room.
local function wait_in(id, q, conf, name, exclude, ch)
  local at = tonumber(redis.call('HGET', k_chat(id), 'enqueuedAt')) or NOW
  redis.call('HSET', k_chat(id), 'state', 'waiting', 'agent', '', 'queue', q, 'enqueuedAt', num(at),
    'customerName', name or '', 'channel', ch)
  redis.call('HDEL', k_chat(id), 'deadline')
  redis.call('PERSIST', k_chat(id))
  event('chat.queued', {'chatId', id, 'queue', q})
  local a = pick_agent(q, conf, exclude, ch)
  if a then
    return reserve_chat(id, q, conf, a, name)
  end
  redis.call('ZADD', k_chatq(q), num((100 - conf.priority) * 1e13 + at), id)
  redis.call('SADD', K_CHAT_QUEUES, q)
  return 'WAITING'
end

-- Takes chat id (hash c) away from where it is now: its waiting set, or its agent's slots.
local function detach(id, c)
  if c.state == 'waiting' then
    redis.call('ZREM', k_chatq(c.queue), id)
  elseif nz(c.agent) then
    redis.call('SREM', k_agent_items(c.agent, channel_of(c)), id)
    redis.call('ZREM', K_CHAT_RES, id)
  end
end

-- Agent a (hash h), available, may take calls again: the best waiting call (or case) it fits is offered to it, as
-- go_available does, without touching its state otherwise (it stays available when nothing waits).
local function offer_call(a, h)
  local p = agent_profile(h)
  local queues = eligible_queues(p)
  local id, q, conf, c = best_call_for(p, queues)
  if not id then
    id, q, conf, c = best_case_for(queues)
  end
  if id then
    reserve(id, q, conf, c, a, p, true, true)
  end
end

-- The oldest item of channel ch among the first HEAD_SCAN waiting in q (a queue holds another channel's items only
-- after transfers): its id and score, or nil.
local function head_of(q, ch)
  local entries = redis.call('ZRANGE', k_chatq(q), 0, HEAD_SCAN - 1, 'WITHSCORES')
  for i = 1, #entries, 2 do
    if item_channel(entries[i]) == ch then
      return entries[i], tonumber(entries[i + 1])
    end
  end
  return nil
end

-- Agent a has room again: the oldest waiting chats and e-mails of its queues fill it, each up to its own count;
-- with none left, calls may come.
local function refill(a)
  local h = hgetall(k_agent(a))
  if not h then
    return
  end
  local queues = {}
  for q in string.gmatch(h.staffedIn or '', '[^ ]+') do
    queues[#queues + 1] = q
  end
  for _, ch in ipairs(CHANNELS) do
    while redis.call('SCARD', k_agent_items(a, ch)) < capacity(a, h.state, ch) do
      local bestId, bestQ, bestScore
      for _, q in ipairs(queues) do
        local id, score = head_of(q, ch)
        if id and (not bestScore or score < bestScore) then
          bestId, bestQ, bestScore = id, q, score
        end
      end
      if not bestId then
        break
      end
      reserve_chat(bestId, bestQ, queue_conf_or_default(bestQ), a,
        redis.call('HGET', k_chat(bestId), 'customerName'))
    end
  end
  if h.state == 'available' and not chat_blocks_calls(a) then
    offer_call(a, h)  -- a call may have waited while its chats kept it from calls
  end
end

local function where(id)
  local c = hgetall(k_chat(id))
  if not c then
    return 'ENDED'
  end
  if c.state == 'waiting' then
    return 'WAITING'
  end
  return string.upper(c.state) .. ' ' .. c.agent
end

local function owned(id, a)
  local c = hgetall(k_chat(id))
  if not c or c.agent ~= a then
    fail('not-offered', 'chat ' .. id .. ' is not offered to or worked on by ' .. a)
  end
  return c
end

return run(function()
  for _, ch in ipairs(CHANNELS) do
    if not is_int(DEF[ch].cap, 0, 20) or not is_int(DEF[ch].during, 0, 20) then
      fail('invalid-argument', 'default ' .. ch .. ' capacity must be 0..20')
    end
  end
  if op == 'enqueue' then
    local id, q, name = ARGV[13], ARGV[14], ARGV[15]
    local conf, qch = chat_queue(q)
    local c = hgetall(k_chat(id))
    if c and c.queue == q then
      return where(id)
    end
    if c then
      detach(id, c)
    end
    -- an item keeps the channel it first arrived with (an e-mail moved to a chat queue is still an e-mail)
    return wait_in(id, q, conf, name, nil, c and channel_of(c) or (qch == 'email' and 'email' or 'chat'))
  elseif op == 'accept' then
    local id, a = ARGV[13], ARGV[14]
    local c = owned(id, a)
    if c.state == 'reserved' then
      redis.call('HSET', k_chat(id), 'state', 'connected', 'answeredAt', num(NOW))
      redis.call('HDEL', k_chat(id), 'deadline')
      redis.call('ZREM', K_CHAT_RES, id)
      event('chat.accepted', {'chatId', id, 'agentId', a, 'queue', c.queue})
    end
    return where(id)
  elseif op == 'reject' then
    local id, a = ARGV[13], ARGV[14]
    local c = owned(id, a)
    if c.state ~= 'reserved' then
      fail('not-offered', 'chat ' .. id .. ' is not offered to ' .. a)
    end
    detach(id, c)
    event('chat.rejected', {'chatId', id, 'agentId', a, 'queue', c.queue})
    local res = wait_in(id, c.queue, queue_conf_or_default(c.queue), c.customerName, a, channel_of(c))
    refill(a)
    return res
  elseif op == 'transfer' then
    local id, a, q, ta = ARGV[13], ARGV[14], ARGV[15], ARGV[16]
    local c = owned(id, a)
    if c.state ~= 'connected' then
      fail('not-offered', 'chat ' .. id .. ' is not worked on by ' .. a)
    end
    if (q == '') == (ta == '') then
      fail('invalid-argument', 'a transfer names a queue or an agent')
    end
    local res
    if q ~= '' then
      local conf = chat_queue(q)
      detach(id, c)
      event('chat.transferred', {'chatId', id, 'agentId', a, 'queue', q})
      res = wait_in(id, q, conf, c.customerName, a, channel_of(c))
    else
      local th = hgetall(k_agent(ta))
      local ch = channel_of(c)
      if ta == a or not th or redis.call('SCARD', k_agent_items(ta, ch)) >= capacity(ta, th.state, ch) then
        fail('unavailable', 'agent ' .. ta .. ' cannot take a chat now')
      end
      detach(id, c)
      event('chat.transferred', {'chatId', id, 'agentId', a, 'toAgent', ta, 'queue', c.queue})
      res = reserve_chat(id, c.queue, queue_conf_or_default(c.queue), ta, c.customerName)
    end
    refill(a)
    return res
  elseif op == 'end' then
    local id = ARGV[13]
    local c = hgetall(k_chat(id))
    if not c then
      return 'ENDED'
    end
    detach(id, c)
    redis.call('DEL', k_chat(id))
    event('chat.ended', {'chatId', id, 'agentId', nz(c.agent), 'queue', c.queue})
    if nz(c.agent) then
      if c.state == 'reserved' then
        publish(redis.call('HGET', k_agent(c.agent), 'node'), c.agent, {type = 'chat.revoked', chatId = id,
          reason = 'ended'})
      end
      refill(c.agent)
    end
    return 'ENDED'
  elseif op == 'held' then
    local a, out = ARGV[13], {}
    for _, ch in ipairs(CHANNELS) do
      for _, id in ipairs(redis.call('SMEMBERS', k_agent_items(a, ch))) do
        local c = hgetall(k_chat(id))
        if c and c.agent == a then
          out[#out + 1] = {chatId = id, queue = c.queue, state = c.state, customerName = c.customerName or '',
            deadline = tonumber(c.deadline) or 0, enqueuedAt = tonumber(c.enqueuedAt) or 0}
        end
      end
    end
    table.sort(out, function(x, y) return x.enqueuedAt < y.enqueuedAt or (x.enqueuedAt == y.enqueuedAt and x.chatId < y.chatId) end)
    return cjson.encode({chats = out})
  elseif op == 'sweep' then
    local n = 0
    for _, id in ipairs(redis.call('ZRANGEBYSCORE', K_CHAT_RES, '-inf', num(NOW), 'LIMIT', 0, SWEEP_BATCH)) do
      local c = hgetall(k_chat(id))
      redis.call('ZREM', K_CHAT_RES, id)
      if c and c.state == 'reserved' then
        detach(id, c)
        event('chat.no-answer', {'chatId', id, 'agentId', c.agent, 'queue', c.queue})
        publish(redis.call('HGET', k_agent(c.agent), 'node'), c.agent, {type = 'chat.revoked', chatId = id,
          reason = 'no-answer'})
        wait_in(id, c.queue, queue_conf_or_default(c.queue), c.customerName, c.agent, channel_of(c))
        n = n + 1
      end
    end
    for _, q in ipairs(redis.call('SMEMBERS', K_CHAT_QUEUES)) do
      local conf = queue_conf_or_default(q)
      local heads = redis.call('ZRANGE', k_chatq(q), 0, SWEEP_BATCH - 1)
      if #heads == 0 then
        redis.call('SREM', K_CHAT_QUEUES, q)
      end
      local full = {}  -- channels no agent of q has room for now
      for _, id in ipairs(heads) do
        local ch = item_channel(id)
        local a = not full[ch] and pick_agent(q, conf, nil, ch)
        if a then
          reserve_chat(id, q, conf, a, redis.call('HGET', k_chat(id), 'customerName'))
          n = n + 1
        else
          full[ch] = true
          if full.chat and full.email then
            break
          end
        end
      end
    end
    return tostring(n)
  end
  fail('invalid-argument', 'unknown chat op ' .. tostring(op))
end)
