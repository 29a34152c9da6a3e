/**
 * Redis Lua scripts for admission and settlement. Each runs atomically, so N gateway instances
 * sharing one Redis together admit no more than each limit. Time comes from Redis (TIME), not
 * from the instances, so clock skew between gateways does not matter.
 *
 * The per-rule values travel as one JSON array in one ARGV string, decoded by Redis's built-in cjson:
 * a gateway sends 10+ rules per request, and one argument instead of 50 spares the client most of
 * its per-argument encoding work (ioredis builds each command's RESP text argument by argument),
 * while decoding in C costs Redis no more than receiving 50 arguments (splitting a plain string in
 * Lua cost it 15 % more). Every key is still its own KEYS entry, so Redis Cluster can route the call.
 */

/**
 * admit: optionally GETs the exact-cache entry (KEYS[n + 1] when ARGV[3] is 1); on a hit only the
 * rules marked "counts on hit" apply. Checks every applicable rule first, writes only if all pass.
 * ARGV: [requestId, ruleCount, cacheFlag, values], values a JSON array of 5 per rule: kind, a, b, c, countsOnHit (0/1).
 * Returns {allowed, deniedIndex, retryAfterMs, cachedValue|false, (remaining, resetMs)*n}.
 * budget: (limit, reserve, ttl); a negative limit is a soft budget: never refused, nothing reserved.
 */
export const ADMIT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local req = ARGV[1]
local n = tonumber(ARGV[2])
local spec = cjson.decode(ARGV[4])
local cached = false
if ARGV[3] == '1' then cached = redis.call('GET', KEYS[n + 1]) end
local plan = {}
local result = {1, 0, 0, cached}
for i = 1, n do
  local base = (i - 1) * 5
  local kind = spec[base + 1]
  local a, b, c = spec[base + 2], spec[base + 3], spec[base + 4]
  local key = KEYS[i]
  local ok, retry, remaining, reset = true, 0, 0, 0
  if cached and spec[base + 5] ~= 1 then
    kind = 'skip'
  end
  if kind == 'skip' then
    remaining = -1
  elseif kind == 'rate' then
    local limit, window, cost = a, b, c
    local interval = window / limit
    local tat = tonumber(redis.call('GET', key) or '0')
    if tat < now then tat = now end
    local new_tat = tat + cost * interval
    if cost > limit then
      ok, retry = false, -1
      remaining = math.max(0, math.floor((window - (tat - now)) / interval))
      reset = math.ceil(tat - now)
    elseif new_tat - window > now then
      ok, retry = false, math.ceil(new_tat - window - now)
      remaining = math.max(0, math.floor((window - (tat - now)) / interval))
      reset = math.ceil(tat - now)
    else
      plan[i] = new_tat
      remaining = math.max(0, math.floor((window - (new_tat - now)) / interval))
      reset = math.ceil(new_tat - now)
    end
  elseif kind == 'concurrency' then
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
    local active = redis.call('ZCARD', key)
    if active >= a then
      ok, retry, remaining = false, 1000, 0
    else
      plan[i] = true
      remaining = a - active - 1
    end
  elseif kind == 'budget' then
    local spent = tonumber(redis.call('HGET', key, 'spent') or '0')
    local reserved = tonumber(redis.call('HGET', key, 'reserved') or '0')
    if a >= 0 and spent + reserved + b > a then
      ok, retry, remaining = false, -1, math.max(0, a - spent - reserved)
    elseif a < 0 then
      plan[i] = true
      remaining = -1
    else
      plan[i] = true
      remaining = a - spent - reserved - b
    end
  else
    return redis.error_reply('unknown rule kind ' .. tostring(kind))
  end
  if not ok and result[1] == 1 then
    result[1], result[2], result[3] = 0, i, retry
  end
  result[#result + 1] = remaining
  result[#result + 1] = reset
end
if result[1] == 1 then
  for i = 1, n do
    local base = (i - 1) * 5
    local kind = spec[base + 1]
    local key = KEYS[i]
    if cached and spec[base + 5] ~= 1 then
      kind = 'skip'
    end
    if kind == 'rate' then
      redis.call('SET', key, string.format('%.3f', plan[i]), 'PX', math.max(1, math.ceil(plan[i] - now)) + 1000)
    elseif kind == 'concurrency' then
      local lease = spec[base + 3]
      redis.call('ZADD', key, now + lease, req)
      redis.call('PEXPIRE', key, lease + 1000)
    elseif kind == 'budget' then
      redis.call('HINCRBY', key, 'reserved', spec[base + 3])
      redis.call('PEXPIRE', key, spec[base + 4])
    end
  end
end
return result
`;

/**
 * settle: after the call. rate: (limit, window, tokenDelta) moves the TAT by the estimate error;
 * concurrency: releases the lease; budget: (reserve, actual, ttl) replaces the reservation with the
 * real cost. ARGV: [requestId, ruleCount, values], values a JSON array of 4 per rule: kind, a, b, c.
 * Returns the spent total of each rule (0 for non-budget rules).
 */
export const SETTLE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local req = ARGV[1]
local n = tonumber(ARGV[2])
local spec = cjson.decode(ARGV[3])
local spent = {}
for i = 1, n do
  local base = (i - 1) * 4
  local kind = spec[base + 1]
  local a, b, c = spec[base + 2], spec[base + 3], spec[base + 4]
  local key = KEYS[i]
  spent[i] = 0
  if kind == 'rate' then
    if c ~= 0 then
      local tat = tonumber(redis.call('GET', key) or '0')
      if tat < now then tat = now end
      local new_tat = tat + c * (b / a)
      if new_tat > now then
        redis.call('SET', key, string.format('%.3f', new_tat), 'PX', math.ceil(new_tat - now) + 1000)
      else
        redis.call('DEL', key)
      end
    end
  elseif kind == 'concurrency' then
    redis.call('ZREM', key, req)
  elseif kind == 'budget' then
    if redis.call('HINCRBY', key, 'reserved', 0 - a) < 0 then redis.call('HSET', key, 'reserved', 0) end
    spent[i] = redis.call('HINCRBY', key, 'spent', b)
    redis.call('PEXPIRE', key, c)
  end
end
return spent
`;
