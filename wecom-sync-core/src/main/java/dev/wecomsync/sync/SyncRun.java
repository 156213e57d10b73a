package dev.wecomsync.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * A full sync that is about to start, as {@link SyncTarget#onSyncStarted(SyncRun)} sees it.
 *
 * @param id a unique id for this run, also in its {@link SyncReport}
 * @param startedAt when the run started, on the engine's clock
 * @param dryRun true when the run only computes what would change ({@link WeComSync#dryRun()});
 *     the target then receives no other call
 */
public record SyncRun(String id, Instant startedAt, boolean dryRun) {

    public SyncRun {
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(startedAt, "startedAt == null");
    }
}
