package dev.wecomsync.jdbc;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.jdbc.internal.BulkWrite;
import dev.wecomsync.jdbc.internal.Database;
import dev.wecomsync.jdbc.internal.PendingDeletionRows;
import dev.wecomsync.sync.DeletionStateStore;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.PendingDeletion;
import dev.wecomsync.sync.SyncStateStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SyncStateStore} in a table of the host's database, for hosts whose target is not a
 * database of their own (a directory, an API) or that want the state to survive restarts and be
 * shared by the instances of a cluster.
 *
 * <pre>{@code
 * WeComSync sync = WeComSync.builder()
 *     .client(client).target(target)
 *     .stateStore(JdbcSyncStateStore.builder().dataSource(dataSource).scope("corp-a").build())
 *     .build();
 * }</pre>
 *
 * <h2>Rows</h2>
 * One row per (scope, kind, id) with the fingerprint the engine computed
 * ({@link Fingerprint#encoded()}, 140 characters for a user, 49 for a department) and, for
 * departments, the parent id in a column of its own. The {@link Builder#scope scope} keeps
 * several {@code WeComSync}s (one per corp, say) apart in one table. {@link #put} is an upsert and
 * {@link #remove} a delete, each of a whole call in one transaction and one statement
 * (PostgreSQL passes each column as an array; H2 and MySQL get multi-row lists, split past
 * {@value BulkWrite#MAX_PARAMETERS} parameters). Ids are stored verbatim (up to 255 characters;
 * keys compare case-sensitively). A row whose fingerprint cannot be read (written by wecom-sync 0.1, or
 * edited by hand) is logged and left out, so the engine sends that record again and overwrites
 * the row.
 *
 * <h2>Pending deletions</h2>
 * It is also a {@link DeletionStateStore}: the deletions a full sync has not made yet (waiting out
 * the deletion delay, held by the guard, not confirmed) are rows of {@code <prefix>pending_deletion},
 * one per (scope, kind, id), with the instant the record was first found missing and whether it
 * was approved; details are cut to {@value PendingDeletionRows#MAX_DETAIL} characters. The
 * department scope of the last full sync is a row of the state table with kind {@code SCOPE}. So
 * the delay and the approvals survive restarts and hold for every instance sharing the table.
 *
 * <p>Thread-safe. A target that is itself a database does better to implement
 * {@link SyncStateStore} in the same transaction as its data.
 */
public final class JdbcSyncStateStore implements SyncStateStore, DeletionStateStore {

    /** The scope unless the builder says otherwise. */
    public static final String DEFAULT_SCOPE = "default";

    private static final List<BulkWrite.Column> VALUES = List.of(BulkWrite.Column.text("fingerprint"),
            BulkWrite.Column.bigint("parent_id"));

    private static final Logger log = LoggerFactory.getLogger(JdbcSyncStateStore.class);

    private final Database db;
    private final String table;
    private final String scope;
    private final PendingDeletionRows pending;

    private JdbcSyncStateStore(Builder b) {
        this.db = new Database(b.dataSource, b.dialect, "JdbcSyncStateStore");
        this.table = b.tablePrefix + "state";
        this.scope = b.scope;
        this.pending = new PendingDeletionRows(db, b.tablePrefix, b.scope);
    }

    /** A builder; the {@code dataSource} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Map<String, Fingerprint> read(EntityKind kind) {
        requireNonNull(kind, "kind == null");
        return db.run("read " + kind + " from " + table, c -> {
            Map<String, Fingerprint> out = new HashMap<>();
            int unreadable = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT entity_id, fingerprint, parent_id FROM " + table
                    + " WHERE scope = ? AND kind = ?")) {
                s.setString(1, scope);
                s.setString(2, kind.name());
                s.setFetchSize(1_000);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        Fingerprint fp = fingerprint(kind, r);
                        if (fp == null) {
                            unreadable++;
                        } else {
                            out.put(r.getString(1), fp);
                        }
                    }
                }
            }
            if (unreadable > 0) {
                log.warn("{}: {} {} row(s) of scope {} hold no readable fingerprint; those records will be sent again",
                        table, unreadable, kind, scope);
            }
            return Map.copyOf(out);
        });
    }

    /** The fingerprint of the row (columns 2 and 3); null when it cannot be read. */
    private static Fingerprint fingerprint(EntityKind kind, ResultSet r) throws SQLException {
        String encoded = r.getString(2);
        long parent = r.getLong(3);
        boolean noParent = r.wasNull();
        try {
            if (kind == EntityKind.USER) {
                return Fingerprint.parse(encoded);
            }
            return noParent ? null : Fingerprint.parse(encoded, parent);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The fingerprint stored for one id, read with one indexed query. */
    @Override
    public Optional<Fingerprint> get(EntityKind kind, String id) {
        requireNonNull(kind, "kind == null");
        requireNonNull(id, "id == null");
        return db.run("get " + kind + " from " + table, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT entity_id, fingerprint, parent_id FROM " + table
                    + " WHERE scope = ? AND kind = ? AND entity_id = ?")) {
                s.setString(1, scope);
                s.setString(2, kind.name());
                s.setString(3, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.ofNullable(fingerprint(kind, r)) : Optional.empty();
                }
            }
        });
    }

    private static final int LOOKUP_BATCH = 500;

    /**
     * The fingerprints stored for these ids, read with one query per 500 ids (one
     * per batch of a full sync): {@code IN (…)}, on PostgreSQL a join with {@code unnest} of an array.
     */
    @Override
    public Map<String, Fingerprint> get(EntityKind kind, Collection<String> ids) {
        requireNonNull(kind, "kind == null");
        requireNonNull(ids, "ids == null");
        List<String> distinct = ids.stream().map(id -> requireNonNull(id, "id == null")).distinct().toList();
        if (distinct.isEmpty()) return Map.of();
        return db.run("get " + distinct.size() + " " + kind + " from " + table, c -> {
            Map<String, Fingerprint> out = new HashMap<>();
            boolean postgres = db.dialect() == SqlDialect.POSTGRESQL;
            for (int from = 0; from < distinct.size(); from += LOOKUP_BATCH) {
                List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + LOOKUP_BATCH));
                boolean h2 = db.dialect() == SqlDialect.H2;
                String sql = postgres ? lookupByArray() : h2 ? lookupByRows(chunk.size()) : lookupByList(chunk.size());
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    int i = 1;
                    if (postgres) s.setArray(i++, c.createArrayOf("varchar", chunk.toArray()));
                    if (h2) {
                        for (String id : chunk) {
                            s.setString(i++, scope);
                            s.setString(i++, kind.name());
                            s.setString(i++, id);
                        }
                    } else {
                        s.setString(i++, scope);
                        s.setString(i++, kind.name());
                    }
                    if (!postgres && !h2) for (String id : chunk) s.setString(i++, id);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            Fingerprint fp = fingerprint(kind, r);
                            if (fp != null) out.put(r.getString(1), fp);
                        }
                    }
                }
            }
            return out;
        });
    }

    /** {@code (scope, kind, entity_id) IN ((?, ?, ?), …)}: what H2 plans as lookups by its key. */
    private String lookupByRows(int ids) {
        return "SELECT entity_id, fingerprint, parent_id FROM " + table + " WHERE (scope, kind, entity_id) IN ("
                + String.join(", ", java.util.Collections.nCopies(ids, "(?, ?, ?)")) + ")";
    }

    /** {@code IN (?, …)}: MySQL and MariaDB plan it as index lookups. */
    private String lookupByList(int ids) {
        return "SELECT entity_id, fingerprint, parent_id FROM " + table + " WHERE scope = ? AND kind = ? AND entity_id IN ("
                + String.join(", ", java.util.Collections.nCopies(ids, "?")) + ")";
    }

    /**
     * A join with {@code unnest(?)}: once the driver prepares it on the server, PostgreSQL's generic
     * plan for {@code IN (?, …)} on a table without statistics compares every row of the scope with
     * every id (hundreds of milliseconds for 10,000 rows); this one is a hash join at worst.
     */
    private String lookupByArray() {
        return "SELECT s.entity_id, s.fingerprint, s.parent_id FROM unnest(?) AS i(id) JOIN " + table
                + " s ON s.scope = ? AND s.kind = ? AND s.entity_id = i.id";
    }

    @Override
    public void put(EntityKind kind, Map<String, Fingerprint> fingerprints) {
        requireNonNull(kind, "kind == null");
        requireNonNull(fingerprints, "fingerprints == null");
        if (fingerprints.isEmpty()) return;
        List<Object[]> rows = new ArrayList<>(fingerprints.size());
        fingerprints.forEach((id, fp) -> {
            requireNonNull(id, "id == null");
            requireNonNull(fp, "fingerprint == null");
            rows.add(new Object[] {scope, kind.name(), id, fp.encoded(),
                    fp.parentId().isPresent() ? fp.parentId().getAsLong() : null});
        });
        db.transaction("put " + fingerprints.size() + " " + kind + " into " + table, c -> {
            BulkWrite.upsert(c, db.dialect(), table, PendingDeletionRows.KEY, VALUES, rows);
            return null;
        });
    }

    @Override
    public void remove(EntityKind kind, Collection<String> ids) {
        PendingDeletionRows.removeRows(db, table, scope, kind, ids);
    }

    @Override
    public List<PendingDeletion> pendingDeletions() {
        return pending.read();
    }

    @Override
    public void putPendingDeletions(Collection<PendingDeletion> deletions) {
        pending.put(deletions);
    }

    @Override
    public void removePendingDeletions(EntityKind kind, Collection<String> ids) {
        pending.remove(kind, ids);
    }

    @Override
    public Optional<String> scopeFingerprint() {
        return pending.scopeFingerprint();
    }

    @Override
    public void putScopeFingerprint(String fingerprint) {
        pending.putScopeFingerprint(fingerprint);
    }

    @Override
    public String toString() {
        return "JdbcSyncStateStore[table=" + table + ", scope=" + scope + ", dialect=" + db + "]";
    }

    /** Configures a {@link JdbcSyncStateStore}; only the data source is required. */
    public static final class Builder extends JdbcStoreBuilder<Builder> {
        private String scope = DEFAULT_SCOPE;

        private Builder() {}

        /** Which sync's state this is, 1 to 64 characters; default {@value #DEFAULT_SCOPE}. */
        public Builder scope(String scope) {
            requireNonNull(scope, "scope == null");
            if (scope.isEmpty() || scope.length() > 64) throw new IllegalArgumentException("scope must be 1 to 64 characters");
            this.scope = scope;
            return this;
        }

        /** Checks the settings ({@link IllegalStateException} without a data source), creates the tables when asked, builds the store. */
        public JdbcSyncStateStore build() {
            prepare();
            return new JdbcSyncStateStore(this);
        }
    }
}
