package dev.wecomsync.spring;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.spring.internal.ReportView;
import dev.wecomsync.sync.PendingDeletion;
import dev.wecomsync.sync.SyncInProgressException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * {@link WeComSyncEndpoint} with its write operations, registered only under
 * {@code wecom.endpoint.write-enabled=true}: a POST to {@code /actuator/wecomsync} runs a full sync
 * now and answers its report; a POST to {@code /actuator/wecomsync/deletions} with
 * {@code {"keys":"user:zhangsan,department:9"}} (or {@code {"all":true}}) approves those
 * pending deletions for the next full sync, which still confirms each by a read first.
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

    /** Approves pending deletions by key, or all of them; answers the entries approved, or why none were. */
    @WriteOperation
    public Map<String, Object> approveDeletions(@Selector String section, @Nullable String keys,
            @Nullable Boolean all) {
        if (!"deletions".equals(section)) {
            return Map.of("error", "unknown operation; POST to /actuator/wecomsync/deletions to approve deletions");
        }
        if (reconciler().isEmpty()) {
            return Map.of("error", "no engine: the application has no SyncTarget bean");
        }
        var sync = reconciler().get().sync();
        List<String> approve = Boolean.TRUE.equals(all)
                ? sync.pendingDeletions().stream().map(PendingDeletion::key).toList()
                : keys == null ? List.of() : Arrays.stream(keys.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList();
        if (approve.isEmpty()) {
            return Map.of("error", "nothing to approve: give \"keys\" (like \"user:zhangsan,department:9\") or \"all\": true");
        }
        try {
            return Map.of("approved", ReportView.pendingDeletions(sync.approveDeletions(approve)));
        } catch (IllegalArgumentException | SyncInProgressException e) {
            return Map.of("error", e.getMessage());
        }
    }
}
