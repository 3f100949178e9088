-- Call ARGV[9] ended: the calling node gives back its slot of trunk ARGV[8]. Nothing to give back is no error
-- (released twice, or already given back by the node's own restart or a survivor after it was taken for dead).
return run(function()
  drop_trunk_slot(ARGV[9], ARGV[8], NODE)
  return 'OK'
end)
