-- A predictive campaign's call that was being dialed ended unanswered (busy, no-answer, invalid-number, rejected,
-- trunk-failure, do-not-call): over, with its outcome kept for the pacer (cbOutcome). ARGV[8..9] = callId, outcome;
-- ARGV[10] = the dial planner's code when the number was refused before anything was sent (dial.DialRefused:
-- blocked-number, not-allowed-number, ...), kept for the pacer's not-dialed reasons; '' or absent: it was dialed.
-- Reply: "OK", or "BUSY" when it was not being dialed any more (left alone).
return run(function()
  local id, outcome = ARGV[8], ARGV[9]
  local c = hgetall(k_call(id))
  if not c or not nz(c.campaign) then
    fail('unknown-call', 'no campaign call ' .. id)
  end
  if c.state ~= 'dialing' then
    return 'BUSY'
  end
  redis.call('HSET', k_call(id), 'state', 'ended', 'endedAt', num(NOW), 'outcome', outcome, 'cbOutcome', outcome)
  if nz(ARGV[10]) then
    redis.call('HSET', k_call(id), 'refused', ARGV[10])
  end
  redis.call('EXPIRE', k_call(id), CALL_TTL_SECONDS)
  return 'OK'
end)
