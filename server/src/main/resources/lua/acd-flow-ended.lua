-- A call ended in its number's flow, before any queue (a hang-up node, the caller hung up mid-flow, or the flow
-- transferred it to a number and that call is over): the ACD never held it, so this only records it, for its
-- interaction: event call.flow-ended. Nothing else is written.
-- ARGV[8..14] = callId, caller, language, region, node, flow path, by (flow | caller | failure | transfer)
-- ARGV[15..18] = a transfer's number, trunk, talk ms (answer to end) and who hung up (caller | called); '' without
-- Reply: 'OK'
return run(function()
  local id, caller, lang, region, node, path, by = ARGV[8], ARGV[9], string.lower(ARGV[10]), ARGV[11], ARGV[12],
    ARGV[13], ARGV[14]
  local number, trunk, talk, hungUpBy = ARGV[15] or '', ARGV[16] or '', ARGV[17] or '', ARGV[18] or ''
  event('call.flow-ended', {'callId', id, 'state', 'flow-ended', 'caller', caller, 'language', lang,
    'region', region, 'flow', path, 'by', by, 'transferNumber', number, 'transferTrunk', trunk, 'talkMs', talk,
    'hungUpBy', hungUpBy})
  return 'OK'
end)
