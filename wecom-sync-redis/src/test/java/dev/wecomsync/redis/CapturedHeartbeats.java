package dev.wecomsync.redis;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that keeps the heartbeat a lock hands it instead of running it: the test beats when
 * it wants to, or never (a holder that stalled).
 */
final class CapturedHeartbeats extends ScheduledThreadPoolExecutor {

    private volatile Runnable beat;

    CapturedHeartbeats() {
        super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        this.beat = command;
        return super.schedule(() -> {}, 1, TimeUnit.DAYS);
    }

    /** Runs one heartbeat now, on the calling thread. */
    void beat() {
        if (beat == null) throw new IllegalStateException("no heartbeat was scheduled");
        beat.run();
    }
}
