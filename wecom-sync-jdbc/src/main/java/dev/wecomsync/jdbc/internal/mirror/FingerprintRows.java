package dev.wecomsync.jdbc.internal.mirror;

import static dev.wecomsync.jdbc.internal.BulkWrite.Column.bigint;
import static dev.wecomsync.jdbc.internal.BulkWrite.Column.text;

import dev.wecomsync.jdbc.SqlDialect;
import dev.wecomsync.jdbc.internal.BulkWrite;
import dev.wecomsync.jdbc.internal.BulkWrite.Column;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statements on the mirror's sync-state table ({@code kind, id_key, id, fingerprint, parent_id}),
 * each on a connection the caller holds, so that they share the data's transaction. {@code id_key}
 * is the userid in lower case (department ids as they are); {@code id} keeps the userid as it was
 * written; {@code fingerprint} is {@link Fingerprint#encoded()}; {@code parent_id} a department's
 * parent (null for users). A row whose fingerprint cannot be read is left out, so the engine sends
 * that record again.
 */
public final class FingerprintRows {

    static final List<Column> KEYS = List.of(text("kind"), text("id_key"));
    static final List<Column> VALUES = List.of(text("id"), text("fingerprint"), bigint("parent_id"));

    private static final int H2_LOOKUP = 1_000;

    private final String table;
    private final SqlDialect dialect;

    public FingerprintRows(String table, SqlDialect dialect) {
        this.table = table;
        this.dialect = dialect;
    }

    /** The key column's value for an id: userids compare ignoring case. */
    public static String key(EntityKind kind, String id) {
        return kind == EntityKind.USER ? User.normalizeUserId(id) : id;
    }

    public Map<String, Fingerprint> read(Connection c, EntityKind kind) throws SQLException {
        Map<String, Fingerprint> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, fingerprint, parent_id FROM " + table + " WHERE kind = ?")) {
            ps.setString(1, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    fingerprint(kind, rs).ifPresent(fp -> out.put(id, fp));
                }
            }
        }
        return out;
    }

    public Optional<Fingerprint> get(Connection c, EntityKind kind, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, fingerprint, parent_id FROM " + table + " WHERE kind = ? AND id_key = ?")) {
            ps.setString(1, kind.name());
            ps.setString(2, key(kind, id));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? fingerprint(kind, rs) : Optional.empty();
            }
        }
    }

    /**
     * The fingerprints of these ids (userids in any case), in one statement (a few on H2 and MySQL) on
     * the table's key {@code (kind, id_key)}; H2 uses that key for {@code (kind, id_key) IN ((?, ?), …)}
     * only, not for {@code kind = ? AND id_key IN (…)}.
     */
    public Map<String, Fingerprint> get(Connection c, EntityKind kind, Collection<String> ids) throws SQLException {
        Map<String, Fingerprint> out = new HashMap<>();
        List<String> keys = ids.stream().map(id -> key(kind, id)).distinct().toList();
        BulkWrite.RowReader reader = rs -> {
            String id = rs.getString(1);
            fingerprint(kind, rs).ifPresent(fp -> out.put(id, fp));
        };
        String select = "SELECT id, fingerprint, parent_id FROM " + table;
        if (dialect != SqlDialect.H2) {
            BulkWrite.forceCustomPlans(c, dialect);
            BulkWrite.select(c, dialect, select, "kind = ? AND ", List.of(kind.name()), text("id_key"), keys, reader);
            return out;
        }
        for (int from = 0; from < keys.size(); from += H2_LOOKUP) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + H2_LOOKUP));
            try (PreparedStatement ps = c.prepareStatement(select + " WHERE (kind, id_key) IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?)")) + ")")) {
                int p = 1;
                for (String key : chunk) {
                    ps.setString(p++, kind.name());
                    ps.setString(p++, key);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) reader.read(rs);
                }
            }
        }
        return out;
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

    /** Upserts the rows in one statement (a few on H2 and MySQL); ids equal ignoring case: the last wins. */
    public void put(Connection c, EntityKind kind, Map<String, Fingerprint> fingerprints) throws SQLException {
        BulkWrite.upsert(c, dialect, table, KEYS, VALUES, rows(kind, fingerprints));
    }

    /**
     * Inserts rows believed new (ids distinct ignoring case).
     *
     * @throws SQLException a duplicate key when one exists after all
     */
    public void insert(Connection c, EntityKind kind, Map<String, Fingerprint> fingerprints) throws SQLException {
        BulkWrite.insert(c, dialect, table, BulkWrite.concat(KEYS, VALUES), rows(kind, fingerprints));
    }

    private static List<Object[]> rows(EntityKind kind, Map<String, Fingerprint> fingerprints) {
        List<Object[]> rows = new ArrayList<>(fingerprints.size());
        for (Map.Entry<String, Fingerprint> e : fingerprints.entrySet()) {
            Fingerprint fp = e.getValue();
            rows.add(new Object[] {kind.name(), key(kind, e.getKey()), e.getKey(), fp.encoded(),
                    fp.parentId().isPresent() ? fp.parentId().getAsLong() : null});
        }
        return rows;
    }

    /** Removes the rows of these ids (userids in any case). */
    public void remove(Connection c, EntityKind kind, Collection<String> ids) throws SQLException {
        BulkWrite.delete(c, dialect, table, "kind = ? AND ", List.of(kind.name()), text("id_key"),
                ids.stream().map(id -> key(kind, id)).toList());
    }

    /** Moves a user's row to its new userid, keeping the fingerprint. */
    public void renameUser(Connection c, String oldKey, String newUserId) throws SQLException {
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
