package dev.wecomsync.redis;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code factor} times faster than real time, from a fixed start: with a factor
 * of 30, the simulator's minute windows last two real seconds, as do the minute buckets of a
 * limiter built with {@code timeScale(30)}.
 */
final class FastClock extends Clock {

    private final Instant start;
    private final long startNanos = System.nanoTime();
    private final int factor;

    FastClock(Instant start, int factor) {
        this.start = start;
        this.factor = factor;
    }

    @Override
    public Instant instant() {
        return start.plusNanos((System.nanoTime() - startNanos) * factor);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
