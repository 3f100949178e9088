-- What a waiting call's wait estimate is computed from (io.switchboard.acd.WaitEstimate holds the formula).
-- ARGV[8..9] = queue, callId. Reply "<position> <staffed> <handleMs>": the call's 1-based place among the queue's
-- waiting calls (0: not waiting there), the agents staffed for the queue (available, reserved, on a call or in
-- wrap-up; not away) and the queue's recent handle time in ms (empty before any wrap-up ended). Reads only: a
-- ZRANK, an SCARD and an HGET, no JSON.
return run(function()
  local q, id = ARGV[8], ARGV[9]
  local rank = redis.call('ZRANK', k_waiting(q), id)
  local handle = redis.call('HGET', K_HANDLE, q)
  return num(rank and rank + 1 or 0) .. ' ' .. num(redis.call('SCARD', k_staffed(q))) .. ' ' .. (handle or '')
end)
