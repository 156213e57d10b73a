package dev.wecomsync.jdbc;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.jdbc.internal.Database;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.SyncStateStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * One row per (scope, kind, id) with the fingerprint the engine computed. The {@link
 * Builder#scope scope} keeps several {@code WeComSync}s (one per corp, say) apart in one table.
 * {@link #put} is an upsert and {@link #remove} a delete, each of a whole call in one transaction,
 * sent in batches of {@value #BATCH_SIZE} statements. Ids and fingerprints are stored verbatim
 * (up to 255 characters; keys compare case-sensitively).
 *
 * <p>Thread-safe. A target that is itself a database does better to implement
 * {@link SyncStateStore} in the same transaction as its data.
 */
public final class JdbcSyncStateStore implements SyncStateStore {

    /** The scope unless the builder says otherwise. */
    public static final String DEFAULT_SCOPE = "default";

    static final int BATCH_SIZE = 500;

    private final Database db;
    private final String table;
    private final String scope;

    private JdbcSyncStateStore(Builder b) {
        this.db = new Database(b.dataSource, b.dialect, "JdbcSyncStateStore");
        this.table = b.tablePrefix + "state";
        this.scope = b.scope;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Map<String, String> read(EntityKind kind) {
        requireNonNull(kind, "kind == null");
        return db.run("read " + kind + " from " + table, c -> {
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT entity_id, fingerprint FROM " + table
                    + " WHERE scope = ? AND kind = ?")) {
                s.setString(1, scope);
                s.setString(2, kind.name());
                s.setFetchSize(1_000);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) out.put(r.getString(1), r.getString(2));
                }
            }
            return Map.copyOf(out);
        });
    }

    /** The fingerprint stored for one id, read with one indexed query. */
    @Override
    public Optional<String> get(EntityKind kind, String id) {
        requireNonNull(kind, "kind == null");
        requireNonNull(id, "id == null");
        return db.run("get " + kind + " from " + table, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT fingerprint FROM " + table
                    + " WHERE scope = ? AND kind = ? AND entity_id = ?")) {
                s.setString(1, scope);
                s.setString(2, kind.name());
                s.setString(3, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(EntityKind kind, Map<String, String> fingerprints) {
        requireNonNull(kind, "kind == null");
        requireNonNull(fingerprints, "fingerprints == null");
        if (fingerprints.isEmpty()) return;
        String sql = db.upsert(table, List.of("scope", "kind", "entity_id"), List.of("fingerprint"));
        db.transaction("put " + fingerprints.size() + " " + kind + " into " + table, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int pending = 0;
                for (Map.Entry<String, String> e : fingerprints.entrySet()) {
                    s.setString(1, scope);
                    s.setString(2, kind.name());
                    s.setString(3, requireNonNull(e.getKey(), "id == null"));
                    s.setString(4, requireNonNull(e.getValue(), "fingerprint == null"));
                    s.addBatch();
                    if (++pending == BATCH_SIZE) {
                        s.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) s.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void remove(EntityKind kind, Collection<String> ids) {
        requireNonNull(kind, "kind == null");
        requireNonNull(ids, "ids == null");
        if (ids.isEmpty()) return;
        db.transaction("remove " + ids.size() + " " + kind + " from " + table, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table
                    + " WHERE scope = ? AND kind = ? AND entity_id = ?")) {
                int pending = 0;
                for (String id : ids) {
                    s.setString(1, scope);
                    s.setString(2, kind.name());
                    s.setString(3, requireNonNull(id, "id == null"));
                    s.addBatch();
                    if (++pending == BATCH_SIZE) {
                        s.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) s.executeBatch();
            }
            return null;
        });
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

        public JdbcSyncStateStore build() {
            prepare();
            return new JdbcSyncStateStore(this);
        }
    }
}
