package dev.wecomsync.sync;

import dev.wecomsync.sync.internal.InProcessSyncLock;

/**
 * Keeps two full syncs from running at the same time.
 *
 * <p>{@link WeComSync#fullSync()} calls {@link #tryLock()} first and {@link #unlock()} when it is
 * done. The default, {@link #inProcess()}, covers one {@link WeComSync}; share one instance to
 * cover several in a process, or implement this interface on shared storage (a database row with
 * a lease) to cover a cluster.
 */
public interface SyncLock {

    /** Takes the lock without waiting; false when another run holds it. */
    boolean tryLock();

    /** Releases the lock taken by the last successful {@link #tryLock()} of this run. */
    void unlock();

    /** A lock for runs in this process. */
    static SyncLock inProcess() {
        return new InProcessSyncLock();
    }
}
