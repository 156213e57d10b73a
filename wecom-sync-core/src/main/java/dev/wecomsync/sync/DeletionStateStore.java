package dev.wecomsync.sync;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An optional capability of a {@link SyncStateStore}: it also keeps the deletions a full sync has
 * not made yet ({@link PendingDeletion}: since when a record is missing, why it waits, whether it
 * was approved) and the {@link DepartmentScope} of the last full sync.
 *
 * <p>A store that implements this keeps the grace period of
 * {@link WeComSync.Builder#deletionDelay deletionDelay} and the approvals across restarts and, when
 * the store is shared, across the instances of a cluster. With a store that does not, the engine
 * keeps them in memory: they are lost when the process ends (a record missing before the restart
 * starts its delay again; approvals must be given again). {@link InMemorySyncStateStore} and the
 * JDBC store implement it.
 *
 * <h2>When the engine writes</h2>
 * At the end of a full sync that was allowed to delete (every read succeeded, not quarantined, not
 * a dry run): {@link #putPendingDeletions} for what still waits, {@link #removePendingDeletions}
 * for what was deleted or came back, {@link #putScopeFingerprint} for the scope it ran with; and
 * from {@link WeComSync#approveDeletions} while no full sync runs. Calls come from one thread at a
 * time per {@code WeComSync}, like the rest of the state store; what a call throws is logged and
 * the deletions it concerned are tried again next run.
 */
public interface DeletionStateStore {

    /** Every pending deletion, of both kinds; empty (never null) when none. */
    List<PendingDeletion> pendingDeletions();

    /** Stores these entries, replacing those of the same kind and id (approval included). */
    void putPendingDeletions(Collection<PendingDeletion> deletions);

    /** Forgets the entries of these ids; unknown ids are ignored. */
    void removePendingDeletions(EntityKind kind, Collection<String> ids);

    /** {@link DepartmentScope#fingerprint()} of the last full sync that stored one; empty before the first. */
    Optional<String> scopeFingerprint();

    /** Keeps {@code fingerprint} as the scope of the last full sync. */
    void putScopeFingerprint(String fingerprint);
}
