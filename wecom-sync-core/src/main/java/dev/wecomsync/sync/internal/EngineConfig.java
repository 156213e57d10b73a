package dev.wecomsync.sync.internal;

import dev.wecomsync.sync.DeletionGuard;
import dev.wecomsync.sync.SyncListener;
import dev.wecomsync.sync.SyncStateStore;
import dev.wecomsync.sync.SyncTarget;
import java.time.Clock;
import java.util.Objects;

/**
 * Everything a {@code WeComSync} was built with.
 *
 * @param contactSync the Contacts Sync secret's directory; null when none
 * @param changeLimit the most {@code RecordChange}s a report keeps
 * @param detectRenames whether a full sync looks for userid renames no event announced
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
        boolean detectRenames) {

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
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency < 1: " + concurrency);
        }
    }
}
