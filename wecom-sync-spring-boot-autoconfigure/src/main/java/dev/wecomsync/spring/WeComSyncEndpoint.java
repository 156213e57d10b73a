package dev.wecomsync.spring;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.spring.internal.ReportView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The actuator endpoint {@code wecomsync} ({@code /actuator/wecomsync} once exposed): the last full
 * sync's report, failures in a row, the deletions waiting for their delay or an approval, and the
 * inbox (depth, parked events). Read only; with
 * {@code wecom.endpoint.write-enabled=true} it is a {@link WritableWeComSyncEndpoint} instead.
 */
@Endpoint(id = "wecomsync")
public class WeComSyncEndpoint {

    private final Optional<WeComReconciler> reconciler;
    private final Optional<CallbackHandler> handler;

    public WeComSyncEndpoint(Optional<WeComReconciler> reconciler, Optional<CallbackHandler> handler) {
        this.reconciler = reconciler;
        this.handler = handler;
    }

    /**
     * The state: {@code lastRun}, {@code lastReport}, {@code failuresInARow},
     * {@code pendingDeletions}, {@code inbox}.
     */
    @ReadOperation
    public Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        reconciler.ifPresentOrElse(r -> {
            r.lastRun().ifPresent(run -> {
                Map<String, Object> last = new LinkedHashMap<>();
                last.put("finishedAt", run.finishedAt().toString());
                last.put("failed", run.failed());
                run.failure().ifPresent(f -> last.put("error", f));
                m.put("lastRun", last);
            });
            r.lastReport().ifPresent(rep -> m.put("lastReport", ReportView.report(rep)));
            m.put("failuresInARow", r.consecutiveFailures());
            try {
                m.put("pendingDeletions", ReportView.pendingDeletions(r.sync().pendingDeletions()));
            } catch (RuntimeException e) {
                m.put("pendingDeletions", Map.of("error", "state store unavailable: " + e.getClass().getSimpleName()));
            }
        }, () -> m.put("sync", "no engine: the application has no SyncTarget bean"));
        m.put("inbox", ReportView.inbox(handler));
        return m;
    }

    Optional<WeComReconciler> reconciler() {
        return reconciler;
    }
}
