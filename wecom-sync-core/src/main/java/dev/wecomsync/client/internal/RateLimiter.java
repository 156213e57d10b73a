package dev.wecomsync.client.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per API: {@code callsPerMinute} tokens a minute, holding at most a tenth of that,
 * so that no minute sees more than 1.1 times the limit. A caller that finds the bucket empty
 * reserves the next token and sleeps until it is due; callers are served in the order they
 * reserved.
 */
final class RateLimiter {

    private final double tokensPerNano;
    private final double capacity;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int callsPerMinute, Clock clock, Sleeper sleeper) {
        this.tokensPerNano = callsPerMinute / (double) Duration.ofMinutes(1).toNanos();
        this.capacity = Math.max(1, callsPerMinute / 10);
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Takes one call's token for {@code api}, sleeping until one is available. */
    void acquire(String api) throws InterruptedException {
        Duration wait = buckets.computeIfAbsent(api, a -> new Bucket()).reserve(nowNanos());
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private final class Bucket {
        private double tokens = capacity;
        private long last = Long.MIN_VALUE;

        synchronized Duration reserve(long now) {
            refill(now);
            tokens -= 1;
            return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(-tokens / tokensPerNano));
        }

        private void refill(long now) {
            if (last != Long.MIN_VALUE && now > last) {
                tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
            }
            if (last == Long.MIN_VALUE || now > last) {
                last = now;
            }
        }
    }
}
