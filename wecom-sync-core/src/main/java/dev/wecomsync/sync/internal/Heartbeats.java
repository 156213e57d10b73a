package dev.wecomsync.sync.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where a shared {@code SyncLock}'s heartbeats run (the JDBC and Redis locks): the host's scheduler,
 * or a scheduler of the lock's own with one daemon thread that ends after a minute without work (so
 * a lock nobody closes leaks no thread).
 */
public final class Heartbeats {

    private final ScheduledExecutorService scheduler;
    private final boolean owned;

    private Heartbeats(ScheduledExecutorService scheduler, boolean owned) {
        this.scheduler = scheduler;
        this.owned = owned;
    }

    public static Heartbeats using(ScheduledExecutorService scheduler) {
        return new Heartbeats(scheduler, false);
    }

    public static Heartbeats own(String threadName) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setKeepAliveTime(1, TimeUnit.MINUTES);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        return new Heartbeats(executor, true);
    }

    /** Runs {@code beat} every {@code period}, first after one period. */
    public ScheduledFuture<?> schedule(Runnable beat, long period, TimeUnit unit) {
        return scheduler.scheduleWithFixedDelay(beat, period, period, unit);
    }

    /** Stops the scheduler if it is the lock's own. */
    public void shutdown() {
        if (owned) scheduler.shutdownNow();
    }
}
