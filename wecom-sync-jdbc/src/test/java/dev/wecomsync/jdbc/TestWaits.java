package dev.wecomsync.jdbc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The waits of a {@link JdbcTokenStore} under a test's control: each poll interval it waits is
 * counted and may run a hook (to see that the store waits, or to hold it there), and its own time
 * either moves by exactly the interval it waited, or stands, so that only another instance can end
 * the wait.
 */
final class TestWaits implements JdbcTokenStore.Waits {

    /** Runs on each wait, with how many waits there were so far, this one included. */
    @FunctionalInterface
    interface OnWait {
        void waited(int waits) throws InterruptedException;
    }

    /** A store whose own time stands waits this long, really, before the test gives up on it. */
    static final Duration GIVE_UP = Duration.ofSeconds(30);

    private final boolean standing;
    private final OnWait onWait;
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger waits = new AtomicInteger();
    private volatile long firstRealWait;

    private TestWaits(boolean standing, OnWait onWait) {
        this.standing = standing;
        this.onWait = onWait;
    }

    /** Time moves only by the intervals waited; nothing really waits. */
    static TestWaits virtual() {
        return virtual(n -> {});
    }

    static TestWaits virtual(OnWait onWait) {
        return new TestWaits(false, onWait);
    }

    /**
     * Time stands, so the store's own deadline never comes; each interval is really waited, and
     * after {@link #GIVE_UP} the wait fails the test instead of hanging it.
     */
    static TestWaits standing() {
        return new TestWaits(true, n -> {});
    }

    /** How many poll intervals the store waited. */
    int count() {
        return waits.get();
    }

    /** The time the store saw pass while it waited. */
    Duration elapsed() {
        return Duration.ofNanos(nanos.get());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        int n = waits.incrementAndGet();
        onWait.waited(n);
        if (!standing) {
            nanos.addAndGet(duration.toNanos());
            return;
        }
        long now = System.nanoTime();
        if (n == 1) firstRealWait = now;
        if (now - firstRealWait > GIVE_UP.toNanos()) {
            throw new AssertionError("still waiting after " + GIVE_UP + " (" + n + " polls): no other instance ended the wait");
        }
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }
}
