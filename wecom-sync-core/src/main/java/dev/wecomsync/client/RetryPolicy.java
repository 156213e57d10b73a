package dev.wecomsync.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WeComClient} retries a call that failed for a passing reason: WeCom's "system busy"
 * (-1), its frequency limit (45009), its concurrency limit (45033), an HTTP 5xx status, or a
 * network failure. Every directory API the client calls is a read, so a retry is always safe.
 * Setup errors (40001, 40013, 40091, 48002, 48009, 60011, 60020) are never retried.
 *
 * <p>The n-th retry waits {@code min(maxDelay, baseDelay * 2^(n-1))}, spread by up to
 * {@code ±jitter} of itself; after 45009 it waits {@link #rateLimitDelay()} instead, since WeCom
 * blocks the rest of the minute. A call gives up after {@link #maxAttempts()} attempts, or earlier
 * when the next wait would end after {@link #totalBudget()} has passed since the first attempt.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>maxAttempts</td><td>4 (one call and up to 3 retries, as WeCom asks)</td></tr>
 *   <tr><td>baseDelay</td><td>500 ms</td></tr>
 *   <tr><td>maxDelay</td><td>10 s</td></tr>
 *   <tr><td>jitter</td><td>0.2</td></tr>
 *   <tr><td>rateLimitDelay</td><td>60 s</td></tr>
 *   <tr><td>totalBudget</td><td>3 min</td></tr>
 * </table>
 */
public final class RetryPolicy {

    private static final RetryPolicy DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final double jitter;
    private final Duration rateLimitDelay;
    private final Duration totalBudget;

    private RetryPolicy(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.baseDelay = builder.baseDelay;
        this.maxDelay = builder.maxDelay;
        this.jitter = builder.jitter;
        this.rateLimitDelay = builder.rateLimitDelay;
        this.totalBudget = builder.totalBudget;
    }

    /** The default policy; see the class documentation. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** A policy that never retries: every call is made once. */
    public static RetryPolicy none() {
        return builder().maxAttempts(1).build();
    }

    /** A builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this policy's settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** How many times a call is made at most, the first included; at least 1. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before the first retry; later waits double. */
    public Duration baseDelay() {
        return baseDelay;
    }

    /** The longest wait between two attempts (except after 45009). */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** How much a wait is spread at random, as a fraction of it, in [0, 1]. */
    public double jitter() {
        return jitter;
    }

    /** The wait after WeCom's frequency limit (45009). */
    public Duration rateLimitDelay() {
        return rateLimitDelay;
    }

    /** The longest time a call may spend retrying, measured from its first attempt. */
    public Duration totalBudget() {
        return totalBudget;
    }

    /**
     * The wait before attempt {@code attempt + 1}, before jitter, after attempt {@code attempt}
     * (1-based) failed.
     */
    public Duration backoff(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long millis = baseDelay.toMillis();
        long scaled = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
        return Duration.ofMillis(Math.min(scaled, maxDelay.toMillis()));
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", baseDelay=" + baseDelay + ", maxDelay=" + maxDelay
                + ", jitter=" + jitter + ", rateLimitDelay=" + rateLimitDelay + ", totalBudget=" + totalBudget + "}";
    }

    /** Builds a {@link RetryPolicy}; unset values keep their defaults. */
    public static final class Builder {
        private int maxAttempts = 4;
        private Duration baseDelay = Duration.ofMillis(500);
        private Duration maxDelay = Duration.ofSeconds(10);
        private double jitter = 0.2;
        private Duration rateLimitDelay = Duration.ofSeconds(60);
        private Duration totalBudget = Duration.ofMinutes(3);

        private Builder() {
        }

        private Builder(RetryPolicy policy) {
            this.maxAttempts = policy.maxAttempts;
            this.baseDelay = policy.baseDelay;
            this.maxDelay = policy.maxDelay;
            this.jitter = policy.jitter;
            this.rateLimitDelay = policy.rateLimitDelay;
            this.totalBudget = policy.totalBudget;
        }

        /** How many times a call is made at most, the first included; 1 disables retries. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The wait before the first retry, doubled for each further one; not negative. */
        public Builder baseDelay(Duration baseDelay) {
            this.baseDelay = nonNegative(baseDelay, "baseDelay");
            return this;
        }

        /** The longest wait between two attempts; at least {@code baseDelay}. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = nonNegative(maxDelay, "maxDelay");
            return this;
        }

        /** A fraction in [0, 1]: 0.2 spreads a 1 s wait over 0.8 to 1.2 s. */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /** The wait after a 45009 (frequency limit), in place of the doubling one. */
        public Builder rateLimitDelay(Duration rateLimitDelay) {
            this.rateLimitDelay = nonNegative(rateLimitDelay, "rateLimitDelay");
            return this;
        }

        /** No retry starts later than this after the first attempt. */
        public Builder totalBudget(Duration totalBudget) {
            this.totalBudget = nonNegative(totalBudget, "totalBudget");
            return this;
        }

        /** The policy; {@link IllegalStateException} when {@code maxDelay} is below {@code baseDelay}. */
        public RetryPolicy build() {
            if (maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalStateException("maxDelay < baseDelay");
            }
            return new RetryPolicy(this);
        }

        private static Duration nonNegative(Duration duration, String name) {
            Objects.requireNonNull(duration, name + " == null");
            if (duration.isNegative()) {
                throw new IllegalArgumentException(name + " < 0: " + duration);
            }
            return duration;
        }
    }
}
