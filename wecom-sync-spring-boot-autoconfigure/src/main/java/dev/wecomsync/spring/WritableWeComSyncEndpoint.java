package dev.wecomsync.spring;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.spring.internal.ReportView;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@link WeComSyncEndpoint} with its write operation, registered only under
 * {@code wecom.endpoint.write-enabled=true}: a POST to {@code /actuator/wecomsync} runs a full sync
 * now and answers its report.
 */
@Endpoint(id = "wecomsync")
public class WritableWeComSyncEndpoint extends WeComSyncEndpoint {

    public WritableWeComSyncEndpoint(Optional<WeComReconciler> reconciler, Optional<CallbackHandler> handler) {
        super(reconciler, handler);
    }

    /** Runs a full sync on the calling thread; answers its report, or why none ran. */
    @WriteOperation
    public Map<String, Object> fullSync() {
        if (reconciler().isEmpty()) {
            return Map.of("error", "no engine: the application has no SyncTarget bean");
        }
        WeComReconciler r = reconciler().get();
        return r.runNow().map(ReportView::report).orElseGet(() -> r.lastRun()
                .filter(run -> run.failure().isPresent())
                .<Map<String, Object>>map(run -> Map.of("error", run.failure().get()))
                .orElse(Map.of("error", "another full sync is in progress")));
    }
}
