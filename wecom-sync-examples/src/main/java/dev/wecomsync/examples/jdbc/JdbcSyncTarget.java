package dev.wecomsync.examples.jdbc;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.DeletionStateStore;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.PendingDeletion;
import dev.wecomsync.sync.SyncStateStore;
import dev.wecomsync.sync.SyncTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A {@link SyncTarget} that keeps departments, users and their memberships in five tables of a
 * relational database (H2, PostgreSQL, MariaDB or MySQL), and keeps the engine's sync state in
 * the same database as a {@link SyncStateStore}, with the pending deletions
 * ({@link DeletionStateStore}) in a fifth table.
 *
 * <pre>{@code
 * JdbcSyncTarget target = JdbcSyncTarget.create(dataSource);   // creates the tables if missing
 * WeComSync sync = WeComSync.builder().client(client).target(target).build();  // also the state store
 * sync.fullSync();
 * }</pre>
 *
 * <h2>Tables</h2>
 * See {@link JdbcTables}: {@code wecom_department}, {@code wecom_user} (with a surrogate
 * {@code row_id} that survives userid renames), {@code wecom_user_department} (order and leader
 * flag per membership) and {@code wecom_fingerprint}. The prefix is configurable, so several
 * targets can share one schema.
 *
 * <h2>Transactions</h2>
 * Every method is one transaction: all of it or nothing. {@link #upsertUsers} and
 * {@link #upsertDepartments} write each record's {@link Fingerprint} in the same transaction as
 * the record, and renames and deletions move or remove the state rows with the data, so the
 * state can never claim something the data does not have. The engine's own {@link #put} and
 * {@link #remove} calls afterwards write the same values again. A failure throws
 * {@link JdbcTargetException} after a rollback; the engine then retries the batch next run.
 *
 * <h2>Userids</h2>
 * WeCom compares userids ignoring case; so does this target ({@code userid_key} is the lower-case
 * form). {@link #read} returns each userid as it was last written.
 *
 * <h2>Thread safety</h2>
 * Thread-safe as far as the {@link DataSource} is; each call takes its own connection.
 */
public final class JdbcSyncTarget implements SyncTarget, SyncStateStore, DeletionStateStore {

    private static final int IN_LIST_SIZE = 500;

    private final DataSource dataSource;
    private final JdbcTables tables;
    private final Dialect dialect;
    private final String upsertDepartment;
    private final String upsertUser;
    private final StateTable state;
    private final PendingTable pending;

    private JdbcSyncTarget(DataSource dataSource, JdbcTables tables, Dialect dialect) {
        this.dataSource = dataSource;
        this.tables = tables;
        this.dialect = dialect;
        this.upsertDepartment = dialect.upsert(tables.department(),
                List.of("id", "name", "name_en", "parent_id", "sort_order", "leaders"), List.of("id"));
        this.upsertUser = dialect.upsert(tables.user(), List.of("userid_key", "userid", "name", "position", "status",
                "main_department", "direct_leaders", "mobile", "email", "biz_mail", "gender", "avatar", "telephone",
                "alias", "address", "open_userid", "external_position"), List.of("userid_key"));
        this.state = new StateTable(tables, dialect);
        this.pending = new PendingTable(tables, dialect);
    }

    /** A target on the default tables ({@code wecom_...}), created if missing. */
    public static JdbcSyncTarget create(DataSource dataSource) {
        return create(dataSource, JdbcTables.defaults());
    }

    /**
     * A target on these tables, created if missing. Detects the database from the connection's
     * metadata.
     *
     * @throws JdbcTargetException when the database cannot be reached, is not supported, or the
     *     tables cannot be created
     */
    public static JdbcSyncTarget create(DataSource dataSource, JdbcTables tables) {
        Objects.requireNonNull(dataSource, "dataSource == null");
        Objects.requireNonNull(tables, "tables == null");
        try (Connection c = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(c.getMetaData());
            try (Statement s = c.createStatement()) {
                for (String ddl : tables.ddl(dialect)) {
                    s.execute(ddl);
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return new JdbcSyncTarget(dataSource, tables, dialect);
        } catch (SQLException e) {
            throw new JdbcTargetException("cannot create tables " + tables.all() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A target on these tables if they exist, without creating anything: for reading the state
     * (a dry run). Empty when the tables are missing.
     *
     * @throws JdbcTargetException when the database cannot be reached or is not supported
     */
    public static Optional<JdbcSyncTarget> existing(DataSource dataSource, JdbcTables tables) {
        Objects.requireNonNull(dataSource, "dataSource == null");
        Objects.requireNonNull(tables, "tables == null");
        Dialect dialect;
        try (Connection c = dataSource.getConnection()) {
            dialect = Dialect.of(c.getMetaData());
            try (Statement s = c.createStatement()) {
                for (String table : tables.all()) {
                    s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0").close();
                }
            } catch (SQLException missing) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new JdbcTargetException("cannot connect: " + e.getMessage(), e);
        }
        return Optional.of(new JdbcSyncTarget(dataSource, tables, dialect));
    }

    /** The tables this target writes. */
    public JdbcTables tables() {
        return tables;
    }

    /** Where the tables live. */
    public DataSource dataSource() {
        return dataSource;
    }

    // ------------------------------------------------------------------ SyncTarget

    @Override
    public void upsertDepartments(List<Department> departments) {
        transaction("upsertDepartments", c -> {
            Map<String, Fingerprint> fingerprints = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(upsertDepartment)) {
                for (Department d : departments) {
                    ps.setLong(1, d.id());
                    ps.setString(2, d.name());
                    ps.setString(3, d.nameEn());
                    ps.setLong(4, d.parentId());
                    ps.setLong(5, d.order());
                    ps.setString(6, d.leaders().isEmpty() ? null : String.join(",", d.leaders()));
                    ps.addBatch();
                    fingerprints.put(Long.toString(d.id()), Fingerprint.of(d));
                }
                ps.executeBatch();
            }
            state.put(c, EntityKind.DEPARTMENT, fingerprints);
            return null;
        });
    }

    @Override
    public void upsertUsers(List<User> users) {
        transaction("upsertUsers", c -> {
            Map<String, User> byKey = new LinkedHashMap<>();
            users.forEach(u -> byKey.put(User.normalizeUserId(u.userId()), u));
            try (PreparedStatement ps = c.prepareStatement(upsertUser)) {
                for (Map.Entry<String, User> e : byKey.entrySet()) {
                    bindUser(ps, e.getKey(), e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Map<String, Long> rowIds = rowIds(c, byKey.keySet());
            deleteMemberships(c, rowIds.values());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.userDepartment()
                    + " (user_row_id, department_id, sort_order, is_leader) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, User> e : byKey.entrySet()) {
                    User u = e.getValue();
                    Set<Long> seen = new LinkedHashSet<>();
                    for (int i = 0; i < u.departments().size(); i++) {
                        long department = u.departments().get(i);
                        if (!seen.add(department)) {
                            continue;
                        }
                        ps.setLong(1, rowIds.get(e.getKey()));
                        ps.setLong(2, department);
                        ps.setLong(3, i < u.orders().size() ? u.orders().get(i) : 0);
                        ps.setBoolean(4, i < u.leaderInDepartments().size() && u.leaderInDepartments().get(i));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            Map<String, Fingerprint> fingerprints = new LinkedHashMap<>();
            byKey.values().forEach(u -> fingerprints.put(u.userId(), Fingerprint.of(u)));
            state.put(c, EntityKind.USER, fingerprints);
            return null;
        });
    }

    /**
     * Renames in place: the row keeps its {@code row_id} and memberships, and the user's state row
     * moves with it. If the target already holds {@code newUserId} as another row (created by an
     * earlier sync before the rename was known), that row is dropped so the older identity wins.
     */
    @Override
    public void renameUser(String oldUserId, String newUserId) {
        String oldKey = User.normalizeUserId(oldUserId);
        String newKey = User.normalizeUserId(newUserId);
        transaction("renameUser", c -> {
            Long row = rowIds(c, List.of(oldKey)).get(oldKey);
            if (row == null) {
                return null;
            }
            if (!newKey.equals(oldKey)) {
                Long other = rowIds(c, List.of(newKey)).get(newKey);
                if (other != null) {
                    deleteMemberships(c, List.of(other));
                    update(c, "DELETE FROM " + tables.user() + " WHERE row_id = ?", other);
                    state.remove(c, EntityKind.USER, List.of(newKey));
                }
            }
            update(c, "UPDATE " + tables.user() + " SET userid = ?, userid_key = ? WHERE row_id = ?",
                    newUserId, newKey, row);
            state.renameUser(c, oldKey, newUserId);
            return null;
        });
    }

    /** Deletes the users, their memberships and their state rows. */
    @Override
    public void deleteUsers(List<String> userIds) {
        List<String> keys = userIds.stream().map(User::normalizeUserId).distinct().toList();
        transaction("deleteUsers", c -> {
            deleteMemberships(c, rowIds(c, keys).values());
            batch(c, "DELETE FROM " + tables.user() + " WHERE userid_key = ?", keys);
            state.remove(c, EntityKind.USER, keys);
            return null;
        });
    }

    /** Deletes the departments, every membership in them, and their state rows. */
    @Override
    public void deleteDepartments(List<Long> departmentIds) {
        transaction("deleteDepartments", c -> {
            batch(c, "DELETE FROM " + tables.userDepartment() + " WHERE department_id = ?", departmentIds);
            batch(c, "DELETE FROM " + tables.department() + " WHERE id = ?", departmentIds);
            state.remove(c, EntityKind.DEPARTMENT, departmentIds.stream().map(String::valueOf).toList());
            return null;
        });
    }

    // ------------------------------------------------------------------ SyncStateStore

    @Override
    public Map<String, Fingerprint> read(EntityKind kind) {
        Objects.requireNonNull(kind, "kind == null");
        return transaction("read", c -> state.read(c, kind));
    }

    /** The fingerprint stored for one id (userids ignoring case); empty when none is. */
    @Override
    public Optional<Fingerprint> get(EntityKind kind, String id) {
        Objects.requireNonNull(kind, "kind == null");
        Objects.requireNonNull(id, "id == null");
        return transaction("get", c -> state.get(c, kind, id));
    }

    @Override
    public void put(EntityKind kind, Map<String, Fingerprint> fingerprints) {
        Objects.requireNonNull(kind, "kind == null");
        if (fingerprints.isEmpty()) {
            return;
        }
        transaction("put", c -> {
            state.put(c, kind, fingerprints);
            return null;
        });
    }

    @Override
    public void remove(EntityKind kind, Collection<String> ids) {
        Objects.requireNonNull(kind, "kind == null");
        if (ids.isEmpty()) {
            return;
        }
        transaction("remove", c -> {
            state.remove(c, kind, ids);
            return null;
        });
    }

    // ------------------------------------------------------------------ DeletionStateStore

    @Override
    public List<PendingDeletion> pendingDeletions() {
        return transaction("pendingDeletions", pending::read);
    }

    @Override
    public void putPendingDeletions(Collection<PendingDeletion> deletions) {
        transaction("putPendingDeletions", c -> {
            pending.put(c, deletions);
            return null;
        });
    }

    @Override
    public void removePendingDeletions(EntityKind kind, Collection<String> ids) {
        transaction("removePendingDeletions", c -> {
            pending.remove(c, kind, ids);
            return null;
        });
    }

    @Override
    public Optional<String> scopeFingerprint() {
        return transaction("scopeFingerprint", pending::scope);
    }

    @Override
    public void putScopeFingerprint(String fingerprint) {
        transaction("putScopeFingerprint", c -> {
            pending.putScope(c, fingerprint);
            return null;
        });
    }

    @Override
    public String toString() {
        return "JdbcSyncTarget{" + dialect + ", tables=" + tables.prefix() + "*}";
    }

    // ------------------------------------------------------------------ machinery

    private void bindUser(PreparedStatement ps, String key, User u) throws SQLException {
        ps.setString(1, key);
        ps.setString(2, u.userId());
        ps.setString(3, u.name());
        ps.setString(4, u.position());
        ps.setString(5, u.status().name());
        ps.setLong(6, u.mainDepartment());
        ps.setString(7, u.directLeaders().isEmpty() ? null : String.join(",", u.directLeaders()));
        ps.setString(8, u.mobile());
        ps.setString(9, u.email());
        ps.setString(10, u.bizMail());
        ps.setString(11, u.gender() == null ? null : u.gender().name());
        ps.setString(12, u.avatar());
        ps.setString(13, u.telephone());
        ps.setString(14, u.alias());
        ps.setString(15, u.address());
        ps.setString(16, u.openUserId());
        ps.setString(17, u.externalPosition());
    }

    /** userid_key → row_id for the keys that exist. */
    private Map<String, Long> rowIds(Connection c, Collection<String> keys) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        for (int i = 0; i < all.size(); i += IN_LIST_SIZE) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + IN_LIST_SIZE));
            String params = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT userid_key, row_id FROM " + tables.user()
                    + " WHERE userid_key IN (" + params + ")")) {
                for (int j = 0; j < chunk.size(); j++) {
                    ps.setString(j + 1, chunk.get(j));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        return out;
    }

    private void deleteMemberships(Connection c, Collection<Long> rowIds) throws SQLException {
        batch(c, "DELETE FROM " + tables.userDepartment() + " WHERE user_row_id = ?", rowIds);
    }

    private static void batch(Connection c, String sql, Collection<?> values) throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object value : values) {
                ps.setObject(1, value);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction: commits when it returns, rolls back when it throws. */
    private <T> T transaction(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        } catch (SQLException e) {
            throw new JdbcTargetException(operation + " failed on " + tables.prefix() + "* tables: "
                    + e.getMessage(), e);
        }
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            // The connection is broken; closing it is all that is left, and the caller does that.
        }
    }
}
