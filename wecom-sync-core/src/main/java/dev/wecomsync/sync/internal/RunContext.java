package dev.wecomsync.sync.internal;

import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.SyncListener;
import dev.wecomsync.sync.SyncPhase;
import dev.wecomsync.sync.SyncReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the phases of one full sync share. Used from the sync thread only. */
final class RunContext {

    private static final Logger log = LoggerFactory.getLogger(RunContext.class);

    final Directory app;
    /** The Contacts Sync secret's directory; null when none was configured. */
    final Directory contactSync;
    final ExecutorService pool;
    final int concurrency;
    final List<SyncReport.Failure> failures = new ArrayList<>();
    final List<String> planNotes = new ArrayList<>();
    private final SyncListener listener;
    private int readFailures;
    private int failedUsers;
    private int failedDepartments;

    RunContext(Directory app, Directory contactSync, ExecutorService pool, int concurrency, SyncListener listener) {
        this.app = app;
        this.contactSync = contactSync;
        this.pool = pool;
        this.concurrency = concurrency;
        this.listener = listener;
    }

    /** The secret tried first: Contacts Sync when configured (it sees the whole organisation), else the app's. */
    Directory primary() {
        return contactSync != null ? contactSync : app;
    }

    /** Records a failed read; any failed read blocks every deletion of this run. */
    void readFailure(EntityKind kind, List<String> ids, String api, RuntimeException e) {
        readFailure(kind, ids, api, "", e);
    }

    /** As {@link #readFailure(EntityKind, List, String, RuntimeException)}, the reason starting with {@code prefix}. */
    void readFailure(EntityKind kind, List<String> ids, String api, String prefix, RuntimeException e) {
        readFailures++;
        if (kind == EntityKind.USER) {
            failedUsers += ids.size();
        } else {
            failedDepartments += ids.size();
        }
        String reason = prefix + (e instanceof DirectoryException d ? d.reason() : TargetWriter.describe(e));
        log.debug("{} failed for {} {}: {}", api, kind.name().toLowerCase(java.util.Locale.ROOT),
                ids.isEmpty() ? "(all)" : ids.size() == 1 ? ids.get(0) : ids.size() + " ids", reason);
        failures.add(new SyncReport.Failure(kind, ids, api, reason));
    }

    /** Adds the records that could not be read to the counts of failures. */
    void countReadFailures(Tally users, Tally departments) {
        users.failed += failedUsers;
        departments.failed += failedDepartments;
    }

    /** Logs one line per failed API or target call: how many failures, and the first. */
    void logFailures() {
        java.util.Map<String, List<SyncReport.Failure>> byOperation = new java.util.TreeMap<>();
        failures.forEach(f -> byOperation.computeIfAbsent(f.operation(), k -> new ArrayList<>()).add(f));
        byOperation.forEach((operation, list) -> log.warn("{} failed {} time(s); first: {}", operation, list.size(),
                list.get(0)));
    }

    boolean readsComplete() {
        return readFailures == 0;
    }

    int readFailures() {
        return readFailures;
    }

    void note(String planNote) {
        planNotes.add(planNote);
    }

    void progress(SyncPhase phase, long done, long total) {
        try {
            listener.onProgress(phase, done, total);
        } catch (RuntimeException e) {
            log.warn("SyncListener threw; ignoring it: {}", e.toString());
        }
    }
}
