package dev.wecomsync.sync.internal;

import dev.wecomsync.sync.SyncReport;

/** Running counts for one kind of record during a run; used from the sync thread only. */
final class Tally {
    int created;
    int updated;
    int unchanged;
    int renamed;
    int deleted;
    int heldBack;
    int failed;

    SyncReport.Counts toCounts() {
        return new SyncReport.Counts(created, updated, unchanged, renamed, deleted, heldBack, failed);
    }
}
