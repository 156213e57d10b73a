package dev.wecomsync.redis.internal;

/**
 * The Lua scripts of {@code RedisEventInbox}. An event is a hash with the fields {@code seq},
 * {@code xml}, {@code k1}, {@code k2} (order keys, empty when absent), {@code received},
 * {@code attempts}, {@code error}, {@code due}, {@code token}, {@code until} (lease end; 0 when not
 * leased) and {@code state} ({@code p} pending, {@code x} parked, {@code a} applied); instants are
 * epoch milliseconds. Rows come back as key, xml, k1, k2, received, attempts, error, due, token.
 */
public final class InboxScripts {

    private InboxScripts() {}

    /** KEYS: seq, pending, event; ARGV: xml, k1, k2, received, key. 1 if stored, 0 if the key is known. */
    public static final Script OFFER = Script.of("""
            if redis.call('EXISTS', KEYS[3]) == 1 then
              return 0
            end
            local seq = redis.call('INCR', KEYS[1])
            redis.call('HSET', KEYS[3], 'seq', seq, 'xml', ARGV[1], 'k1', ARGV[2], 'k2', ARGV[3],
              'received', ARGV[4], 'attempts', 0, 'error', '', 'due', ARGV[4], 'token', '', 'until', 0, 'state', 'p')
            redis.call('ZADD', KEYS[2], seq, ARGV[5])
            return 1
            """);

    /**
     * KEYS: pending; ARGV: max, now, lease end, event prefix, window, token base. Leases up to max
     * due, unleased events not behind an earlier pending event with a shared order key.
     */
    public static final Script CLAIM = Script.of("""
            local max = tonumber(ARGV[1])
            local now = tonumber(ARGV[2])
            local taken = {}
            local seen = {}
            local keys = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[5]) - 1)
            for _, key in ipairs(keys) do
              if #taken >= max then break end
              local h = redis.call('HMGET', ARGV[4] .. key, 'k1', 'k2', 'due', 'until', 'attempts', 'xml', 'received', 'error')
              if h[3] then
                local k1, k2 = h[1], h[2]
                local behind = (k1 ~= '' and seen[k1]) or (k2 ~= '' and seen[k2])
                if k1 ~= '' then seen[k1] = true end
                if k2 ~= '' then seen[k2] = true end
                if not behind and tonumber(h[3]) <= now and tonumber(h[4]) <= now then
                  local attempts = tonumber(h[5]) + 1
                  local token = ARGV[6] .. ':' .. (#taken + 1)
                  redis.call('HSET', ARGV[4] .. key, 'token', token, 'until', ARGV[3], 'attempts', attempts)
                  taken[#taken + 1] = {key, h[6], k1, k2, h[7], tostring(attempts), h[8], h[3], token}
                end
              end
            end
            return taken
            """);

    /** KEYS: event; ARGV: token, lease end. */
    public static final Script RENEW = Script.of("""
            if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'state') ~= 'p' then
              return 0
            end
            redis.call('HSET', KEYS[1], 'until', ARGV[2])
            return 1
            """);

    /** KEYS: event, pending, applied; ARGV: token, now, key. */
    public static final Script APPLIED = Script.of("""
            if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'state') ~= 'p' then
              return 0
            end
            redis.call('HSET', KEYS[1], 'state', 'a', 'token', '', 'until', 0, 'applied', ARGV[2])
            redis.call('HDEL', KEYS[1], 'xml')
            redis.call('ZREM', KEYS[2], ARGV[3])
            redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
            return 1
            """);

    /** KEYS: event, pending, parked; ARGV: token, error, next attempt, park (1/0), key. */
    public static final Script FAILED = Script.of("""
            if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'state') ~= 'p' then
              return 0
            end
            redis.call('HSET', KEYS[1], 'error', ARGV[2], 'due', ARGV[3], 'token', '', 'until', 0)
            if ARGV[4] == '1' then
              redis.call('HSET', KEYS[1], 'state', 'x')
              redis.call('ZREM', KEYS[2], ARGV[5])
              redis.call('ZADD', KEYS[3], redis.call('HGET', KEYS[1], 'seq'), ARGV[5])
            end
            return 1
            """);

    /** KEYS: parked; ARGV: limit, event prefix. The oldest parked events. */
    public static final Script LIST_PARKED = Script.of("""
            local out = {}
            for _, key in ipairs(redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)) do
              local h = redis.call('HMGET', ARGV[2] .. key, 'xml', 'k1', 'k2', 'received', 'attempts', 'error', 'due')
              if h[4] then
                out[#out + 1] = {key, h[1] or '', h[2], h[3], h[4], h[5], h[6], h[7], ''}
              end
            end
            return out
            """);

    /**
     * KEYS: parked, pending; ARGV: now, event prefix, key (empty: every parked event). Makes parked
     * events pending again, due now, attempts reset; how many it moved.
     */
    public static final Script RETRY = Script.of("""
            local keys
            if ARGV[3] == '' then
              keys = redis.call('ZRANGE', KEYS[1], 0, -1)
            elseif redis.call('ZSCORE', KEYS[1], ARGV[3]) then
              keys = {ARGV[3]}
            else
              return 0
            end
            for _, key in ipairs(keys) do
              local seq = redis.call('HGET', ARGV[2] .. key, 'seq')
              redis.call('ZREM', KEYS[1], key)
              if seq then
                redis.call('HSET', ARGV[2] .. key, 'state', 'p', 'attempts', 0, 'due', ARGV[1], 'token', '', 'until', 0)
                redis.call('ZADD', KEYS[2], seq, key)
              end
            end
            return #keys
            """);

    /** KEYS: pending, parked; ARGV: event prefix. Pending count, parked count, the oldest pending arrival. */
    public static final Script BACKLOG = Script.of("""
            local first = redis.call('ZRANGE', KEYS[1], 0, 0)
            local oldest = ''
            if first[1] then
              oldest = redis.call('HGET', ARGV[1] .. first[1], 'received') or ''
            end
            return {redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]), oldest}
            """);

    /** KEYS: applied; ARGV: before, event prefix, batch. Forgets up to batch events applied before; how many. */
    public static final Script PURGE = Script.of("""
            local keys = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
            for _, key in ipairs(keys) do
              redis.call('DEL', ARGV[2] .. key)
              redis.call('ZREM', KEYS[1], key)
            end
            return #keys
            """);
}
