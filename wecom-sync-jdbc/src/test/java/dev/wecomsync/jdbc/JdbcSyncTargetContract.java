package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.client.WeComClient;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserStatus;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link JdbcSyncTarget} must do on every database; {@link JdbcSyncTargetTest} runs it on
 * each. Each test works on tables with a random prefix and drops them afterwards, so runs in
 * parallel never meet.
 */
abstract class JdbcSyncTargetContract {

    static final Department ROOT = new Department(1, "企业", null, 0, 100, List.of());
    static final Department SALES = new Department(2, "销售部", "Sales", 1, 4_000_000_000L, List.of("zhangsan"));
    static final Department DEV = new Department(3, "研发部", null, 1, 50, List.of());

    static final User ZHANGSAN = User.builder("ZhangSan").name("张三").departments(List.of(2L, 3L))
            .orders(List.of(10L, 20L)).leaderInDepartments(List.of(true, false)).mainDepartment(2)
            .position("经理").status(UserStatus.ACTIVE).directLeaders(List.of("lisi")).build();
    static final User WANGWU = User.builder("WangWu").name("王五").departments(List.of(2L)).mainDepartment(2)
            .status(UserStatus.ACTIVE).build();
    static final User LISI = User.builder("lisi").name("李四").departments(List.of(3L)).mainDepartment(3)
            .status(UserStatus.DISABLED).build();

    final AtomicBoolean failStateWrites = new AtomicBoolean();
    /** Statements whose SQL contains this text fail when prepared; null: none. */
    volatile String failStatementsWith;
    /** The SQL of every statement prepared or created since the test began. */
    final List<String> statements = java.util.Collections.synchronizedList(new ArrayList<>());
    final Databases databases;
    DataSource dataSource;
    JdbcSyncTarget.Tables tables;
    JdbcSyncTarget target;

    JdbcSyncTargetContract(Databases databases) {
        this.databases = databases;
    }

    /** The database under test, through the tests' pool. */
    DataSource database() {
        return databases.dataSource();
    }

    JdbcSyncTarget.Builder builder() {
        return JdbcSyncTarget.builder().dataSource(dataSource).tablePrefix(tables.prefix());
    }

    @BeforeEach
    void createTables() {
        dataSource = failingOnStateWrites(database());
        tables = new JdbcSyncTarget.Tables("t" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8) + "_");
        target = builder().createTables(true).build();
    }

    @AfterEach
    void dropTables() throws SQLException {
        try (Connection c = database().getConnection(); Statement s = c.createStatement()) {
            for (String table : tables.all()) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @Test
    void createIsIdempotent() {
        target.upsertDepartments(List.of(ROOT));
        JdbcSyncTarget again = builder().createTables(true).build();
        assertThat(again.read(EntityKind.DEPARTMENT)).containsOnlyKeys("1");
    }

    @Test
    void pendingDeletionsAndTheScopeAreKeptBesideTheState() {
        java.time.Instant since = java.time.Instant.parse("2026-03-01T08:00:00.250Z");
        dev.wecomsync.sync.PendingDeletion user = new dev.wecomsync.sync.PendingDeletion(EntityKind.USER, "ZhangSan",
                since, dev.wecomsync.sync.PendingDeletion.Reason.GUARD, "d".repeat(1_200), false);
        dev.wecomsync.sync.PendingDeletion department = new dev.wecomsync.sync.PendingDeletion(EntityKind.DEPARTMENT,
                "3", since, dev.wecomsync.sync.PendingDeletion.Reason.DELAY, "missing", false);
        target.putPendingDeletions(List.of(user, department));
        target.putPendingDeletions(List.of(user.approve()));

        assertThat(target.pendingDeletions()).extracting(dev.wecomsync.sync.PendingDeletion::key)
                .containsExactly("department:3", "user:ZhangSan");
        assertThat(target.pendingDeletions().get(1).approved()).isTrue();
        assertThat(target.pendingDeletions().get(1).detail()).hasSize(1_000);
        assertThat(target.pendingDeletions().get(1).since()).isEqualTo(since);
        target.removePendingDeletions(EntityKind.USER, List.of("ZhangSan"));
        assertThat(target.pendingDeletions()).containsExactly(department);

        assertThat(target.scopeFingerprint()).isEmpty();
        target.putScopeFingerprint("subtrees 2 excluding 9");
        target.putScopeFingerprint("subtrees 2,3");
        assertThat(target.scopeFingerprint()).contains("subtrees 2,3");
        assertThat(target.read(EntityKind.USER)).isEmpty();
        assertThat(target.read(EntityKind.DEPARTMENT)).isEmpty();
    }

    @Test
    void upsertsAreIdempotentAndWriteStateWithTheData() throws SQLException {
        target.upsertDepartments(List.of(ROOT, SALES, DEV));
        target.upsertUsers(List.of(ZHANGSAN, LISI));
        List<String> first = snapshot();
        target.upsertDepartments(List.of(ROOT, SALES, DEV));
        target.upsertUsers(List.of(ZHANGSAN, LISI));

        assertThat(snapshot()).isEqualTo(first);
        assertThat(rows("SELECT id, name, name_en, parent_id, sort_order, leaders FROM " + tables.department()))
                .containsExactly("1|企业|null|0|100|null", "2|销售部|Sales|1|4000000000|zhangsan", "3|研发部|null|1|50|null");
        assertThat(rows("SELECT userid_key, userid, name, position, status, main_department, direct_leaders FROM "
                + tables.user())).containsExactly("lisi|lisi|李四|null|DISABLED|3|null",
                        "zhangsan|ZhangSan|张三|经理|ACTIVE|2|lisi");
        assertThat(memberships()).containsExactly("ZhangSan|2|10|true", "ZhangSan|3|20|false", "lisi|3|0|false");
        assertThat(target.read(EntityKind.USER)).isEqualTo(Map.of(
                "ZhangSan", Fingerprint.of(ZHANGSAN), "lisi", Fingerprint.of(LISI)));
        assertThat(target.read(EntityKind.DEPARTMENT)).containsEntry("2", Fingerprint.of(SALES)).hasSize(3);
    }

    @Test
    void updateReplacesFieldsAndMemberships() throws SQLException {
        target.upsertDepartments(List.of(ROOT, SALES, DEV));
        target.upsertUsers(List.of(ZHANGSAN, LISI));
        long rowId = rowId("zhangsan");
        User moved = ZHANGSAN.toBuilder().departments(List.of(3L)).orders(List.of(7L))
                .leaderInDepartments(List.of(true)).mainDepartment(3).position(null).build();
        target.upsertUsers(List.of(moved));

        assertThat(rowId("zhangsan")).isEqualTo(rowId);
        assertThat(memberships()).containsExactly("ZhangSan|3|7|true", "lisi|3|0|false");
        assertThat(rows("SELECT position, main_department FROM " + tables.user() + " WHERE userid_key = 'zhangsan'"))
                .containsExactly("null|3");
        assertThat(target.get(EntityKind.USER, "ZHANGSAN")).contains(Fingerprint.of(moved));
    }

    @Test
    void renameKeepsTheRowItsMembershipsAndItsState() throws SQLException {
        target.upsertDepartments(List.of(ROOT, SALES, DEV));
        target.upsertUsers(List.of(ZHANGSAN, LISI));
        long rowId = rowId("zhangsan");

        target.renameUser("zhangsan", "Zhang.San");

        assertThat(rowId("zhang.san")).isEqualTo(rowId);
        assertThat(rows("SELECT userid FROM " + tables.user() + " WHERE userid_key = 'zhangsan'")).isEmpty();
        assertThat(memberships()).containsExactly("Zhang.San|2|10|true", "Zhang.San|3|20|false", "lisi|3|0|false");
        assertThat(target.read(EntityKind.USER)).isEqualTo(Map.of(
                "Zhang.San", Fingerprint.of(ZHANGSAN), "lisi", Fingerprint.of(LISI)));

        target.renameUser("ZHANG.SAN", "zhang.san");   // only the case changes
        assertThat(rowId("zhang.san")).isEqualTo(rowId);
        assertThat(target.read(EntityKind.USER)).containsOnlyKeys("zhang.san", "lisi");

        target.renameUser("nobody", "somebody");          // unknown: no-op
        assertThat(target.read(EntityKind.USER)).containsOnlyKeys("zhang.san", "lisi");
    }

    @Test
    void renameOntoAnExistingRowKeepsTheOlderIdentity() throws SQLException {
        target.upsertDepartments(List.of(ROOT, SALES, DEV));
        User newer = LISI.toBuilder().userId("wangwu").build();
        target.upsertUsers(List.of(LISI, newer));
        long older = rowId("lisi");

        target.renameUser("lisi", "wangwu");

        assertThat(rowId("wangwu")).isEqualTo(older);
        assertThat(rows("SELECT COUNT(*) FROM " + tables.user())).containsExactly("1");
        assertThat(memberships()).containsExactly("wangwu|3|0|false");
        assertThat(target.read(EntityKind.USER)).isEqualTo(Map.of("wangwu", Fingerprint.of(LISI)));
    }

    @Test
    void deletionsRemoveRowsMembershipsAndState() throws SQLException {
        target.upsertDepartments(List.of(ROOT, SALES, DEV));
        target.upsertUsers(List.of(ZHANGSAN, LISI));

        target.deleteUsers(List.of("LISI", "unknown"));
        assertThat(memberships()).containsExactly("ZhangSan|2|10|true", "ZhangSan|3|20|false");
        assertThat(target.read(EntityKind.USER)).containsOnlyKeys("ZhangSan");

        target.deleteDepartments(List.of(3L, 99L));
        assertThat(memberships()).containsExactly("ZhangSan|2|10|true");
        assertThat(rows("SELECT id FROM " + tables.department())).containsExactly("1", "2");
        assertThat(target.read(EntityKind.DEPARTMENT)).containsOnlyKeys("1", "2");
    }

    @Test
    void aFailedStateWriteRollsBackTheData() throws SQLException {
        target.upsertDepartments(List.of(ROOT, SALES, DEV));
        target.upsertUsers(List.of(ZHANGSAN));
        List<String> before = snapshot();

        failStateWrites.set(true);
        User changed = ZHANGSAN.toBuilder().name("张三丰").departments(List.of(3L)).build();
        assertThatThrownBy(() -> target.upsertUsers(List.of(LISI, changed)))
                .isInstanceOf(JdbcStoreException.class).hasMessageContaining("upsertUsers");
        assertThatThrownBy(() -> target.deleteUsers(List.of("zhangsan"))).isInstanceOf(JdbcStoreException.class);
        assertThatThrownBy(() -> target.renameUser("zhangsan", "zs")).isInstanceOf(JdbcStoreException.class);
        assertThatThrownBy(() -> target.deleteDepartments(List.of(3L))).isInstanceOf(JdbcStoreException.class);
        failStateWrites.set(false);

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aFailureMidBatchLeavesDataAndStateUnchanged() throws SQLException {
        target.upsertDepartments(List.of(ROOT, SALES));
        target.upsertUsers(List.of(ZHANGSAN.toBuilder().departments(List.of(2L)).orders(List.of(1L))
                .leaderInDepartments(List.of(false)).build()));
        List<String> before = snapshot();

        User tooLong = LISI.toBuilder().name("x".repeat(300)).build();   // name is VARCHAR(255)
        assertThatThrownBy(() -> target.upsertUsers(List.of(ZHANGSAN, tooLong)))
                .isInstanceOf(JdbcStoreException.class);
        assertThatThrownBy(() -> target.upsertDepartments(List.of(DEV, new Department(4, "y".repeat(300), null, 1, 0, null))))
                .isInstanceOf(JdbcStoreException.class);

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void newUsersArePlainInsertsWithTheFingerprintsGiven() throws SQLException {
        target.upsertDepartments(List.of(ROOT, SALES, DEV));
        Map<String, Fingerprint> given = Map.of("ZhangSan", Fingerprint.of(ZHANGSAN), "lisi", Fingerprint.of(LISI));
        statements.clear();

        assertThat(target.insertUsersIfAbsent(List.of(ZHANGSAN, LISI), given)).isEmpty();

        assertThat(userWrites()).singleElement().satisfies(sql -> assertThat(sql).startsWith("INSERT INTO")
                .doesNotContain("ON DUPLICATE KEY").doesNotContain("ON CONFLICT"));
        assertThat(statements).noneMatch(sql -> sql.startsWith("SELECT") && sql.contains(tables.fingerprint()));
        assertThat(rows("SELECT userid_key, userid, name FROM " + tables.user()))
                .containsExactly("lisi|lisi|李四", "zhangsan|ZhangSan|张三");
        assertThat(memberships()).containsExactly("ZhangSan|2|10|true", "ZhangSan|3|20|false", "lisi|3|0|false");
        assertThat(target.read(EntityKind.USER)).isEqualTo(given);
    }

    @Test
    void usersWithStateAreLeftOutAndRowsWithoutStateAreUpserted() throws SQLException {
        target.upsertDepartments(List.of(ROOT, SALES, DEV));
        target.upsertUsers(List.of(LISI, WANGWU));
        long wangwuRow = rowId("wangwu");
        // wangwu's row without its state row: as a host or an earlier version could leave it
        execute("DELETE FROM " + tables.fingerprint() + " WHERE id_key = 'wangwu'");
        User lisiNewer = LISI.toBuilder().name("李四四").build();
        User wangwuMoved = WANGWU.toBuilder().departments(List.of(3L)).mainDepartment(3).build();
        statements.clear();

        assertThat(target.insertUsersIfAbsent(List.of(ZHANGSAN, lisiNewer, wangwuMoved), Map.of(
                "ZhangSan", Fingerprint.of(ZHANGSAN), "lisi", Fingerprint.of(lisiNewer),
                "WangWu", Fingerprint.of(wangwuMoved)))).containsExactly("lisi");

        assertThat(rowId("wangwu")).isEqualTo(wangwuRow);
        assertThat(rows("SELECT userid_key, name FROM " + tables.user()))
                .containsExactly("lisi|李四", "wangwu|王五", "zhangsan|张三");
        assertThat(memberships()).containsExactly("WangWu|3|0|false", "ZhangSan|2|10|true", "ZhangSan|3|20|false",
                "lisi|3|0|false");
        assertThat(target.read(EntityKind.USER)).isEqualTo(Map.of("ZhangSan", Fingerprint.of(ZHANGSAN),
                "lisi", Fingerprint.of(LISI), "WangWu", Fingerprint.of(wangwuMoved)));
        // the plain insert was tried first, then the batch without lisi was upserted
        assertThat(userWrites()).hasSize(2);
        assertThat(userWrites().get(0)).doesNotContain("ON DUPLICATE KEY").doesNotContain("ON CONFLICT")
                .doesNotStartWith("MERGE");
    }

    @Test
    void aFailedInsertOfNewUsersLeavesNothingBehind() throws SQLException {
        target.upsertDepartments(List.of(ROOT, SALES, DEV));
        List<String> before = snapshot();

        failStateWrites.set(true);
        assertThatThrownBy(() -> target.insertUsersIfAbsent(List.of(ZHANGSAN, LISI), Map.of()))
                .isInstanceOf(JdbcStoreException.class).hasMessageContaining("insertUsersIfAbsent");
        failStateWrites.set(false);

        assertThat(snapshot()).isEqualTo(before);
        assertThat(target.insertUsersIfAbsent(List.of(ZHANGSAN, LISI), Map.of())).isEmpty();
        assertThat(memberships()).containsExactly("ZhangSan|2|10|true", "ZhangSan|3|20|false", "lisi|3|0|false");
        assertThat(target.read(EntityKind.USER)).containsEntry("lisi", Fingerprint.of(LISI)).hasSize(2);
    }

    @Test
    void stateStoreComparesUseridsIgnoringCase() {
        Fingerprint fp1 = Fingerprint.of(ZHANGSAN);
        Fingerprint fp2 = Fingerprint.of(LISI);
        Fingerprint fp3 = Fingerprint.of(ZHANGSAN.toBuilder().position("总监").build());
        Fingerprint d1 = Fingerprint.of(new Department(7, "七部", null, 1, 0, List.of()));
        target.put(EntityKind.USER, Map.of("ZhangSan", fp1, "lisi", fp2));
        target.put(EntityKind.USER, Map.of("ZhangSan", fp3));
        target.put(EntityKind.DEPARTMENT, Map.of("7", d1));

        assertThat(target.read(EntityKind.USER)).isEqualTo(Map.of("ZhangSan", fp3, "lisi", fp2));
        assertThat(target.get(EntityKind.USER, "zhangsan")).contains(fp3);
        assertThat(target.get(EntityKind.DEPARTMENT, "7")).contains(d1);
        assertThat(target.get(EntityKind.DEPARTMENT, "7").orElseThrow().parentId()).hasValue(1);
        assertThat(target.get(EntityKind.DEPARTMENT, "8")).isEmpty();
        assertThat(target.get(EntityKind.USER, List.of("zhangsan", "LISI", "nobody", "7")))
                .isEqualTo(Map.of("ZhangSan", fp3, "lisi", fp2));
        assertThat(target.get(EntityKind.DEPARTMENT, List.of("7", "8", "lisi"))).isEqualTo(Map.of("7", d1));
        assertThat(target.get(EntityKind.USER, List.of())).isEmpty();

        target.remove(EntityKind.USER, List.of("ZHANGSAN", "nobody"));
        assertThat(target.read(EntityKind.USER)).isEqualTo(Map.of("lisi", fp2));
        assertThat(target.read(EntityKind.DEPARTMENT)).isEqualTo(Map.of("7", d1));
    }

    @Test
    void theEngineKeepsTheTablesEqualToTheOrg() throws Exception {
        try (WeComSimulator sim = WeComSimulator.builder().org(Org.generate(60, 6, 21)).build()) {
            sim.addAppSecret("app");
            WeComSync sync = WeComSync.builder()
                    .client(WeComClient.builder().corpId(sim.corpId()).secret("app").baseUrl(sim.baseUrl()).build())
                    .target(target)
                    .batchSize(25)
                    .build();
            assertThat(sync.fullSync().succeeded()).isTrue();
            assertThat(MirrorContents.of(dataSource, tables)).isEqualTo(MirrorContents.of(sim.org()));

            List<SimUser> users = sim.org().users();
            long rowId = rowId(users.get(0).userId().toLowerCase(java.util.Locale.ROOT));
            sim.org().renameUserId(users.get(0).userId(), "renamed.one");
            sim.org().deleteUser(users.get(1).userId());
            sim.org().updateUser(users.get(2).userId(), u -> u.withStatus(SimUser.STATUS_EXITED));
            SyncReport second = sync.fullSync();

            assertThat(second.succeeded()).isTrue();
            assertThat(second.users().deleted()).isEqualTo(2);   // a full sync sees a rename as delete + create
            assertThat(MirrorContents.of(dataSource, tables)).isEqualTo(MirrorContents.of(sim.org()));

            sim.org().renameUserId("renamed.one", "Renamed.One");   // a change of case keeps the row
            long renamedRow = rowId("renamed.one");
            assertThat(sync.fullSync().users().renamed()).isEqualTo(1);
            assertThat(rowId("renamed.one")).isEqualTo(renamedRow).isNotEqualTo(rowId);
            assertThat(MirrorContents.of(dataSource, tables)).isEqualTo(MirrorContents.of(sim.org()));
            assertThat(sync.fullSync().writes()).isZero();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Every row of the four tables, as text, sorted. */
    List<String> snapshot() throws SQLException {
        List<String> out = new ArrayList<>();
        out.addAll(rows("SELECT * FROM " + tables.department()));
        out.addAll(rows("SELECT * FROM " + tables.user()));
        out.addAll(rows("SELECT * FROM " + tables.userDepartment()));
        out.addAll(rows("SELECT * FROM " + tables.fingerprint()));
        return out;
    }

    /** The statements since the last clear that wrote the user table. */
    List<String> userWrites() {
        synchronized (statements) {
            return statements.stream().filter(sql -> sql.startsWith("INSERT INTO " + tables.user() + " ")
                    || sql.startsWith("MERGE INTO " + tables.user() + " ")).toList();
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = database().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    List<String> memberships() throws SQLException {
        return rows("SELECT u.userid, m.department_id, m.sort_order, m.is_leader FROM " + tables.userDepartment()
                + " m JOIN " + tables.user() + " u ON u.row_id = m.user_row_id");
    }

    long rowId(String key) throws SQLException {
        List<String> ids = rows("SELECT row_id FROM " + tables.user() + " WHERE userid_key = '" + key + "'");
        assertThat(ids).hasSize(1);
        return Long.parseLong(ids.get(0));
    }

    /** Rows as "a|b|c", sorted; booleans as true/false whatever the driver returns. */
    List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = database().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof Boolean b) {
                        v = b.toString();
                    }
                    if (rs.getMetaData().getColumnName(i).equalsIgnoreCase("is_leader")) {
                        v = rs.getBoolean(i);
                    }
                    row.append(i > 1 ? "|" : "").append(v);
                }
                out.add(row.toString());
            }
        }
        out.sort(null);
        return out;
    }

    /** A data source whose connections refuse statements on the state table while {@link #failStateWrites} is set. */
    private DataSource failingOnStateWrites(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (result instanceof Connection c) {
                        return connection(c);
                    }
                    return result;
                });
    }

    private Connection connection(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args[0] instanceof String sql) {
                        statements.add(sql);
                        if (failStateWrites.get() && sql.contains(tables.fingerprint()) && !sql.startsWith("SELECT")) {
                            throw new SQLException("injected failure writing the sync state");
                        }
                        String fail = failStatementsWith;
                        if (fail != null && sql.contains(fail)) {
                            throw new SQLException("injected failure on " + fail);
                        }
                    }
                    if (method.getName().equals("createStatement")) {
                        statements.add("(statement)");
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
