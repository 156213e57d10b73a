package dev.wecomsync.sync.internal;

import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.sync.EventResult;
import dev.wecomsync.sync.PendingDeletion;
import dev.wecomsync.sync.SyncLock;
import dev.wecomsync.sync.SyncReport;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The machinery behind {@code WeComSync}, over one configuration: full syncs, single-record
 * syncs and events, sharing the read plan, the structure cache and one write lock. The write
 * lock serializes every call to the target and the state store, so the target sees one thread at
 * a time even while events arrive during a full sync.
 */
public final class Engine {

    private final EngineConfig config;
    private final Lock writeLock = new ReentrantLock(true);
    private final EventMarks marks = new EventMarks();
    private final Plans plans = new Plans();
    private final StructureCache structure;
    private final RecordSync records;
    private final Events events;

    public Engine(EngineConfig config) {
        this.config = config;
        this.structure = new StructureCache(config.clock());
        this.records = new RecordSync(this);
        this.events = new Events(records);
    }

    public EngineConfig config() {
        return config;
    }

    /** Runs one full sync; the caller holds {@code lock}, which the run checks before it writes. */
    public SyncReport fullSync(boolean dryRun, SyncLock lock) {
        return new FullSync(this, dryRun, lock).run();
    }

    public EventResult apply(ContactEvent event) {
        return events.apply(event);
    }

    public EventResult syncUser(String userId) {
        return records.user(userId, Optional.empty());
    }

    public EventResult syncDepartment(long id) {
        return records.department(id, config.clock().instant());
    }

    /** Every pending deletion, sorted by key. */
    public List<PendingDeletion> pendingDeletions() {
        return config.deletions().pendingDeletions().stream().sorted(Comparator.comparing(PendingDeletion::key)).toList();
    }

    /** Approves exactly these pending deletions, or none when a key is not pending; the caller holds the run lock. */
    public List<PendingDeletion> approveDeletions(Collection<String> keys) {
        Map<String, PendingDeletion> pending = new LinkedHashMap<>();
        config.deletions().pendingDeletions().forEach(p -> pending.put(p.key(), p));
        List<String> unknown = keys.stream().filter(k -> !pending.containsKey(k)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("not pending: " + String.join(", ", unknown)
                    + "; list the pending deletions with pendingDeletions() (keys like user:zhangsan, department:9)");
        }
        List<PendingDeletion> approved = keys.stream().distinct().map(k -> pending.get(k).approve()).toList();
        config.deletions().putPendingDeletions(approved);
        return approved;
    }

    Lock writeLock() {
        return writeLock;
    }

    EventMarks marks() {
        return marks;
    }

    Plans plans() {
        return plans;
    }

    StructureCache structure() {
        return structure;
    }
}
