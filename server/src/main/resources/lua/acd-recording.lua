-- A recording of a call changed (written by the call's node: io.switchboard.call.CallRecordings): the event goes to
-- the tenant's stream, so the store of record's interaction timeline shows it. Nothing else is read or written.
-- ARGV[8..12] = type (recording.started|paused|resumed|stopped|failed), callId, agentId, queue (may be empty),
-- recordingId. Reply: "OK".
return run(function()
  local kind, id, a, q, rec = ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]
  if kind ~= 'recording.started' and kind ~= 'recording.paused' and kind ~= 'recording.resumed'
      and kind ~= 'recording.stopped' and kind ~= 'recording.failed' then
    fail('invalid-argument', 'not a recording event: ' .. tostring(kind))
  end
  event(kind, {'callId', id, 'agentId', a, 'queue', q, 'recordingId', rec})
  return 'OK'
end)
