package dev.wecomsync.redis.internal;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;

/**
 * Token buckets in Redis, one hash per key with the tokens and the last refill time of each
 * bandwidth. One script call takes a token from every bandwidth of the key at once, on Redis's own
 * clock ({@code TIME}), and answers how long the caller must wait for it: a caller that finds a
 * bucket empty reserves the next token (the bucket goes below zero) and sleeps until it is due.
 */
public final class SharedBuckets {

    /** KEYS[1]: the bucket; ARGV: capacity, refill, period (µs) of each bandwidth. Returns the wait in µs. */
    private static final Script TAKE = Script.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local n = #ARGV / 3
            local wait = 0
            local longest = 0
            for i = 1, n do
              local capacity = tonumber(ARGV[i * 3 - 2])
              local refill = tonumber(ARGV[i * 3 - 1])
              local period = tonumber(ARGV[i * 3])
              local state = redis.call('HMGET', KEYS[1], 't' .. i, 'l' .. i)
              local tokens = tonumber(state[1])
              local last = tonumber(state[2])
              if tokens == nil or last == nil then
                tokens = capacity
                last = now
              end
              if now > last then
                tokens = math.min(capacity, tokens + (now - last) * refill / period)
                last = now
              end
              tokens = tokens - 1
              if tokens < 0 then
                wait = math.max(wait, math.ceil(-tokens * period / refill))
              end
              redis.call('HSET', KEYS[1], 't' .. i, string.format('%.17g', tokens), 'l' .. i, string.format('%.17g', last))
              longest = math.max(longest, period)
            end
            redis.call('PEXPIRE', KEYS[1], math.ceil(longest / 1000) * 2 + 1000)
            return wait
            """);

    private final RedisLink link;
    private final String[] args;

    public SharedBuckets(RedisLink link, List<Bandwidth> bandwidths) {
        this.link = link;
        this.args = new String[bandwidths.size() * 3];
        for (int i = 0; i < bandwidths.size(); i++) {
            Bandwidth b = bandwidths.get(i);
            args[i * 3] = Long.toString(b.capacity());
            args[i * 3 + 1] = Long.toString(b.refill());
            args[i * 3 + 2] = Long.toString(b.periodMicros());
        }
    }

    /** Takes one token from the bucket {@code key}; the wait until it is due, zero when it is there now. */
    public Duration take(String key) {
        Long micros = link.eval("take a call from " + key, TAKE, ScriptOutputType.INTEGER, new String[] {key}, args);
        return micros == null || micros <= 0 ? Duration.ZERO : Duration.ofNanos(micros * 1_000);
    }
}
