package dev.wecomsync.examples.jdbc;

import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.PendingDeletion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The statements behind {@link JdbcSyncTarget}'s pending deletions: the table
 * {@code <prefix>pending_deletion (kind, id) PK, missing_since, reason, detail, approved}, and the
 * department scope of the last full sync as a row of the fingerprint table with kind
 * {@code SCOPE}. Each runs on a connection the caller holds.
 */
final class PendingTable {

    /** The most characters of a detail that are kept. */
    static final int MAX_DETAIL = 1000;
    private static final String SCOPE_KIND = "SCOPE";
    private static final String SCOPE_ID = "department-scope";

    private final String table;
    private final String fingerprints;
    private final String upsert;
    private final String upsertScope;

    PendingTable(JdbcTables tables, Dialect dialect) {
        this.table = tables.pendingDeletion();
        this.fingerprints = tables.fingerprint();
        this.upsert = dialect.upsert(table, List.of("kind", "id", "missing_since", "reason", "detail", "approved"),
                List.of("kind", "id"));
        this.upsertScope = dialect.upsert(fingerprints, List.of("kind", "id_key", "id", "fingerprint", "parent_id"),
                List.of("kind", "id_key"));
    }

    List<PendingDeletion> read(Connection c) throws SQLException {
        List<PendingDeletion> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, id, missing_since, reason, detail, approved FROM "
                + table + " ORDER BY kind, id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    out.add(new PendingDeletion(EntityKind.valueOf(rs.getString(1)), rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)), PendingDeletion.Reason.valueOf(rs.getString(4)),
                            rs.getString(5), rs.getBoolean(6)));
                } catch (IllegalArgumentException unknown) {
                    // a kind or reason of another version: left out, the next full sync writes it again
                }
            }
        }
        return out;
    }

    void put(Connection c, Collection<PendingDeletion> deletions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            for (PendingDeletion d : deletions) {
                ps.setString(1, d.kind().name());
                ps.setString(2, d.id());
                ps.setLong(3, d.since().toEpochMilli());
                ps.setString(4, d.reason().name());
                ps.setString(5, d.detail().length() > MAX_DETAIL ? d.detail().substring(0, MAX_DETAIL) : d.detail());
                ps.setBoolean(6, d.approved());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void remove(Connection c, EntityKind kind, Collection<String> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE kind = ? AND id = ?")) {
            for (String id : ids) {
                ps.setString(1, kind.name());
                ps.setString(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    Optional<String> scope(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint FROM " + fingerprints
                + " WHERE kind = ? AND id_key = ?")) {
            ps.setString(1, SCOPE_KIND);
            ps.setString(2, SCOPE_ID);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Keeps the scope; one longer than the column (255) is cut, which still tells most changes apart. */
    void putScope(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsertScope)) {
            ps.setString(1, SCOPE_KIND);
            ps.setString(2, SCOPE_ID);
            ps.setString(3, SCOPE_ID);
            ps.setString(4, fingerprint.length() > 255 ? fingerprint.substring(0, 255) : fingerprint);
            ps.setNull(5, Types.BIGINT);
            ps.executeUpdate();
        }
    }
}
