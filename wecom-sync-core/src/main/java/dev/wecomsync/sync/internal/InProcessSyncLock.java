package dev.wecomsync.sync.internal;

import dev.wecomsync.sync.SyncLock;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link SyncLock} for one process: a flag, not bound to a thread. */
public final class InProcessSyncLock implements SyncLock {

    private final AtomicBoolean held = new AtomicBoolean();

    @Override
    public boolean tryLock() {
        return held.compareAndSet(false, true);
    }

    @Override
    public void unlock() {
        held.set(false);
    }

    @Override
    public String toString() {
        return "SyncLock.inProcess()";
    }
}
