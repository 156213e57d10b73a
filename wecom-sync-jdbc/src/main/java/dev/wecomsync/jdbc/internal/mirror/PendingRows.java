package dev.wecomsync.jdbc.internal.mirror;

import static dev.wecomsync.jdbc.internal.BulkWrite.Column.bigint;
import static dev.wecomsync.jdbc.internal.BulkWrite.Column.bool;
import static dev.wecomsync.jdbc.internal.BulkWrite.Column.text;

import dev.wecomsync.jdbc.SqlDialect;
import dev.wecomsync.jdbc.internal.BulkWrite;
import dev.wecomsync.jdbc.internal.BulkWrite.Column;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.PendingDeletion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The statements behind the mirror's pending deletions: the table
 * {@code <prefix>pending_deletion (kind, id) PK, missing_since, reason, detail, approved}, and the
 * department scope of the last full sync as a row of the fingerprint table with kind
 * {@code SCOPE}. Each runs on a connection the caller holds.
 */
public final class PendingRows {

    /** The most characters of a detail that are kept. */
    public static final int MAX_DETAIL = 1000;
    private static final String SCOPE_KIND = "SCOPE";
    private static final String SCOPE_ID = "department-scope";
    private static final List<Column> KEYS = List.of(text("kind"), text("id"));
    private static final List<Column> VALUES = List.of(bigint("missing_since"), text("reason"), text("detail"),
            bool("approved"));

    private final String table;
    private final String fingerprints;
    private final SqlDialect dialect;

    public PendingRows(String table, String fingerprints, SqlDialect dialect) {
        this.table = table;
        this.fingerprints = fingerprints;
        this.dialect = dialect;
    }

    public List<PendingDeletion> read(Connection c) throws SQLException {
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

    public void put(Connection c, Collection<PendingDeletion> deletions) throws SQLException {
        List<Object[]> rows = new ArrayList<>(deletions.size());
        for (PendingDeletion d : deletions) {
            rows.add(new Object[] {d.kind().name(), d.id(), d.since().toEpochMilli(), d.reason().name(),
                    d.detail().length() > MAX_DETAIL ? d.detail().substring(0, MAX_DETAIL) : d.detail(), d.approved()});
        }
        BulkWrite.upsert(c, dialect, table, KEYS, VALUES, rows);
    }

    public void remove(Connection c, EntityKind kind, Collection<String> ids) throws SQLException {
        BulkWrite.delete(c, dialect, table, "kind = ? AND ", List.of(kind.name()), text("id"), ids);
    }

    public Optional<String> scope(Connection c) throws SQLException {
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
    public void putScope(Connection c, String fingerprint) throws SQLException {
        String value = fingerprint.length() > 255 ? fingerprint.substring(0, 255) : fingerprint;
        List<Object[]> row = List.<Object[]>of(new Object[] {SCOPE_KIND, SCOPE_ID, SCOPE_ID, value, null});
        BulkWrite.upsert(c, dialect, fingerprints, FingerprintRows.KEYS, FingerprintRows.VALUES, row);
    }
}
