package dev.wecomsync.examples.jdbc;

import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statements on the sync-state table ({@code kind, id_key, id, fingerprint, parent_id}), each
 * run on a connection the caller holds, so that {@link JdbcSyncTarget} can put them in the same
 * transaction as the data. {@code id_key} is the userid in lower case (department ids as they
 * are); {@code id} keeps the userid as it was written; {@code fingerprint} is
 * {@link Fingerprint#encoded()}; {@code parent_id} a department's parent (null for users). A row
 * whose fingerprint cannot be read is left out, so the engine sends that record again.
 */
final class StateTable {

    private final String table;
    private final String upsert;

    StateTable(JdbcTables tables, Dialect dialect) {
        this.table = tables.fingerprint();
        this.upsert = dialect.upsert(table, List.of("kind", "id_key", "id", "fingerprint", "parent_id"),
                List.of("kind", "id_key"));
    }

    /** The key column's value for an id: userids compare ignoring case. */
    static String key(EntityKind kind, String id) {
        return kind == EntityKind.USER ? User.normalizeUserId(id) : id;
    }

    Map<String, Fingerprint> read(Connection c, EntityKind kind) throws SQLException {
        Map<String, Fingerprint> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, fingerprint, parent_id FROM " + table + " WHERE kind = ?")) {
            ps.setString(1, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    Optional<Fingerprint> fp = fingerprint(kind, rs);
                    if (fp.isPresent()) {
                        out.put(id, fp.get());
                    }
                }
            }
        }
        return out;
    }

    Optional<Fingerprint> get(Connection c, EntityKind kind, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, fingerprint, parent_id FROM " + table + " WHERE kind = ? AND id_key = ?")) {
            ps.setString(1, kind.name());
            ps.setString(2, key(kind, id));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? fingerprint(kind, rs) : Optional.empty();
            }
        }
    }

    /** The fingerprint in columns 2 and 3 of the current row; empty when it cannot be read. */
    private static Optional<Fingerprint> fingerprint(EntityKind kind, ResultSet rs) throws SQLException {
        String encoded = rs.getString(2);
        long parent = rs.getLong(3);
        boolean noParent = rs.wasNull();
        try {
            if (kind == EntityKind.USER) {
                return Optional.of(Fingerprint.parse(encoded));
            }
            return noParent ? Optional.empty() : Optional.of(Fingerprint.parse(encoded, parent));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    void put(Connection c, EntityKind kind, Map<String, Fingerprint> fingerprints) throws SQLException {
        if (fingerprints.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            for (Map.Entry<String, Fingerprint> e : fingerprints.entrySet()) {
                ps.setString(1, kind.name());
                ps.setString(2, key(kind, e.getKey()));
                ps.setString(3, e.getKey());
                ps.setString(4, e.getValue().encoded());
                if (e.getValue().parentId().isPresent()) {
                    ps.setLong(5, e.getValue().parentId().getAsLong());
                } else {
                    ps.setNull(5, Types.BIGINT);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Removes the rows of these ids (userids in any case). */
    void remove(Connection c, EntityKind kind, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE kind = ? AND id_key = ?")) {
            for (String key : ids.stream().map(id -> key(kind, id)).distinct().toList()) {
                ps.setString(1, kind.name());
                ps.setString(2, key);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Moves a user's row to its new userid, keeping the fingerprint. */
    void renameUser(Connection c, String oldKey, String newUserId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + table + " SET id = ?, id_key = ? WHERE kind = ? AND id_key = ?")) {
            ps.setString(1, newUserId);
            ps.setString(2, key(EntityKind.USER, newUserId));
            ps.setString(3, EntityKind.USER.name());
            ps.setString(4, oldKey);
            ps.executeUpdate();
        }
    }
}
