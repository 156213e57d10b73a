package dev.wecomsync.spring.internal;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.InboxStats;
import dev.wecomsync.spring.WeComReconciler;
import dev.wecomsync.sync.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the health contributor {@code wecomSync} says, apart from Spring Boot's health API (which
 * moved between Boot 3 and 4): the last full sync's outcome and age, failures in a row, and the
 * inbox. DOWN after {@code failuresUntilDown} failed runs in a row, or when the inbox cannot be read.
 */
public final class SyncHealth {

    /** The status and details at one moment. */
    public record Snapshot(boolean up, Map<String, Object> details) {
    }

    private final Optional<WeComReconciler> reconciler;
    private final Optional<CallbackHandler> handler;
    private final int failuresUntilDown;
    private final Clock clock;

    public SyncHealth(Optional<WeComReconciler> reconciler, Optional<CallbackHandler> handler,
            int failuresUntilDown, Clock clock) {
        this.reconciler = reconciler;
        this.handler = handler;
        this.failuresUntilDown = failuresUntilDown;
        this.clock = clock;
    }

    public Snapshot check() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        if (reconciler.isPresent()) {
            WeComReconciler r = reconciler.get();
            Optional<WeComReconciler.LastRun> last = r.lastRun();
            if (last.isEmpty()) {
                details.put("lastSync", "none yet");
            } else {
                WeComReconciler.LastRun run = last.get();
                details.put("lastSync", run.failure().isPresent() ? "error"
                        : run.report().map(SyncHealth::outcome).orElse("none"));
                details.put("lastSyncAge", age(Duration.between(run.finishedAt(), clock.instant())));
                run.failure().ifPresent(f -> details.put("lastSyncError", f));
                run.report().ifPresent(rep -> details.put("lastSyncPlan", rep.plan().name()));
            }
            details.put("failuresInARow", r.consecutiveFailures());
            if (r.consecutiveFailures() >= failuresUntilDown) {
                up = false;
            }
        }
        if (handler.isPresent()) {
            try {
                Optional<InboxStats> stats = handler.get().inboxStats();
                if (stats.isPresent()) {
                    details.put("inboxDepth", stats.get().depth());
                    details.put("inboxParked", stats.get().parked());
                    details.put("inboxOldestPending", age(stats.get().oldestPendingAge()));
                }
            } catch (RuntimeException e) {
                details.put("inbox", "unavailable: " + e.getClass().getSimpleName());
                up = false;
            }
        }
        return new Snapshot(up, details);
    }

    static String outcome(SyncReport report) {
        return report.succeeded() ? "success" : "partial (" + report.failures().size() + " failures)";
    }

    private static String age(Duration d) {
        return (d.isNegative() ? Duration.ZERO : d).withNanos(0).toString();
    }
}
