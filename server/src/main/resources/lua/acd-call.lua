-- A call's ACD status. ARGV[8] = callId
return run(function()
  local id = ARGV[8]
  local c = hgetall(k_call(id))
  if not c then
    fail('unknown-call', 'call ' .. id .. ' does not exist')
  end
  return cjson.encode({
    callId = id, queue = c.queue, state = c.state, priority = tonumber(c.priority) or 0,
    enqueuedAt = tonumber(c.enqueuedAt) or 0, agentId = nz(c.agent), node = nz(c.node),
    caller = nz(c.caller), callerName = nz(c.callerName), deadline = tonumber(c.deadline),
    answeredAt = tonumber(c.answeredAt), held = c.held == '1', muted = c.muted == '1', callback = nz(c.callback),
    voicemail = nz(c.voicemail), voicemailMs = tonumber(c.vmMs), callerId = nz(c.cbCallerId),
    preview = nz(c.preview), contactCard = nz(c.contactCard),
    caseId = tonumber(c.caseId), subject = nz(c.caseSubject), casePriority = nz(c.casePriority),
    dueAt = tonumber(c.caseDue),
  })
end)
