package dev.wecomsync.redis.internal;

import java.time.Duration;
import java.util.List;

/**
 * The same buckets as {@link SharedBuckets}, for one key, in this JVM, on {@link System#nanoTime()}:
 * what a limiter keeps to while Redis is unreachable.
 */
public final class LocalBuckets {

    private final List<Bandwidth> bandwidths;
    private final double[] tokens;
    private final long[] last;
    private boolean started;

    public LocalBuckets(List<Bandwidth> bandwidths) {
        this.bandwidths = List.copyOf(bandwidths);
        this.tokens = new double[bandwidths.size()];
        this.last = new long[bandwidths.size()];
    }

    /** Takes one token from every bandwidth; the wait until it is due, zero when it is there now. */
    public synchronized Duration take() {
        long now = System.nanoTime();
        long wait = 0;
        for (int i = 0; i < tokens.length; i++) {
            Bandwidth b = bandwidths.get(i);
            double perNano = b.refill() / (double) b.period().toNanos();
            if (!started) {
                tokens[i] = b.capacity();
                last[i] = now;
            } else if (now - last[i] > 0) {
                tokens[i] = Math.min(b.capacity(), tokens[i] + (now - last[i]) * perNano);
                last[i] = now;
            }
            tokens[i] -= 1;
            if (tokens[i] < 0) wait = Math.max(wait, (long) Math.ceil(-tokens[i] / perNano));
        }
        started = true;
        return Duration.ofNanos(wait);
    }
}
