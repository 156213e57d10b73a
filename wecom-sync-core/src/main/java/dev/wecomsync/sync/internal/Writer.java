package dev.wecomsync.sync.internal;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.RecordChange;
import dev.wecomsync.sync.StatefulSyncTarget;
import dev.wecomsync.sync.SyncStateStore;
import dev.wecomsync.sync.SyncTarget;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * The one way to the target, for full syncs and single records alike: upserts in batches,
 * renames, deletions, and the state store advanced for exactly the calls the target accepted.
 *
 * <h2>The failure rule</h2>
 * A target call that throws fails that call only: its records are recorded as failed, the state
 * store is not touched for them, and the writer goes on (a full sync redelivers them next run; a
 * single-record sync throws {@link Recorder#firstWriteError()} so its caller retries). A state
 * store call that throws after the target accepted is recorded too; the next run redelivers.
 *
 * <p>Each target call and its state update run under the engine's write lock, so full syncs and
 * events never call the target at the same time. Used from one thread. In a dry run nothing is
 * called and every change is recorded as if it had been accepted.
 *
 * <h2>A full sync's guard</h2>
 * A writer of a full sync has a {@link RunGuard}: under the write lock, before each batch, it
 * leaves out the records someone else wrote since the run read them, and before each target call
 * it checks that the run still holds its sync lock (throwing {@link RunGuard.LockLost} when not).
 * A batch of users that were all absent from the run's state goes, when the store is the target
 * and the target a {@link StatefulSyncTarget}, to {@link StatefulSyncTarget#insertUsersIfAbsent}
 * instead: the target checks them in the write, and writes their state itself.
 */
final class Writer {

    private final SyncTarget target;
    private final SyncStateStore store;
    private final int batchSize;
    private final boolean dryRun;
    private final Lock writeLock;
    private final Recorder recorder;
    private final RunGuard guard;
    private final Map<EntityKind, List<Change>> pending = new EnumMap<>(EntityKind.class);

    /** A writer for one record synced on demand, or a dry run: no guard. */
    Writer(EngineConfig config, boolean dryRun, Lock writeLock, Recorder recorder) {
        this(config, dryRun, writeLock, recorder, null);
    }

    /** {@code guard} may be null (no guard); a full sync that writes has one. */
    Writer(EngineConfig config, boolean dryRun, Lock writeLock, Recorder recorder, RunGuard guard) {
        this.guard = guard;
        this.target = config.target();
        this.store = config.store();
        this.batchSize = config.batchSize();
        this.dryRun = dryRun;
        this.writeLock = writeLock;
        this.recorder = recorder;
        pending.put(EntityKind.DEPARTMENT, new ArrayList<>());
        pending.put(EntityKind.USER, new ArrayList<>());
    }

    /**
     * Writes one compared record: unchanged ones are only counted; a user the target has under an
     * id that differs in case is renamed first (and not sent this run when the rename fails); the
     * rest are queued and sent a batch at a time.
     */
    void write(Change change) {
        if (change.renameFrom() != null
                && !rename(change.renameFrom(), change.id(), change.prior(), Optional.of((User) change.record()))) {
            return;
        }
        if (!change.fieldsChanged()) {
            recorder.unchanged(change.kind());
            return;
        }
        List<Change> queue = pending.get(change.kind());
        queue.add(change);
        if (queue.size() >= batchSize) {
            flush(change.kind());
        }
    }

    /** Sends what is queued for {@code kind}. */
    void flush(EntityKind kind) {
        List<Change> queue = pending.get(kind);
        if (queue.isEmpty()) {
            return;
        }
        List<Change> queued = List.copyOf(queue);
        queue.clear();
        if (guard == null) {
            send(kind, queued);
            return;
        }
        writeLock.lock();
        try {
            if (kind == EntityKind.USER && target instanceof StatefulSyncTarget own && own == store
                    && queued.stream().allMatch(c -> c.prior() == null)) {
                insertNewUsers(own, queued);
                return;
            }
            List<Change> batch = guard.unchangedSinceRead(kind, queued);
            if (!batch.isEmpty()) {
                send(kind, batch);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A full sync's batch of users that were all absent from the state when the run read it, to a
     * target that checks that in the write itself, with no lookup first. Called under the write
     * lock.
     */
    private void insertNewUsers(StatefulSyncTarget own, List<Change> batch) {
        List<RecordChange> changes = batch.stream().map(Change::toRecordChange).toList();
        guard.checkLock(EntityKind.USER, batch.stream().map(Change::id).toList());
        List<User> records = batch.stream().map(c -> (User) c.record()).toList();
        Set<String> existing;
        try {
            existing = own.insertUsersIfAbsent(records, fingerprints(batch));
        } catch (RuntimeException e) {
            recorder.refused(EntityKind.USER, changes, "insertUsersIfAbsent", e);
            return;
        }
        for (RecordChange change : changes) {
            if (existing.contains(change.id())) {
                recorder.skipped(change, RunGuard.CHANGED_MEANWHILE);
            } else {
                recorder.accepted(change);
            }
        }
    }

    /** The batch's new state: id → fingerprint, in the batch's order. */
    private static Map<String, Fingerprint> fingerprints(List<Change> batch) {
        Map<String, Fingerprint> state = new LinkedHashMap<>();
        batch.forEach(c -> state.put(c.id(), c.fingerprint()));
        return state;
    }

    private void send(EntityKind kind, List<Change> batch) {
        List<RecordChange> changes = batch.stream().map(Change::toRecordChange).toList();
        Map<String, Fingerprint> state = fingerprints(batch);
        if (kind == EntityKind.DEPARTMENT) {
            List<Department> records = batch.stream().map(c -> (Department) c.record()).toList();
            call(kind, changes, "upsertDepartments", () -> target.upsertDepartments(records),
                    () -> store.put(kind, state));
        } else {
            List<User> records = batch.stream().map(c -> (User) c.record()).toList();
            call(kind, changes, "upsertUsers", () -> target.upsertUsers(records), () -> store.put(kind, state));
        }
    }

    /**
     * Calls {@link SyncTarget#renameUser}, then moves the state entry to the new id with
     * {@code carried}, the old fingerprint (so a later failed upsert is still redelivered).
     * False when the target threw.
     */
    boolean rename(String oldUserId, String newUserId, Fingerprint carried, Optional<User> user) {
        RecordChange change = RecordChange.renamed(oldUserId, newUserId, RecordChange.Type.RENAMED, user);
        return call(EntityKind.USER, List.of(change), "renameUser", () -> target.renameUser(oldUserId, newUserId), () -> {
            store.remove(EntityKind.USER, List.of(oldUserId));
            if (carried != null) {
                store.put(EntityKind.USER, Map.of(newUserId, carried));
            }
        });
    }

    /**
     * Deletes users by the ids the target knows them by, in batches; {@code afterBatch} runs after
     * each. Returns the ids the target accepted.
     */
    List<String> deleteUsers(List<String> storedIds, Runnable afterBatch) {
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < storedIds.size(); i += batchSize) {
            List<String> ids = List.copyOf(storedIds.subList(i, Math.min(storedIds.size(), i + batchSize)));
            writeLock.lock();
            try {
                List<String> batch = guard == null ? ids : guard.unchangedSinceStart(EntityKind.USER, ids);
                if (!batch.isEmpty() && delete(EntityKind.USER, batch, "deleteUsers", () -> target.deleteUsers(batch))) {
                    deleted.addAll(batch);
                }
            } finally {
                writeLock.unlock();
            }
            afterBatch.run();
        }
        return deleted;
    }

    /**
     * Deletes departments in the given order (children first), in batches; {@code afterBatch} runs
     * after each. Returns the ids the target accepted.
     */
    List<Long> deleteDepartments(List<Long> ids, Runnable afterBatch) {
        List<Long> deleted = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += batchSize) {
            List<String> decimal = ids.subList(i, Math.min(ids.size(), i + batchSize)).stream().map(String::valueOf)
                    .toList();
            writeLock.lock();
            try {
                List<String> kept = guard == null ? decimal : guard.unchangedSinceStart(EntityKind.DEPARTMENT, decimal);
                List<Long> batch = kept.stream().map(Long::valueOf).toList();
                if (!batch.isEmpty() && delete(EntityKind.DEPARTMENT, kept, "deleteDepartments",
                        () -> target.deleteDepartments(batch))) {
                    deleted.addAll(batch);
                }
            } finally {
                writeLock.unlock();
            }
            afterBatch.run();
        }
        return deleted;
    }

    private boolean delete(EntityKind kind, List<String> ids, String operation, Runnable call) {
        List<RecordChange> changes = ids.stream().map(id -> RecordChange.of(kind, id, RecordChange.Type.DELETED)).toList();
        return call(kind, changes, operation, call, () -> store.remove(kind, ids));
    }

    /**
     * Throws {@link RunGuard.LockLost} when this writer's full sync lost its sync lock; for what a
     * full sync stores besides the target's records (pending deletions, the scope).
     */
    void checkLock() {
        if (guard != null) {
            guard.checkLock(EntityKind.USER, List.of());
        }
    }

    /**
     * One target call and its state update, under the write lock; false when the target threw.
     * A full sync's writer first checks that the run still holds its lock.
     */
    private boolean call(EntityKind kind, List<RecordChange> changes, String operation, Runnable targetCall,
            Runnable stateUpdate) {
        if (!dryRun) {
            writeLock.lock();
            try {
                if (guard != null) {
                    guard.checkLock(kind, changes.stream().map(c -> c.previousId().orElse(c.id())).toList());
                }
                try {
                    targetCall.run();
                } catch (RuntimeException e) {
                    recorder.refused(kind, changes, operation, e);
                    return false;
                }
                try {
                    stateUpdate.run();
                } catch (RuntimeException e) {
                    recorder.stateFailure(kind, changes.stream().map(c -> c.previousId().orElse(c.id())).toList(), e);
                }
            } finally {
                writeLock.unlock();
            }
        }
        changes.forEach(recorder::accepted);
        return true;
    }
}
