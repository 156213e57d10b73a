package dev.wecomsync.sync;

import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full sync that runs periodically on a host's {@link java.util.concurrent.ScheduledExecutorService},
 * as started by {@link WeComSync#schedule}. A run that fails or finds another run in progress is
 * logged and the schedule goes on; {@link #cancel()} stops it.
 */
public final class ScheduledSync {

    private static final Logger log = LoggerFactory.getLogger(ScheduledSync.class);

    private final WeComSync sync;
    private final AtomicReference<SyncReport> lastReport = new AtomicReference<>();
    private final AtomicReference<RuntimeException> lastFailure = new AtomicReference<>();
    private volatile ScheduledFuture<?> future;

    ScheduledSync(WeComSync sync) {
        this.sync = sync;
    }

    void start(ScheduledFuture<?> future) {
        this.future = future;
    }

    void runOnce() {
        try {
            SyncReport report = sync.fullSync();
            lastReport.set(report);
            lastFailure.set(null);
        } catch (SyncInProgressException e) {
            log.info("scheduled full sync skipped: another run is in progress");
        } catch (RuntimeException e) {
            lastFailure.set(e);
            log.warn("scheduled full sync failed; the next one runs on schedule", e);
        }
    }

    /** The report of the last scheduled run that finished; empty before the first. */
    public Optional<SyncReport> lastReport() {
        return Optional.ofNullable(lastReport.get());
    }

    /** The exception of the last scheduled run if it threw; empty when it finished. */
    public Optional<RuntimeException> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    /** Stops the schedule; a run in progress finishes. */
    public void cancel() {
        ScheduledFuture<?> f = future;
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Whether {@link #cancel()} stopped the schedule. */
    public boolean isCancelled() {
        ScheduledFuture<?> f = future;
        return f != null && f.isCancelled();
    }
}
