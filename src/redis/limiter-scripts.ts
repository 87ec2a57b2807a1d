/**
 * The shared limiter's Lua scripts. Each runs atomically in Redis and reads Redis's own clock
 * (`TIME`), so the workers' clocks never matter. Times are milliseconds with microsecond
 * fractions, written with `%.3f` because Lua would print a 13-digit number in 14 significant
 * digits only.
 *
 * Keys: `slots` (a sorted set: slot → the time it ended, or its hold deadline while held),
 * `queue` (waiting tickets → arrival order), `alive` (ticket → when it is forgotten unless it
 * asks again), `seq` (the arrival counter), `instances` (limiter → when it last asked).
 */
import { script } from "./connection.js";

const clock = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local function ms(x) return string.format('%.3f', x) end`;

/**
 * ARGV: ticket, instance, wanted, holdMs, ticketTtlMs, then requests and perMs of each window.
 * Returns { granted, now, limiters seen, wait hint }. When nobody waits, free slots go at once.
 * Otherwise the ticket joins the queue, and the ticket at rank r may take the slots every window
 * has free beyond the r tickets ahead of it: first come, first served across processes, and no
 * waiter starves. The hint is a lower bound on the wait: exact when the slot that must leave was
 * released, a whole window when it is still held.
 */
export const acquireScript = script(`${clock}
local slots, queue, alive, seq, instances = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local ticket, instance = ARGV[1], ARGV[2]
local wanted, holdMs, ticketTtl = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local function windows(rank)
  local free, wait = math.huge, 0
  for i = 6, #ARGV, 2 do
    local limit, per = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
    local from = '(' .. ms(now - per)
    local counted = redis.call('ZCOUNT', slots, from, '+inf')
    if limit - counted < free then free = limit - counted end
    local excess = counted + rank + 1 - limit
    if excess > 0 then
      local leaving = redis.call('ZRANGEBYSCORE', slots, from, '+inf', 'WITHSCORES', 'LIMIT', excess - 1, 1)
      local w = per
      if leaving[2] and tonumber(leaving[2]) <= now then w = tonumber(leaving[2]) + per - now end
      if w > wait then wait = w end
    end
  end
  return free, wait
end
local longest = 0
for i = 7, #ARGV, 2 do longest = math.max(longest, tonumber(ARGV[i])) end
redis.call('ZREMRANGEBYSCORE', slots, '-inf', ms(now - longest))
redis.call('ZADD', instances, ms(now), instance)
redis.call('ZREMRANGEBYSCORE', instances, '-inf', ms(now - longest))
local seen = redis.call('ZCARD', instances)
local function grant(count)
  for i = 1, count do redis.call('ZADD', slots, ms(now + holdMs), ticket .. ':' .. i) end
  return {count, math.floor(now), seen, 0}
end
if redis.call('ZCARD', queue) == 0 then
  local free = windows(0)
  if free > 0 then return grant(math.min(wanted, free)) end
end
local gone = redis.call('ZRANGEBYSCORE', alive, '-inf', ms(now))
for i = 1, #gone do redis.call('ZREM', queue, gone[i]) end
redis.call('ZREMRANGEBYSCORE', alive, '-inf', ms(now))
if not redis.call('ZSCORE', queue, ticket) then
  redis.call('ZADD', queue, redis.call('INCR', seq), ticket)
end
redis.call('ZADD', alive, ms(now + ticketTtl), ticket)
local rank = redis.call('ZRANK', queue, ticket)
local free, wait = windows(rank)
if rank < free then
  redis.call('ZREM', queue, ticket)
  redis.call('ZREM', alive, ticket)
  return grant(math.min(wanted, free - rank))
end
return {0, math.floor(now), seen, math.ceil(wait)}`);

/** ARGV: a slot. Ends it now (only lowers its time, and never adds it back). */
export const releaseScript = script(`${clock}
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) > now then redis.call('ZADD', KEYS[1], ms(now), ARGV[1]) end
return 1`);

/** KEYS: slots, queue, alive. ARGV: a ticket, then slots granted to nobody (no request was sent). */
export const leaveScript = script(`
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
for i = 2, #ARGV do redis.call('ZREM', KEYS[1], ARGV[i]) end
return 1`);

/**
 * ARGV: offset (Redis time less this process's clock), then the id and end (a deadline while
 * held) of each slot this process counts: its hand-over after an outage, so that slots used
 * alone still count. A slot already there keeps its time.
 */
export const handOverScript = script(`
local offset = tonumber(ARGV[1])
for i = 2, #ARGV, 2 do
  redis.call('ZADD', KEYS[1], 'NX', string.format('%.3f', tonumber(ARGV[i + 1]) + offset), ARGV[i])
end
return 1`);
