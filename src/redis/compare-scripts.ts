/**
 * The atomic compare-and-set and compare-and-delete of a stored value, as Lua scripts. They
 * compare digests (see seal.ts), so they work on encrypted values whose bytes differ on every
 * write. ARGV[1] is the expected digest; '' expects nothing stored.
 */
import { script } from "./connection.js";

// Stored values start with their digest and a dot (see seal.ts); '' expects nothing stored.
const sameDigest = "local v = redis.call('GET', KEYS[1]) local d = ARGV[1] .. '.'";
export const compareAndSetScript = script(
  `${sameDigest}
  if ARGV[1] == '' then if v then return 0 end
  elseif not v or string.sub(v, 1, #d) ~= d then return 0 end
  redis.call('SET', KEYS[1], ARGV[2]) return 1`,
);
export const compareAndDeleteScript = script(
  `${sameDigest}
  if v and string.sub(v, 1, #d) == d then redis.call('DEL', KEYS[1]) return 1 end return 0`,
);
