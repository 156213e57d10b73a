package dev.wecomsync.jdbc.internal;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.PendingDeletion;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL behind {@code JdbcSyncStateStore}'s pending deletions ({@code <prefix>pending_deletion})
 * and its last department scope (a row of {@code <prefix>state} with kind {@code SCOPE}).
 */
public final class PendingDeletionRows {

    /** The most characters of a pending deletion's detail that are kept. */
    public static final int MAX_DETAIL = 1000;
    /** The key of the state and pending-deletion tables. */
    public static final List<BulkWrite.Column> KEY = List.of(BulkWrite.Column.text("scope"),
            BulkWrite.Column.text("kind"), BulkWrite.Column.text("entity_id"));
    private static final List<BulkWrite.Column> PENDING = List.of(BulkWrite.Column.bigint("missing_since"),
            BulkWrite.Column.text("reason"), BulkWrite.Column.text("detail"), BulkWrite.Column.bigint("approved"));
    private static final String SCOPE_KIND = "SCOPE";
    private static final String SCOPE_ID = "department-scope";
    private static final int MAX_FINGERPRINT = 255;

    private static final Logger log = LoggerFactory.getLogger(PendingDeletionRows.class);

    private final Database db;
    private final String table;
    private final String stateTable;
    private final String scope;

    public PendingDeletionRows(Database db, String tablePrefix, String scope) {
        this.db = db;
        this.table = tablePrefix + "pending_deletion";
        this.stateTable = tablePrefix + "state";
        this.scope = scope;
    }

    public List<PendingDeletion> read() {
        return db.run("read pending deletions from " + table, c -> {
            List<PendingDeletion> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT kind, entity_id, missing_since, reason, detail, approved"
                    + " FROM " + table + " WHERE scope = ? ORDER BY kind, entity_id")) {
                s.setString(1, scope);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        try {
                            out.add(new PendingDeletion(EntityKind.valueOf(r.getString(1)), r.getString(2),
                                    Instant.ofEpochMilli(r.getLong(3)), PendingDeletion.Reason.valueOf(r.getString(4)),
                                    r.getString(5), r.getInt(6) != 0));
                        } catch (IllegalArgumentException e) {
                            log.warn("{}: a row of scope {} has an unknown kind or reason; ignoring it", table, scope);
                        }
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    public void put(Collection<PendingDeletion> deletions) {
        requireNonNull(deletions, "deletions == null");
        if (deletions.isEmpty()) return;
        List<Object[]> rows = new ArrayList<>(deletions.size());
        for (PendingDeletion d : deletions) {
            rows.add(new Object[] {scope, d.kind().name(), d.id(), d.since().toEpochMilli(), d.reason().name(),
                    d.detail().length() > MAX_DETAIL ? d.detail().substring(0, MAX_DETAIL) : d.detail(),
                    d.approved() ? 1L : 0L});
        }
        db.transaction("put " + deletions.size() + " pending deletion(s) into " + table, c -> {
            BulkWrite.upsert(c, db.dialect(), table, KEY, PENDING, rows);
            return null;
        });
    }

    public void remove(EntityKind kind, Collection<String> ids) {
        removeRows(db, table, scope, kind, ids);
    }

    /**
     * Deletes the rows of these ids from a table keyed by (scope, kind, entity_id), in one
     * transaction and one statement (a few on H2 and MySQL).
     */
    public static void removeRows(Database db, String table, String scope, EntityKind kind, Collection<String> ids) {
        requireNonNull(kind, "kind == null");
        requireNonNull(ids, "ids == null");
        if (ids.isEmpty()) return;
        ids.forEach(id -> requireNonNull(id, "id == null"));
        db.transaction("remove " + ids.size() + " " + kind + " from " + table, c -> {
            BulkWrite.forceCustomPlans(c, db.dialect());
            BulkWrite.delete(c, db.dialect(), table, "scope = ? AND kind = ? AND ", List.of(scope, kind.name()),
                    BulkWrite.Column.text("entity_id"), ids);
            return null;
        });
    }

    public Optional<String> scopeFingerprint() {
        return db.run("read the department scope from " + stateTable, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT fingerprint FROM " + stateTable
                    + " WHERE scope = ? AND kind = ? AND entity_id = ?")) {
                s.setString(1, scope);
                s.setString(2, SCOPE_KIND);
                s.setString(3, SCOPE_ID);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Keeps the fingerprint; one longer than the column is kept as its SHA-256. */
    public void putScopeFingerprint(String fingerprint) {
        requireNonNull(fingerprint, "fingerprint == null");
        String value = fingerprint.length() <= MAX_FINGERPRINT ? fingerprint : "sha256:" + sha256(fingerprint);
        String sql = db.upsert(stateTable, List.of("scope", "kind", "entity_id"), List.of("fingerprint", "parent_id"));
        db.transaction("put the department scope into " + stateTable, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, scope);
                s.setString(2, SCOPE_KIND);
                s.setString(3, SCOPE_ID);
                s.setString(4, value);
                s.setNull(5, java.sql.Types.BIGINT);
                s.executeUpdate();
            }
            return null;
        });
    }

    private static String sha256(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
