package dev.wecomsync.sync;

import dev.wecomsync.sync.internal.InProcessSyncLock;

/**
 * Keeps two full syncs from running at the same time.
 *
 * <p>{@link WeComSync#fullSync()} calls {@link #tryLock()} first and {@link #unlock()} when it is
 * done. The default, {@link #inProcess()}, covers one {@link WeComSync}; share one instance to
 * cover several in a process, or implement this interface on shared storage (a database row with
 * a lease) to cover a cluster.
 *
 * <h2>Fencing</h2>
 * A lock on shared storage can be lost while its run goes on: the holder stalls (a long GC pause,
 * a network partition) past its lease, and another instance takes the lock over. The engine asks
 * {@link #isHeld()} before every batch it writes and before every deletion batch; once the answer
 * is false (or the question throws), the run stops writing at once, makes no deletions, and its
 * report says so in a {@link SyncReport.Failure} with operation {@code "SyncLock"}.
 */
public interface SyncLock {

    /** Takes the lock without waiting; false when another run holds it. */
    boolean tryLock();

    /** Releases the lock taken by the last successful {@link #tryLock()} of this run. */
    void unlock();

    /**
     * True while the lock this run took is still its own. Called from the run's thread between
     * batches, so it must be cheap (one indexed query, or a local bound since the last renewal); a
     * lease-based lock answers from the shared store's clock, not this instance's. The default,
     * for locks that cannot be lost (like {@link #inProcess()}), is always true.
     */
    default boolean isHeld() {
        return true;
    }

    /** A lock for runs in this process. */
    static SyncLock inProcess() {
        return new InProcessSyncLock();
    }
}
