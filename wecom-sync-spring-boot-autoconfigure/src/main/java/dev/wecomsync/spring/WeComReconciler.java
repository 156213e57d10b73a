package dev.wecomsync.spring;

import dev.wecomsync.sync.SyncInProgressException;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.WeComSync;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the full sync (the reconcile) on a schedule, on a thread of its own, and remembers how the
 * last runs went for the health contributor and the actuator endpoint.
 *
 * <p>The first run starts {@code wecom.sync.initial-delay} after the application context started,
 * then one every {@code wecom.sync.reconcile-every}. A run that finds another in progress (another
 * instance holding the {@code JdbcSyncLock}) is skipped and counts neither way. A run fails when it
 * throws or its report has failures; {@link #consecutiveFailures()} counts those in a row.
 * {@link #runNow()} runs one at once on the calling thread, recorded the same way.
 */
public final class WeComReconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WeComReconciler.class);

    /** How the last run ended. */
    public record LastRun(Instant finishedAt, Optional<SyncReport> report, Optional<String> failure) {

        /** True when the run threw or its report has failures. */
        public boolean failed() {
            return failure.isPresent() || report.map(r -> !r.succeeded()).orElse(true);
        }
    }

    private final WeComSync sync;
    private final Duration initialDelay;
    private final Duration every;
    private final List<WeComSyncObserver> observers;
    private final Clock clock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile LastRun lastRun;
    private volatile SyncReport lastReport;
    private ScheduledExecutorService executor;

    public WeComReconciler(WeComSync sync, Duration initialDelay, Duration every, List<WeComSyncObserver> observers,
            Clock clock) {
        this.sync = Objects.requireNonNull(sync, "sync == null");
        this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay == null");
        this.every = Objects.requireNonNull(every, "every == null");
        this.observers = List.copyOf(observers);
        this.clock = Objects.requireNonNull(clock, "clock == null");
    }

    /**
     * Runs a full sync now on this thread and records it.
     *
     * @return the report; empty when another full sync was in progress, or when it threw (see
     *     {@link #lastRun()})
     */
    public Optional<SyncReport> runNow() {
        long started = System.nanoTime();
        try {
            SyncReport report = sync.fullSync();
            lastReport = report;
            record(new LastRun(clock.instant(), Optional.of(report), Optional.empty()));
            notify(o -> o.syncFinished(report));
            return Optional.of(report);
        } catch (SyncInProgressException e) {
            log.info("full sync skipped: another run is in progress");
            return Optional.empty();
        } catch (RuntimeException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            log.warn("full sync failed; the next one runs on schedule", e);
            record(new LastRun(clock.instant(), Optional.empty(), Optional.of(e.toString())));
            notify(o -> o.syncFailed(took, e));
            return Optional.empty();
        }
    }

    /** How the last run ended; empty before the first finished. */
    public Optional<LastRun> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    /** The report of the last run that produced one (a later run may have thrown); empty before. */
    public Optional<SyncReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    /** Failed runs in a row, 0 after a run that succeeded. */
    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** The engine this reconciler runs. */
    public WeComSync sync() {
        return sync;
    }

    private void record(LastRun run) {
        lastRun = run;
        if (run.failed()) {
            consecutiveFailures.incrementAndGet();
        } else {
            consecutiveFailures.set(0);
        }
    }

    private void notify(java.util.function.Consumer<WeComSyncObserver> call) {
        for (WeComSyncObserver o : observers) {
            try {
                call.accept(o);
            } catch (RuntimeException e) {
                log.warn("a WeComSyncObserver threw; ignored", e);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wecom-sync-reconcile");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runNow, initialDelay.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    @Override
    public String toString() {
        return "WeComReconciler{every=" + every + ", consecutiveFailures=" + consecutiveFailures + "}";
    }
}
