-- An agent's document and password hash, looked up by username or id, read atomically for login.
-- KEYS[1] sb:{t}   ARGV[1] 'username' | 'id'   ARGV[2] the value
-- Returns {} when there is no such agent, else {json, hash or ''}
local p = KEYS[1]
local id = ARGV[2]
if ARGV[1] == 'username' then
  id = redis.call('GET', p .. ':dir:username:' .. ARGV[2])
  if not id then
    return {}
  end
end
local doc = redis.call('GET', p .. ':dir:agent:' .. id)
if not doc then
  return {}
end
return {doc, redis.call('HGET', p .. ':cred:' .. id, 'hash') or ''}
