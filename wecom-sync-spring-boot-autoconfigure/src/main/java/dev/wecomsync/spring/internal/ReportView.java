package dev.wecomsync.spring.internal;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.callback.InboxStats;
import dev.wecomsync.sync.PendingDeletion;
import dev.wecomsync.sync.SyncReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reports and inbox state as the actuator endpoint shows them (plain maps for any JSON mapper):
 * counts, failures, plan and API calls; ids of failed records, never field values.
 */
public final class ReportView {

    private static final int MAX_FAILURES = 20;
    private static final int MAX_PENDING = 100;

    private ReportView() {
    }

    public static Map<String, Object> report(SyncReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", r.runId());
        m.put("startedAt", r.startedAt().toString());
        m.put("duration", r.duration().toString());
        m.put("succeeded", r.succeeded());
        m.put("plan", r.plan().name());
        m.put("planReason", r.planReason());
        m.put("departments", counts(r.departments()));
        m.put("users", counts(r.users()));
        m.put("failures", r.failures().stream().limit(MAX_FAILURES).map(SyncReport.Failure::toString).toList());
        m.put("failureCount", r.failures().size());
        r.deletionsWithheld().ifPresent(w -> m.put("deletionsWithheld", w));
        m.put("apiCalls", r.apiCalls());
        return m;
    }

    private static Map<String, Integer> counts(SyncReport.Counts c) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("created", c.created());
        m.put("updated", c.updated());
        m.put("unchanged", c.unchanged());
        m.put("renamed", c.renamed());
        m.put("deleted", c.deleted());
        m.put("heldBack", c.heldBack());
        m.put("failed", c.failed());
        return m;
    }

    public static Map<String, Object> inbox(Optional<CallbackHandler> handler) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (handler.isEmpty()) {
            m.put("enabled", false);
            return m;
        }
        m.put("enabled", true);
        try {
            Optional<InboxStats> stats = handler.get().inboxStats();
            stats.ifPresent(s -> {
                m.put("depth", s.depth());
                m.put("parked", s.parked());
                m.put("oldestPendingAge", s.oldestPendingAge().toString());
                m.put("applied", s.applied());
                m.put("retried", s.retried());
                m.put("parkedTotal", s.parkedTotal());
            });
            List<String> parked = handler.get().parkedEvents(20).stream().map(Object::toString).toList();
            m.put("parkedEvents", parked);
        } catch (RuntimeException e) {
            m.put("error", "inbox unavailable: " + e.getClass().getSimpleName());
        }
        return m;
    }

    /** Pending deletions (at most 100 listed; {@code count} is all of them): key, since, reason, approved. */
    public static Map<String, Object> pendingDeletions(List<PendingDeletion> pending) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", pending.size());
        m.put("entries", pending.stream().limit(MAX_PENDING).map(p -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("key", p.key());
            e.put("since", p.since().toString());
            e.put("reason", p.reason().name());
            e.put("detail", p.detail());
            e.put("approved", p.approved());
            return e;
        }).toList());
        return m;
    }
}
