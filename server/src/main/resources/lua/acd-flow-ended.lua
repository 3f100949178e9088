-- A call ended in its number's flow, before any queue (a hang-up node, or the caller hung up mid-flow): the ACD never
-- held it, so this only records it, for its interaction: event call.flow-ended. Nothing else is written.
-- ARGV[8..14] = callId, caller, language, region, node, flow path, by (flow | caller | failure)
-- Reply: 'OK'
return run(function()
  local id, caller, lang, region, node, path, by = ARGV[8], ARGV[9], string.lower(ARGV[10]), ARGV[11], ARGV[12],
    ARGV[13], ARGV[14]
  event('call.flow-ended', {'callId', id, 'state', 'flow-ended', 'caller', caller, 'language', lang,
    'region', region, 'flow', path, 'by', by})
  return 'OK'
end)
