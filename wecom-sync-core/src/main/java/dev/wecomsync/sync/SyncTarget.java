package dev.wecomsync.sync;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import java.util.List;

/**
 * The host application's side of a sync: where departments and users go.
 *
 * <p>A host implements this interface once, for its own storage (a database, a directory, a
 * search index), and hands it to {@link WeComSync.Builder#target(SyncTarget)}. The engine reads
 * WeCom, works out what changed since the last run, and calls these methods with exactly those
 * changes.
 *
 * <h2>Batches and threads</h2>
 * Calls come in batches of at most {@link WeComSync.Builder#batchSize(int) batchSize} records,
 * from one thread at a time: an implementation needs no locking of its own for calls made by one
 * {@link WeComSync}. Lists passed in are immutable and never empty.
 *
 * <h2>Order</h2>
 * In a full sync: departments parent-first (every parent before its children), then users (after
 * the departments they belong to exist), then user deletions, then department deletions
 * children-first. A rename ({@link #renameUser}) comes before the upsert of the renamed user.
 *
 * <h2>Idempotency and failures</h2>
 * Every call must be idempotent: the engine redelivers a batch whenever it cannot be sure the
 * batch was applied. A call that throws fails only that batch: the engine records the failure in
 * the {@link SyncReport}, does not advance the {@link SyncStateStore} for those records, goes on
 * with the rest of the run, and sends the same changes again on the next run. Deleting something
 * the target does not have, or renaming a user the target does not have, must be a no-op.
 *
 * <h2>Keeping state in the same place</h2>
 * A target may also implement {@link SyncStateStore}; the engine then uses it as its state store
 * (unless another store is configured), so a database target can keep the state next to its
 * data. The engine writes state for a batch only after the target accepted the batch; a crash
 * between the two at worst causes a redelivery. A target that writes the state in the same
 * transaction as the data can implement {@link StatefulSyncTarget} as well, and take a full
 * sync's new users with their state in one call.
 */
public interface SyncTarget {

    /** Creates or replaces these departments; every parent comes before its children. */
    void upsertDepartments(List<Department> departments);

    /** Creates or replaces these users; their departments have already been upserted. */
    void upsertUsers(List<User> users);

    /**
     * Changes a user's id from {@code oldUserId} to {@code newUserId}, keeping the user's
     * identity in the host (WeCom lets a userid change once). Userids compare ignoring case;
     * the two may differ only in case. A no-op when the target has no {@code oldUserId}.
     */
    void renameUser(String oldUserId, String newUserId);

    /** Deletes these users; ids the target does not have are ignored. */
    void deleteUsers(List<String> userIds);

    /** Deletes these departments, children before parents; unknown ids are ignored. */
    void deleteDepartments(List<Long> departmentIds);

    /**
     * Called before the first call of a full sync. Does nothing by default. An exception stops the
     * run before anything is read: {@link WeComSync#fullSync()} throws it.
     */
    default void onSyncStarted(SyncRun run) {
    }

    /**
     * Called after the last call of a full sync, also when parts of it failed. Does nothing by
     * default. An exception is logged and otherwise ignored.
     */
    default void onSyncFinished(SyncReport report) {
    }
}
