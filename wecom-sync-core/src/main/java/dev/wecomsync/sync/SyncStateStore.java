package dev.wecomsync.sync;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the target already has: for each kind, an id → {@link Fingerprint} map.
 *
 * <p>The engine compares each record it reads from WeCom with its fingerprint here and sends the
 * target only the records that changed; the fingerprint also says which components changed, for
 * {@link SyncReport#changes()}. Ids are userids exactly as the target received them, and
 * department ids in decimal.
 *
 * <h2>Storing fingerprints</h2>
 * Keep each fingerprint as {@link Fingerprint#encoded()} text (at most
 * {@value Fingerprint#MAX_ENCODED_LENGTH} ASCII characters) and, for departments, its
 * {@link Fingerprint#parentId()} in a column of its own; read them back with
 * {@link Fingerprint#parse(String)} (users) or {@link Fingerprint#parse(String, long)}
 * (departments). A store in memory may keep the objects themselves.
 *
 * <h2>When the engine writes</h2>
 * {@link #put} runs after the target accepted a batch, {@link #remove} after it accepted a
 * deletion, so a failure in between leaves the store behind the target, never ahead of it: the
 * next run redelivers. A {@link SyncTarget} may implement this interface too; the engine then
 * uses the target as its store.
 *
 * <h2>Threads</h2>
 * The engine calls a store from one thread at a time per {@link WeComSync}; a store shared by
 * several instances must be safe for that itself.
 *
 * <h2>Several instances</h2>
 * When the instances of a cluster share a store, an event applied on one instance may write a
 * record while a full sync on another is running with an older read of it. Just before it sends a
 * batch, the full sync reads the batch's fingerprints again with {@link #get(EntityKind,
 * Collection)}; a record whose stored fingerprint is no longer the one the run compared against
 * is not sent (nor deleted) and appears in the report as {@link RecordChange.Type#SKIPPED}. What
 * remains is a write that lands between that read and the target call: when the store is the
 * target's own table in the same transaction as its data, the next full sync puts the record
 * right; with a separate store, the record's next event or change in WeCom does. A target that is
 * a {@link StatefulSyncTarget} gets the batches of users the run found new without that read,
 * and checks them in the write itself.
 */
public interface SyncStateStore {

    /** Everything stored for {@code kind}, id → fingerprint; empty (never null) when nothing is. */
    Map<String, Fingerprint> read(EntityKind kind);

    /**
     * The fingerprint stored for one id, for the engine's single-record path ({@link
     * WeComSync#apply}, {@link WeComSync#syncUser}). The default reads everything; stores that can
     * look up one id override it.
     */
    default Optional<Fingerprint> get(EntityKind kind, String id) {
        return Optional.ofNullable(read(kind).get(id));
    }

    /**
     * The fingerprints stored for these ids, id → fingerprint; ids with none are left out. A full
     * sync calls it once per batch, just before it sends the batch, to find records that another
     * writer changed after the run read its state (see "Several instances" above). The default
     * filters {@link #read}; stores that can look ids up override it ({@code JdbcSyncStateStore}
     * does with one query per batch), and a store shared by the instances of a cluster should.
     */
    default Map<String, Fingerprint> get(EntityKind kind, Collection<String> ids) {
        Map<String, Fingerprint> all = read(kind);
        Map<String, Fingerprint> out = new HashMap<>();
        for (String id : ids) {
            Fingerprint fp = all.get(id);
            if (fp != null) {
                out.put(id, fp);
            }
        }
        return out;
    }

    /** Stores these fingerprints, replacing those of the same ids. */
    void put(EntityKind kind, Map<String, Fingerprint> fingerprints);

    /** Forgets these ids; unknown ids are ignored. */
    void remove(EntityKind kind, Collection<String> ids);
}
