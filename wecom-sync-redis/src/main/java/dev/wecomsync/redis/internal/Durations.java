package dev.wecomsync.redis.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Argument checks for the builders' durations. */
public final class Durations {

    private Durations() {}

    /** Returns {@code d} if it is longer than zero. */
    public static Duration positive(Duration d, String name) {
        requireNonNull(d, name + " == null");
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
        return d;
    }

    /** Returns {@code d} if it is a whole number of milliseconds, at least one (Redis counts leases in ms). */
    public static Duration millis(Duration d, String name) {
        positive(d, name);
        if (d.toMillis() < 1) throw new IllegalArgumentException(name + " must be at least 1 ms: " + d);
        return d;
    }
}
