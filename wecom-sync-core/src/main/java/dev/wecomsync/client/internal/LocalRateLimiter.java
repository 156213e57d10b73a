package dev.wecomsync.client.internal;

import dev.wecomsync.client.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link RateLimiter#inProcess}: per API, one token bucket for the minute ({@code perMinute} tokens
 * a minute, holding at most a tenth of that, so that no minute sees more than 1.1 times the limit)
 * and one for the hour (likewise). A caller that finds a bucket empty reserves the next token and
 * sleeps until it is due; callers are served in the order they reserved.
 */
public final class LocalRateLimiter implements RateLimiter {

    private final Limits limits;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ConcurrentMap<String, Buckets> buckets = new ConcurrentHashMap<>();

    public LocalRateLimiter(Limits limits, Clock clock, Sleeper sleeper) {
        this.limits = limits;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public void acquire(String api) throws InterruptedException {
        Duration wait = buckets.computeIfAbsent(api, a -> new Buckets()).reserve(nowNanos());
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public String toString() {
        return "RateLimiter.inProcess(" + limits + ")";
    }

    /** The minute's and the hour's bucket of one API; a call takes a token from each. */
    private final class Buckets {
        private final Bucket minute = new Bucket(limits.perMinute(), Duration.ofMinutes(1));
        private final Bucket hour = new Bucket(limits.perHour(), Duration.ofHours(1));

        synchronized Duration reserve(long now) {
            Duration a = minute.reserve(now);
            Duration b = hour.reserve(now);
            return a.compareTo(b) >= 0 ? a : b;
        }
    }

    private static final class Bucket {
        private final double tokensPerNano;
        private final double capacity;
        private double tokens;
        private long last = Long.MIN_VALUE;

        Bucket(int perPeriod, Duration period) {
            this.tokensPerNano = perPeriod / (double) period.toNanos();
            this.capacity = Math.max(1, perPeriod / 10);
            this.tokens = capacity;
        }

        Duration reserve(long now) {
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
