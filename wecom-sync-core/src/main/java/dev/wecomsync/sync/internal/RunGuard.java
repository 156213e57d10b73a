package dev.wecomsync.sync.internal;

import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.RecordChange;
import dev.wecomsync.sync.SyncLock;
import dev.wecomsync.sync.SyncStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a full sync checks, under the engine's write lock, before each call it makes to the
 * target: that its {@link SyncLock} is still its own, and that nobody wrote the batch's records
 * since the run read the state store.
 *
 * <h2>The lock</h2>
 * {@link SyncLock#isHeld()} is asked before every target call of the run. Once it says no (or
 * throws), {@link #checkLock} records a failure, and throws {@link LockLost}: the run ends where
 * it is, writes nothing more and makes no deletions.
 *
 * <h2>Newer writes</h2>
 * Just before a batch is sent, the stored fingerprints of its ids are read again ({@link
 * SyncStateStore#get(EntityKind, java.util.Collection)}, one query per batch): a record whose
 * stored fingerprint is no longer the one this run compared against was written by someone else
 * (an event applied on another instance) after this run read the state, so this run's copy may be
 * older. It is left out of the batch and reported as {@link RecordChange.Type#SKIPPED};
 * deletions are checked the same way against the run's start snapshot.
 *
 * <p>What remains: a write by another instance that lands between this re-read and the target
 * call (the time of one target call) can still be overwritten by this run's older copy. Users new
 * to the run whose target is a {@link dev.wecomsync.sync.StatefulSyncTarget} skip this re-read:
 * the {@link Writer} sends them to the target, which checks them in the write. When the
 * target keeps its state in the same transaction as its data, the state then holds this run's
 * fingerprint and the next full sync sends WeCom's current record again; with a separate state
 * store the other instance's fingerprint may win, and the record is put right by its next event
 * or change in WeCom. Events on this instance never race: they share the write lock and are left
 * alone by {@link EventMarks}.
 */
final class RunGuard {

    /** The operation a lost lock is reported under, in {@link dev.wecomsync.sync.SyncReport.Failure}. */
    static final String LOCK_OPERATION = "SyncLock";
    static final String CHANGED_MEANWHILE = "changed by another writer (an event, perhaps on another instance) after "
            + "this full sync read its state; its copy may be older, so the other write stands";

    /** Thrown once the lock is lost: the full sync stops where it is. */
    static final class LockLost extends RuntimeException {
        LockLost(String reason) {
            super(reason, null, false, false);
        }
    }

    private final SyncLock lock;
    private final SyncStateStore store;
    private final StateSnapshot snapshot;
    private final Recorder recorder;
    private String lost;

    RunGuard(SyncLock lock, SyncStateStore store, StateSnapshot snapshot, Recorder recorder) {
        this.lock = lock;
        this.store = store;
        this.snapshot = snapshot;
        this.recorder = recorder;
    }

    /**
     * Returns when this run still holds its lock; otherwise records it against {@code ids} (the
     * batch that is not written) and throws {@link LockLost}.
     */
    void checkLock(EntityKind kind, List<String> ids) {
        if (lost == null) {
            String why;
            try {
                if (lock.isHeld()) {
                    return;
                }
                why = "lost the sync lock: its lease ran out (this instance stalled or could not renew it) and another "
                        + "instance may have taken over";
            } catch (RuntimeException e) {
                why = "could not confirm that this run still holds the sync lock (" + ReadError.reason(e) + ")";
            }
            lost = why + "; stopped writing: nothing more was written and no more deletions were made by this run";
            recorder.lockLost(kind, ids, lost);
        }
        throw new LockLost(lost);
    }

    /**
     * The changes of a batch whose stored fingerprint is still the one they were compared with;
     * the others are recorded as skipped. Empty, with the batch recorded as failed, when the
     * store cannot be read.
     */
    List<Change> unchangedSinceRead(EntityKind kind, List<Change> batch) {
        Map<String, Fingerprint> now;
        try {
            now = store.get(kind, batch.stream().map(Change::id).toList());
        } catch (RuntimeException e) {
            recorder.refused(kind, batch.stream().map(Change::toRecordChange).toList(), "SyncStateStore.get", e);
            return List.of();
        }
        List<Change> kept = new ArrayList<>(batch.size());
        for (Change c : batch) {
            if (Objects.equals(now.get(c.id()), c.prior())) {
                kept.add(c);
            } else {
                recorder.skipped(c.toRecordChange(), CHANGED_MEANWHILE);
            }
        }
        return kept;
    }

    /**
     * The ids of a deletion batch whose stored fingerprint is still the one in the run's start
     * snapshot; the others are recorded as skipped. Empty when the store cannot be read (the
     * deletions wait for the next run).
     */
    List<String> unchangedSinceStart(EntityKind kind, List<String> ids) {
        Map<String, Fingerprint> now;
        try {
            now = store.get(kind, ids);
        } catch (RuntimeException e) {
            recorder.refused(kind, ids.stream().map(id -> RecordChange.of(kind, id,
                    RecordChange.Type.DELETED)).toList(), "SyncStateStore.get", e);
            return List.of();
        }
        List<String> kept = new ArrayList<>(ids.size());
        for (String id : ids) {
            if (Objects.equals(now.get(id), atStart(kind, id))) {
                kept.add(id);
            } else {
                recorder.skipped(RecordChange.of(kind, id, RecordChange.Type.DELETED),
                        CHANGED_MEANWHILE + "; not deleted");
            }
        }
        return kept;
    }

    private Fingerprint atStart(EntityKind kind, String id) {
        if (kind == EntityKind.USER) {
            StateSnapshot.UserEntry entry = snapshot.users.get(User.normalizeUserId(id));
            return entry != null && entry.storedId().equals(id) ? entry.fingerprint() : null;
        }
        try {
            return snapshot.departments.get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
