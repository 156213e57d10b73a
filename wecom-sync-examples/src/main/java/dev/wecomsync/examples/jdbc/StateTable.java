package dev.wecomsync.examples.jdbc;

import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statements on the sync-state table ({@code kind, id_key, id, fingerprint}), each run on a
 * connection the caller holds, so that {@link JdbcSyncTarget} can put them in the same
 * transaction as the data. {@code id_key} is the userid in lower case (department ids as they
 * are); {@code id} keeps the userid as it was written.
 */
final class StateTable {

    private final String table;
    private final String upsert;

    StateTable(JdbcTables tables, Dialect dialect) {
        this.table = tables.fingerprint();
        this.upsert = dialect.upsert(table, List.of("kind", "id_key", "id", "fingerprint"), List.of("kind", "id_key"));
    }

    /** The key column's value for an id: userids compare ignoring case. */
    static String key(EntityKind kind, String id) {
        return kind == EntityKind.USER ? User.normalizeUserId(id) : id;
    }

    Map<String, String> read(Connection c, EntityKind kind) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, fingerprint FROM " + table + " WHERE kind = ?")) {
            ps.setString(1, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    Optional<String> get(Connection c, EntityKind kind, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT fingerprint FROM " + table + " WHERE kind = ? AND id_key = ?")) {
            ps.setString(1, kind.name());
            ps.setString(2, key(kind, id));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    void put(Connection c, EntityKind kind, Map<String, String> fingerprints) throws SQLException {
        if (fingerprints.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            for (Map.Entry<String, String> e : fingerprints.entrySet()) {
                ps.setString(1, kind.name());
                ps.setString(2, key(kind, e.getKey()));
                ps.setString(3, e.getKey());
                ps.setString(4, e.getValue());
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
