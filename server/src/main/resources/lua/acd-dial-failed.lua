-- An outbound call ended before the called party answered (by the call's node): busy, no-answer, invalid-number,
-- rejected or trunk-failure. The agent goes back to the state it dialed from. Nothing to do when the call is over
-- already (the agent hung up first: acd-hangup.lua ended it as cancelled). A callback's attempt is retried at its
-- place or ends the call (callback_failed; at once for do-not-call, a callback's number listed since it was
-- confirmed). ARGV[8..9] = callId, outcome; ARGV[10] = the dial planner's code when a campaign's number was refused
-- before anything was sent (dial.DialRefused), kept on the call for its pacer; '' or absent: none.
return run(function()
  local id, outcome = ARGV[8], ARGV[9]
  local c = hgetall(k_call(id))
  if c and nz(c.callback) then  -- a callback attempt: retried at its place, or the last one (callback_failed)
    if c.state ~= 'connected' then
      return 'IGNORED'
    end
    if nz(c.answeredAt) then
      fail('invalid-transition', 'call ' .. id .. ' was answered: it ends by hang-up')
    end
    if nz(c.campaign) and nz(ARGV[10]) then
      redis.call('HSET', k_call(id), 'refused', ARGV[10])
    end
    callback_failed(id, c, outcome, 'node')
    return 'OK'
  end
  if not c or c.direction ~= 'outbound' then
    fail('unknown-call', 'no outbound call ' .. id)
  end
  if c.state ~= 'connected' then
    return 'IGNORED'
  end
  if nz(c.answeredAt) then
    fail('invalid-transition', 'call ' .. id .. ' was answered: it ends by hang-up')
  end
  end_dial(id, c, outcome, 'node')
  return 'OK'
end)
