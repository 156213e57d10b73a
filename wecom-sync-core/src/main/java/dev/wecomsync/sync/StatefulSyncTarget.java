package dev.wecomsync.sync;

import dev.wecomsync.model.User;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link SyncTarget} that is its own {@link SyncStateStore}, writing each record's fingerprint in
 * the same transaction as the record, and that can write users only where it holds no state for
 * them. A target does not have to implement this; one that does lets a full sync skip a lookup.
 *
 * <h2>What the engine does with it</h2>
 * Before each batch a full sync checks that nobody wrote the batch's records since the run read
 * the state (see "Several instances" in {@link SyncStateStore}): it reads their fingerprints again.
 * When the engine's store is this target and every user of a batch was absent from the state
 * when the run read it (a first sync, or users new in WeCom), it calls {@link #insertUsersIfAbsent}
 * instead of that read and {@link #upsertUsers}: the target checks in the write itself (a
 * database target, for example, by inserting its state rows, which fail on a key that exists),
 * with no lookup before. The users it returns are reported as
 * {@link RecordChange.Type#SKIPPED}, the others as created; the engine does not call {@link #put}
 * for them, the target has written their state.
 */
public interface StatefulSyncTarget extends SyncTarget, SyncStateStore {

    /**
     * Writes, in one transaction, the users for which no fingerprint is stored, as {@link
     * #upsertUsers} would, each with its fingerprint from {@code fingerprints} (by userid, as in
     * {@link User#userId()}); leaves the others alone. A call that throws writes nothing.
     *
     * @return the userids left out because a fingerprint was stored for them (someone else wrote
     *     them since the run read the state); empty when all were written
     */
    Set<String> insertUsersIfAbsent(List<User> users, Map<String, Fingerprint> fingerprints);
}
