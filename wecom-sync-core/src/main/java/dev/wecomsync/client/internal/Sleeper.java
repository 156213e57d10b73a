package dev.wecomsync.client.internal;

import java.time.Duration;

/** Waits between retries and for the rate limiter. Tests replace it to run without waiting. */
@FunctionalInterface
public interface Sleeper {

    /** The sleeper that really waits, with {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    };

    /** Waits {@code duration}; returns at once for zero or negative durations. */
    void sleep(Duration duration) throws InterruptedException;
}
