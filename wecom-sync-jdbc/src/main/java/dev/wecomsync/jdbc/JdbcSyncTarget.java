package dev.wecomsync.jdbc;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.jdbc.internal.BulkWrite;
import dev.wecomsync.jdbc.internal.Database;
import dev.wecomsync.jdbc.internal.TablePrefix;
import dev.wecomsync.jdbc.internal.mirror.DirectoryRows;
import dev.wecomsync.jdbc.internal.mirror.FingerprintRows;
import dev.wecomsync.jdbc.internal.mirror.MirrorDdl;
import dev.wecomsync.jdbc.internal.mirror.NewUsers;
import dev.wecomsync.jdbc.internal.mirror.PendingRows;
import dev.wecomsync.jdbc.internal.mirror.PlannerStatistics;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.DeletionStateStore;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.PendingDeletion;
import dev.wecomsync.sync.StatefulSyncTarget;
import dev.wecomsync.sync.SyncStateStore;
import dev.wecomsync.sync.SyncTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ready-made {@link SyncTarget}: a mirror of the directory in five tables of the host's database
 * (H2, PostgreSQL, MariaDB or MySQL), which is also the engine's {@link SyncStateStore} and
 * {@link DeletionStateStore}, so the sync state is written in the same transaction as the data.
 *
 * <pre>{@code
 * JdbcSyncTarget target = JdbcSyncTarget.builder().dataSource(dataSource).createTables(true).build();
 * WeComSync sync = WeComSync.builder().client(client).target(target).build();  // also the state store
 * sync.fullSync();
 * }</pre>
 *
 * <h2>Tables</h2>
 * See {@link Tables}: {@code wecom_department}, {@code wecom_user} (with a surrogate {@code row_id}
 * that survives userid renames), {@code wecom_user_department} (order and leader flag per
 * membership), {@code wecom_fingerprint} and {@code wecom_pending_deletion}. The prefix
 * ({@code wecom_} unless {@link Builder#tablePrefix} says otherwise) follows the rule of every store
 * of this module: a letter or underscore, then letters, digits and underscores, at most 40.
 *
 * <h2>Transactions</h2>
 * Every method is one transaction: all of it or nothing. {@link #upsertUsers} and
 * {@link #upsertDepartments} write each record's {@link Fingerprint} in the same transaction as
 * the record, and renames and deletions move or remove the state rows with the data, so the state
 * can never claim something the data does not have. The engine's own {@link #put} and
 * {@link #remove} calls afterwards write the same values again. A failure throws
 * {@link JdbcStoreException} after a rollback; the engine then retries the batch next run.
 *
 * <h2>Set-based writes</h2>
 * A batch is a handful of statements whatever its size: one multi-row upsert of the records, one
 * delete and one insert of the batch's memberships, one upsert of their fingerprints (PostgreSQL
 * passes each column as one array; H2 and MySQL get multi-row {@code VALUES}); the engine's
 * {@link #put} of what a batch has just committed costs nothing. On PostgreSQL a transaction that
 * selects or deletes rows by lists of ids first makes the server plan those statements for their
 * own parameters ({@code SET LOCAL plan_cache_mode = force_custom_plan}, undone at its end): a
 * statement prepared on a pooled connection while the tables were small otherwise keeps a plan
 * made then (a sequential scan), which grows slower with every row, whatever the driver's
 * {@code prepareThreshold}. On MariaDB the upserts return the row ids they wrote, and plain
 * inserts go as one JDBC batch (one bulk command with MariaDB's driver).
 *
 * <h2>New users</h2>
 * As a {@link StatefulSyncTarget}, it takes from a full sync the batches of users the run found
 * new (a first sync, users new in WeCom) through {@link #insertUsersIfAbsent}: plain inserts, so
 * that the state rows' keys check in the write itself that nobody else wrote those users
 * meanwhile, with no lookup before. A user that exists fails the inserts with a duplicate key; the
 * transaction is rolled back and the batch is written again without the users that have state.
 *
 * <h2>Userids</h2>
 * WeCom compares userids ignoring case; so does this target ({@code userid_key} is the lower-case
 * form). {@link #read} returns each userid as it was last written.
 *
 * <h2>Thread safety</h2>
 * Thread-safe as far as the {@link DataSource} is; each call takes its own connection.
 */
public final class JdbcSyncTarget implements StatefulSyncTarget, DeletionStateStore {

    /** The table prefix unless the builder says otherwise. */
    public static final String DEFAULT_PREFIX = "wecom_";

    private static final Logger log = LoggerFactory.getLogger(JdbcSyncTarget.class);

    private final Database db;
    private final Tables tables;
    private final DirectoryRows directory;
    private final FingerprintRows state;
    private final PendingRows pending;
    private final NewUsers newUsers;
    private final PlannerStatistics statistics;
    /** What the last upsert of each kind committed, id → fingerprint, so that the engine's put after it is free. */
    private final Map<EntityKind, Map<String, Fingerprint>> committed = new ConcurrentHashMap<>();

    private JdbcSyncTarget(Database db, Tables tables) {
        this.db = db;
        this.tables = tables;
        SqlDialect dialect = db.dialect();
        this.directory = new DirectoryRows(dialect, tables.prefix());
        this.state = new FingerprintRows(tables.fingerprint(), dialect);
        this.pending = new PendingRows(tables.pendingDeletion(), tables.fingerprint(), dialect);
        this.newUsers = new NewUsers(directory, state);
        this.statistics = new PlannerStatistics(db, List.of(tables.user(), tables.userDepartment(), tables.fingerprint()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tables this target writes. */
    public Tables tables() {
        return tables;
    }

    /** Where the tables live. */
    public DataSource dataSource() {
        return db.dataSource();
    }

    // ------------------------------------------------------------------ SyncTarget

    @Override
    public void upsertDepartments(List<Department> departments) {
        if (departments.isEmpty()) return;
        Map<String, Fingerprint> fingerprints = new LinkedHashMap<>();
        departments.forEach(d -> fingerprints.put(Long.toString(d.id()), Fingerprint.of(d)));
        write("upsertDepartments of " + departments.size() + " into " + tables.department(), c -> {
            directory.upsertDepartments(c, departments);
            state.put(c, EntityKind.DEPARTMENT, fingerprints);
        });
        committed.put(EntityKind.DEPARTMENT, fingerprints);
    }

    @Override
    public void upsertUsers(List<User> users) {
        if (users.isEmpty()) return;
        Map<String, User> byKey = byKey(users);
        Map<String, Fingerprint> fingerprints = new LinkedHashMap<>();
        byKey.values().forEach(u -> fingerprints.put(u.userId(), Fingerprint.of(u)));
        write("upsertUsers of " + users.size() + " into " + tables.user(), c -> {
            directory.upsertUsers(c, byKey);
            state.put(c, EntityKind.USER, fingerprints);
        });
        committed.put(EntityKind.USER, fingerprints);
        statistics.written(byKey.size());
    }

    /**
     * Writes the users that have no state row yet, with {@code fingerprints}, in one transaction:
     * first as plain inserts (on MariaDB and MySQL much cheaper than upserts), which a user that
     * exists makes fail with a duplicate key; then, after that rollback, by reading which of them
     * have state, leaving those out and upserting the rest. A user's row without a state row (left
     * by a host or an earlier version) is upserted like a new one.
     */
    @Override
    public Set<String> insertUsersIfAbsent(List<User> users, Map<String, Fingerprint> fingerprints) {
        requireNonNull(fingerprints, "fingerprints == null");
        if (users.isEmpty()) return Set.of();
        Map<String, User> byKey = byKey(users);
        Map<String, Fingerprint> written = new LinkedHashMap<>();
        byKey.values().forEach(u -> {
            Fingerprint fp = fingerprints.get(u.userId());
            written.put(u.userId(), fp != null ? fp : Fingerprint.of(u));
        });
        String operation = "insertUsersIfAbsent of " + users.size() + " into " + tables.user();
        try {
            write(operation, c -> newUsers.insert(c, byKey, written));
            statistics.written(byKey.size());
            return Set.of();
        } catch (JdbcStoreException e) {
            if (!(e.getCause() instanceof SQLException sql && Database.isDuplicateKey(sql))) throw e;
            log.debug("{}: a user of the batch exists; leaving out those with state", this);
        }
        Set<String> existing = new LinkedHashSet<>();
        writeByIds(operation, c -> {
            existing.clear();
            existing.addAll(newUsers.writeAbsent(c, byKey, written));
        });
        statistics.written(byKey.size() - existing.size());
        return Set.copyOf(existing);
    }

    /**
     * Renames in place: the row keeps its {@code row_id} and memberships, and the user's state row
     * moves with it. If the target already holds {@code newUserId} as another row (created by an
     * earlier sync before the rename was known), that row is dropped so the older identity wins.
     * Does nothing when {@code oldUserId} is unknown.
     */
    @Override
    public void renameUser(String oldUserId, String newUserId) {
        String oldKey = User.normalizeUserId(oldUserId);
        String newKey = User.normalizeUserId(newUserId);
        writeByIds("renameUser in " + tables.user(), c -> {
            if (!directory.rename(c, oldKey, newKey, newUserId)) return;
            if (!newKey.equals(oldKey)) state.remove(c, EntityKind.USER, List.of(newKey));
            state.renameUser(c, oldKey, newUserId);
        });
    }

    /** Deletes the users (userids in any case), their memberships and their state rows. */
    @Override
    public void deleteUsers(List<String> userIds) {
        if (userIds.isEmpty()) return;
        List<String> keys = userIds.stream().map(User::normalizeUserId).distinct().toList();
        writeByIds("deleteUsers of " + keys.size() + " from " + tables.user(), c -> {
            directory.deleteUsers(c, keys);
            state.remove(c, EntityKind.USER, keys);
        });
    }

    /** Deletes the departments, every membership in them, and their state rows. */
    @Override
    public void deleteDepartments(List<Long> departmentIds) {
        if (departmentIds.isEmpty()) return;
        writeByIds("deleteDepartments of " + departmentIds.size() + " from " + tables.department(), c -> {
            directory.deleteDepartments(c, departmentIds);
            state.remove(c, EntityKind.DEPARTMENT, departmentIds.stream().map(String::valueOf).toList());
        });
    }

    // ------------------------------------------------------------------ SyncStateStore

    @Override
    public Map<String, Fingerprint> read(EntityKind kind) {
        requireNonNull(kind, "kind == null");
        return db.transaction("read " + kind + " from " + tables.fingerprint(), c -> state.read(c, kind));
    }

    /** The fingerprint stored for one id (userids ignoring case); empty when none is. */
    @Override
    public Optional<Fingerprint> get(EntityKind kind, String id) {
        requireNonNull(kind, "kind == null");
        requireNonNull(id, "id == null");
        return db.run("get " + kind + " from " + tables.fingerprint(), c -> state.get(c, kind, id));
    }

    /** The fingerprints stored for these ids, in one query per batch of a full sync. */
    @Override
    public Map<String, Fingerprint> get(EntityKind kind, Collection<String> ids) {
        requireNonNull(kind, "kind == null");
        requireNonNull(ids, "ids == null");
        if (ids.isEmpty()) return Map.of();
        String operation = "get " + ids.size() + " " + kind + " from " + tables.fingerprint();
        // a transaction only where the lookup needs one (PostgreSQL's SET LOCAL): elsewhere it would cost round trips
        return db.dialect() == SqlDialect.POSTGRESQL
                ? db.transaction(operation, c -> state.get(c, kind, ids))
                : db.run(operation, c -> state.get(c, kind, ids));
    }

    /**
     * Writes the fingerprints. Those the last upsert of this kind has just committed with the
     * records (the engine puts them again after every batch) are not written twice.
     */
    @Override
    public void put(EntityKind kind, Map<String, Fingerprint> fingerprints) {
        requireNonNull(kind, "kind == null");
        Map<String, Fingerprint> last = committed.remove(kind);
        Map<String, Fingerprint> fresh = new LinkedHashMap<>();
        fingerprints.forEach((id, fp) -> {
            if (last == null || !requireNonNull(fp, "fingerprint == null").equals(last.get(id))) fresh.put(id, fp);
        });
        if (fresh.isEmpty()) return;
        write("put " + fresh.size() + " " + kind + " into " + tables.fingerprint(), c -> state.put(c, kind, fresh));
    }

    @Override
    public void remove(EntityKind kind, Collection<String> ids) {
        requireNonNull(kind, "kind == null");
        if (ids.isEmpty()) return;
        writeByIds("remove " + ids.size() + " " + kind + " from " + tables.fingerprint(), c -> state.remove(c, kind, ids));
    }

    // ------------------------------------------------------------------ DeletionStateStore

    @Override
    public List<PendingDeletion> pendingDeletions() {
        return db.run("read pending deletions from " + tables.pendingDeletion(), pending::read);
    }

    @Override
    public void putPendingDeletions(Collection<PendingDeletion> deletions) {
        if (deletions.isEmpty()) return;
        write("put pending deletions into " + tables.pendingDeletion(), c -> pending.put(c, deletions));
    }

    @Override
    public void removePendingDeletions(EntityKind kind, Collection<String> ids) {
        if (ids.isEmpty()) return;
        writeByIds("remove pending deletions from " + tables.pendingDeletion(), c -> pending.remove(c, kind, ids));
    }

    @Override
    public Optional<String> scopeFingerprint() {
        return db.run("read the department scope from " + tables.fingerprint(), pending::scope);
    }

    @Override
    public void putScopeFingerprint(String fingerprint) {
        requireNonNull(fingerprint, "fingerprint == null");
        write("put the department scope into " + tables.fingerprint(), c -> pending.putScope(c, fingerprint));
    }

    @Override
    public String toString() {
        return "JdbcSyncTarget[tables=" + tables.prefix() + "*, dialect=" + db + "]";
    }

    // ------------------------------------------------------------------ machinery

    @FunctionalInterface
    private interface Write {
        void run(Connection connection) throws SQLException;
    }

    /** The users by lower-case userid; of two equal ignoring case, the later wins. */
    private static Map<String, User> byKey(List<User> users) {
        Map<String, User> byKey = new LinkedHashMap<>();
        users.forEach(u -> byKey.put(User.normalizeUserId(u.userId()), u));
        return byKey;
    }

    /** One transaction. */
    private void write(String operation, Write work) {
        committed.clear();
        db.transaction(operation, c -> {
            work.run(c);
            return null;
        });
    }

    /** One transaction whose statements select rows by lists of ids: planned for their own parameters on PostgreSQL. */
    private void writeByIds(String operation, Write work) {
        write(operation, c -> {
            BulkWrite.forceCustomPlans(c, db.dialect());
            work.run(c);
        });
    }

    /**
     * The names of the five tables a {@link JdbcSyncTarget} writes, all starting with one prefix.
     *
     * <pre>
     * wecom_department       (id PK, name, name_en, parent_id, sort_order, leaders)
     * wecom_user             (row_id PK, userid_key UNIQUE, userid, name, position, status, main_department, ...)
     * wecom_user_department  (user_row_id, department_id) PK, sort_order, is_leader; index on department_id
     * wecom_fingerprint      (kind, id_key) PK, id, fingerprint, parent_id
     * wecom_pending_deletion (kind, id) PK, missing_since, reason, detail, approved
     * </pre>
     *
     * <p>{@code wecom_user.row_id} is the user's identity in your database: it survives userid
     * renames, so point your own foreign keys at it. {@code userid_key} is the userid in lower case,
     * because WeCom compares userids ignoring case. The state tables are not named like the stores'
     * ({@code wecom_sync_state}, {@code wecom_sync_pending_deletion}), so do not give the target the
     * stores' prefix {@value JdbcSchema#DEFAULT_PREFIX}.
     *
     * @param prefix what every table name starts with: a plain SQL identifier of at most 40 characters
     */
    public record Tables(String prefix) {

        /** @throws IllegalArgumentException when {@code prefix} is not a plain SQL identifier */
        public Tables {
            TablePrefix.check(prefix);
        }

        public String department() {
            return prefix + "department";
        }

        public String user() {
            return prefix + "user";
        }

        public String userDepartment() {
            return prefix + "user_department";
        }

        /** The sync state: the fingerprint of every record the tables hold. */
        public String fingerprint() {
            return prefix + "fingerprint";
        }

        /** The deletions a full sync has not made yet (see {@code WeComSync.pendingDeletions()}). */
        public String pendingDeletion() {
            return prefix + "pending_deletion";
        }

        /** Every table, in an order in which they can be dropped. */
        public List<String> all() {
            return List.of(userDepartment(), user(), department(), fingerprint(), pendingDeletion());
        }

        /** The CREATE statements of the tables in {@code dialect}, each a no-op when its object exists. */
        public List<String> ddl(SqlDialect dialect) {
            return MirrorDdl.statements(requireNonNull(dialect, "dialect == null"), prefix);
        }
    }

    /** Configures a {@link JdbcSyncTarget}; only the data source is required. */
    public static final class Builder extends JdbcStoreBuilder<Builder> {

        private Builder() {
            tablePrefix = DEFAULT_PREFIX;
        }

        /**
         * Prefix of the five table names ({@code <prefix>department}, {@code <prefix>user},
         * {@code <prefix>user_department}, {@code <prefix>fingerprint}, {@code <prefix>pending_deletion}):
         * a plain SQL identifier; default {@value JdbcSyncTarget#DEFAULT_PREFIX}.
         */
        @Override
        public Builder tablePrefix(String tablePrefix) {
            return super.tablePrefix(tablePrefix);
        }

        /**
         * The target; with {@code createTables(true)} it first creates the tables that do not exist.
         *
         * @throws JdbcStoreException when the database cannot be reached or the tables cannot be created
         * @throws IllegalArgumentException when the database is not one this module supports
         */
        public JdbcSyncTarget build() {
            if (dataSource == null) throw new IllegalStateException("dataSource == null");
            Database db = new Database(dataSource, dialect, "JdbcSyncTarget");
            Tables tables = new Tables(tablePrefix);
            if (createTables) {
                List<String> ddl = tables.ddl(db.dialect());
                db.run("create tables " + tables.all(), c -> {
                    try (Statement s = c.createStatement()) {
                        for (String sql : ddl) s.execute(sql);
                    }
                    return null;
                });
            }
            return new JdbcSyncTarget(db, tables);
        }

        /**
         * The target if all its tables exist, without creating anything (for reading the state in a
         * dry run); empty when one is missing. Ignores {@code createTables}.
         *
         * @throws JdbcStoreException when the database cannot be reached
         */
        public Optional<JdbcSyncTarget> buildIfTablesExist() {
            if (dataSource == null) throw new IllegalStateException("dataSource == null");
            Database db = new Database(dataSource, dialect, "JdbcSyncTarget");
            Tables tables = new Tables(tablePrefix);
            db.dialect();
            boolean exist = db.run("look for tables " + tables.all(), c -> {
                try (Statement s = c.createStatement()) {
                    for (String table : tables.all()) {
                        s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0").close();
                    }
                    return true;
                } catch (SQLException missing) {
                    return false;
                }
            });
            return exist ? Optional.of(new JdbcSyncTarget(db, tables)) : Optional.empty();
        }
    }
}
