-- The waiting caller asked to be called back and confirmed the number (by its node, before the node hangs up): the
-- call becomes a virtual call that keeps its place (same waiting-set score, priority and enqueuedAt). It has no SIP
-- leg any more, so it leaves its node (field node emptied, out of the node's set): node loss and reconciliation of
-- that node no longer concern it, and whichever node holds the socket of the agent it is offered to dials the number
-- when that agent accepts (acd-accept.lua). call.offered then carries callback = the number.
-- ARGV[8..11] = callId, number (E.164), attempts (1..10), retry delay in ms (1000..86400000)
-- Reply: "OK" (virtual now); "BUSY" when an agent was reserved for (or connected to) the call meanwhile: nothing
-- changes, the node keeps the caller on the line.
return run(function()
  local id, number, attempts, retryMs = ARGV[8], ARGV[9], tonumber(ARGV[10]), tonumber(ARGV[11])
  e164_arg(number, 'number')
  if not is_int(attempts, 1, 10) then
    fail('invalid-argument', 'attempts must be an integer from 1 to 10')
  end
  if not is_int(retryMs, 1000, 86400000) then
    fail('invalid-argument', 'retry delay must be an integer from 1000 to 86400000 ms')
  end
  local c = hgetall(k_call(id))
  if not c then
    fail('unknown-call', 'call ' .. id .. ' does not exist')
  end
  if c.state == 'reserved' or c.state == 'connected' then
    return 'BUSY'
  end
  if c.state == 'waiting' and c.callback == number then
    return 'OK'  -- this request again (its reply was lost): done already
  end
  if c.state ~= 'waiting' or nz(c.callback) then
    fail('invalid-transition', 'call ' .. id .. ' is ' .. c.state .. (nz(c.callback) and ', a callback already' or ''))
  end
  forget_node_call(id, c.node)
  redis.call('HSET', k_call(id), 'callback', number, 'cbAttempts', num(attempts), 'cbRetryMs', num(retryMs),
    'cbAttempt', '0', 'node', '')
  event('call.callback-requested', {'callId', id, 'queue', c.queue, 'state', 'waiting', 'number', number,
    'attempts', num(attempts), 'from', c.node, 'region', c.region})
  return 'OK'
end)
