package dev.wecomsync.jdbc.internal;

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
}
