-- A supervisor started, changed or ended monitoring a call (written by the call's node:
-- io.switchboard.call.CallMonitors): the event goes to the tenant's stream, so the store of record's interaction
-- timeline shows it. Nothing else is read or written.
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
  event(kind, {'callId', id, 'agentId', a, 'queue', q, 'supervisorId', sup, 'mode', mode})
  return 'OK'
end)
