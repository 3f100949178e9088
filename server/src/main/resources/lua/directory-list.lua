-- One page of directory objects in id order.
-- KEYS[1] sb:{t}   ARGV[1] kind   ARGV[2] start after this id ('' = from the first)   ARGV[3] page size
-- Returns {next, json, json, ...}: next is the id to continue after, or '' on the last page
local p = KEYS[1]
local kind, after, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local min = '-'
if after ~= '' then
  min = '(' .. after
end
local ids = redis.call('ZRANGEBYLEX', p .. ':dir:' .. kind, min, '+', 'LIMIT', 0, limit + 1)
local out = {''}
if #ids > limit then
  out[1] = ids[limit]
end
for i = 1, math.min(limit, #ids) do
  local doc = redis.call('GET', p .. ':dir:' .. kind .. ':' .. ids[i])
  if doc then
    out[#out + 1] = doc
  end
end
return out
