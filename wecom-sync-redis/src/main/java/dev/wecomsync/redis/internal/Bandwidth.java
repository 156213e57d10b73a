package dev.wecomsync.redis.internal;

import java.time.Duration;

/**
 * At most {@code n} calls in any {@code period}: a bucket that holds a burst of a tenth of
 * {@code n} and refills the rest continuously over the period (as Bucket4j's greedy refill).
 *
 * @param capacity the burst: tokens the bucket holds when full
 * @param refill tokens added over one period
 * @param period the period
 */
public record Bandwidth(long capacity, long refill, Duration period) {

    public static Bandwidth atMost(int n, Duration period) {
        long burst = Math.max(1, n / 10);
        return new Bandwidth(burst, Math.max(1, n - burst), period);
    }

    /** Micro-seconds per period, as the Redis script counts time. */
    public long periodMicros() {
        return Math.max(1, period.toNanos() / 1_000);
    }
}
