package dev.wecomsync.sync.internal;

import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.sync.EventResult;
import dev.wecomsync.sync.SyncReport;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The machinery behind {@code WeComSync}: full syncs and events over one configuration. One
 * write lock serializes every call to the target and the state store, so the target sees one
 * thread at a time even while events arrive during a full sync.
 */
public final class Engine {

    private final EngineConfig config;
    private final Lock writeLock = new ReentrantLock(true);
    private final EventMarks marks = new EventMarks();
    private final EventApplier events;

    public Engine(EngineConfig config) {
        this.config = config;
        this.events = new EventApplier(config, writeLock, marks);
    }

    public EngineConfig config() {
        return config;
    }

    /** Runs one full sync; the caller holds the run lock. */
    public SyncReport fullSync(boolean dryRun) {
        return new FullSyncRun(config, writeLock, marks, dryRun).run();
    }

    public EventResult apply(ContactEvent event) {
        return events.apply(event);
    }
}
