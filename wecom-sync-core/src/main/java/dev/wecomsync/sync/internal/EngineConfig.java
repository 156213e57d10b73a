package dev.wecomsync.sync.internal;

import dev.wecomsync.sync.DeletionGuard;
import dev.wecomsync.sync.DeletionStateStore;
import dev.wecomsync.sync.DepartmentScope;
import dev.wecomsync.sync.SyncHistory;
import dev.wecomsync.sync.SyncListener;
import dev.wecomsync.sync.SyncStateStore;
import dev.wecomsync.sync.SyncTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@code WeComSync} was built with.
 *
 * @param contactSync the Contacts Sync secret's directory; null when none
 * @param changeLimit the most {@code RecordChange}s a report keeps
 * @param detectRenames whether a full sync looks for userid renames no event announced
 * @param deletions where pending deletions and the last scope are kept: the store itself when it
 *     implements {@link DeletionStateStore}, else one in memory
 * @param deletionDelay how long a record must be missing before it is deleted; zero for none
 * @param confirmationLimit the most confirmation reads one full sync makes
 * @param quarantineRatio above this share of failed reads or writes a run makes no deletions
 * @param history where full syncs' reports are recorded; null when nowhere
 */
public record EngineConfig(
        Directory app,
        Directory contactSync,
        SyncTarget target,
        SyncStateStore store,
        int batchSize,
        int concurrency,
        DeletionGuard guard,
        SyncListener listener,
        Clock clock,
        int changeLimit,
        boolean detectRenames,
        DepartmentScope scope,
        DeletionStateStore deletions,
        Duration deletionDelay,
        int confirmationLimit,
        double quarantineRatio,
        SyncHistory history) {

    public EngineConfig {
        Objects.requireNonNull(app, "app == null");
        Objects.requireNonNull(target, "target == null");
        Objects.requireNonNull(store, "store == null");
        Objects.requireNonNull(guard, "guard == null");
        Objects.requireNonNull(listener, "listener == null");
        Objects.requireNonNull(clock, "clock == null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize < 1: " + batchSize);
        }
        if (changeLimit < 0) {
            throw new IllegalArgumentException("changeLimit < 0: " + changeLimit);
        }
        Objects.requireNonNull(scope, "scope == null");
        Objects.requireNonNull(deletions, "deletions == null");
        Objects.requireNonNull(deletionDelay, "deletionDelay == null");
        if (deletionDelay.isNegative()) {
            throw new IllegalArgumentException("deletionDelay is negative: " + deletionDelay);
        }
        if (confirmationLimit < 0) {
            throw new IllegalArgumentException("confirmationLimit < 0: " + confirmationLimit);
        }
        if (!(quarantineRatio >= 0 && quarantineRatio <= 1)) {
            throw new IllegalArgumentException("quarantineRatio must be in [0, 1]: " + quarantineRatio);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency < 1: " + concurrency);
        }
    }
}
