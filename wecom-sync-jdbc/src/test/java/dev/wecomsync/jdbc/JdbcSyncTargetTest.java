package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.Fingerprint;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link JdbcSyncTargetContract} on each database, and what its set-based writes must get right. */
@OnEveryDatabase
class JdbcSyncTargetTest extends JdbcSyncTargetContract {

    JdbcSyncTargetTest(Databases database) {
        super(database);
    }

    static List<Department> departments(int count) {
        List<Department> out = new ArrayList<>(List.of(ROOT));
        for (int i = 2; i <= count; i++) out.add(new Department(i, "部门" + i, null, 1, i, List.of()));
        return out;
    }

    static User user(int i, long... departments) {
        List<Long> ids = java.util.Arrays.stream(departments).boxed().toList();
        return User.builder("User" + i).name("用户" + i).departments(ids)
                .orders(ids.stream().map(d -> d * 10).toList())
                .leaderInDepartments(ids.stream().map(d -> d == 2).toList())
                .mainDepartment(departments[0]).build();
    }

    @Test
    void aBatchOf500UsersIsAHandfulOfStatements() throws SQLException {
        target.upsertDepartments(departments(5));
        List<User> users = IntStream.range(0, 500).mapToObj(i -> user(i, 2 + i % 4, 2 + (i + 1) % 4)).toList();
        statements.clear();
        target.upsertUsers(users);

        assertThat(statements).as("statements of one batch").hasSizeLessThanOrEqualTo(8);
        assertThat(rows("SELECT COUNT(*) FROM " + tables.user())).containsExactly("500");
        assertThat(rows("SELECT COUNT(*) FROM " + tables.userDepartment())).containsExactly("1000");
        assertThat(target.read(EntityKind.USER)).hasSize(500);

        statements.clear();
        target.upsertUsers(users.stream().map(u -> u.toBuilder().position("新").build()).toList());
        assertThat(statements).hasSizeLessThanOrEqualTo(8);
        assertThat(rows("SELECT COUNT(*) FROM " + tables.user() + " WHERE position = '新'")).containsExactly("500");
    }

    @Test
    void theEnginesPutAfterABatchWritesOnlyWhatDiffers() {
        target.upsertDepartments(departments(3));
        User one = user(1, 2);
        User two = user(2, 3);
        target.upsertUsers(List.of(one, two));
        statements.clear();
        target.put(EntityKind.USER, Map.of("User1", Fingerprint.of(one), "User2", Fingerprint.of(two)));
        assertThat(statements).as("the batch already wrote these").isEmpty();

        target.upsertUsers(List.of(one));
        Fingerprint other = Fingerprint.of(two.toBuilder().position("别的").build());
        target.put(EntityKind.USER, Map.of("User1", Fingerprint.of(one), "User2", other));
        assertThat(target.read(EntityKind.USER)).isEqualTo(Map.of("User1", Fingerprint.of(one), "User2", other));

        target.upsertUsers(List.of(one));
        target.deleteUsers(List.of("user1"));
        target.put(EntityKind.USER, Map.of("User1", Fingerprint.of(one)));   // not after its batch any more
        assertThat(target.read(EntityKind.USER)).containsEntry("User1", Fingerprint.of(one));
    }

    @Test
    void oneBatchMixesNewAndExistingUsersMovesAndDropsMemberships() throws SQLException {
        target.upsertDepartments(departments(4));
        target.upsertUsers(List.of(user(1, 2, 3), user(2, 3), user(3, 2, 4)));
        long first = rowId("user1");
        long third = rowId("user3");

        target.upsertUsers(List.of(
                user(1, 2),          // membership in 3 removed
                user(3, 4),          // moved out of 2, main department now 4
                user(4, 3, 2)));     // new, in two departments

        assertThat(rowId("user1")).isEqualTo(first);
        assertThat(rowId("user3")).isEqualTo(third);
        assertThat(memberships()).containsExactly("User1|2|20|true", "User2|3|30|false", "User3|4|40|false",
                "User4|2|20|true", "User4|3|30|false");
        assertThat(rows("SELECT userid, main_department FROM " + tables.user()))
                .containsExactly("User1|2", "User2|3", "User3|4", "User4|3");
        assertThat(target.read(EntityKind.USER)).isEqualTo(Map.of("User1", Fingerprint.of(user(1, 2)),
                "User2", Fingerprint.of(user(2, 3)), "User3", Fingerprint.of(user(3, 4)),
                "User4", Fingerprint.of(user(4, 3, 2))));
    }

    @Test
    void aDepartmentMovedInABatchKeepsItsMembers() throws SQLException {
        target.upsertDepartments(departments(4));
        target.upsertUsers(List.of(user(1, 4)));
        Department moved = new Department(4, "部门4", "Four", 3, 9, List.of("User1"));
        target.upsertDepartments(List.of(new Department(2, "二部", null, 1, 2, List.of()), moved));

        assertThat(rows("SELECT id, name, name_en, parent_id, sort_order, leaders FROM " + tables.department()))
                .containsExactly("1|企业|null|0|100|null", "2|二部|null|1|2|null", "3|部门3|null|1|3|null",
                        "4|部门4|Four|3|9|User1");
        assertThat(memberships()).containsExactly("User1|4|40|false");
        assertThat(target.get(EntityKind.DEPARTMENT, "4")).contains(Fingerprint.of(moved));
        assertThat(target.get(EntityKind.DEPARTMENT, "4").orElseThrow().parentId()).hasValue(3);
    }

    @Test
    void useridsEqualIgnoringCaseInOneBatchAreOneRowTheLastWins() throws SQLException {
        target.upsertDepartments(departments(3));
        User later = user(1, 3).toBuilder().userId("USER1").name("后").build();
        target.upsertUsers(List.of(user(1, 2), later));

        assertThat(rows("SELECT userid_key, userid, name FROM " + tables.user())).containsExactly("user1|USER1|后");
        assertThat(memberships()).containsExactly("USER1|3|30|false");
        assertThat(target.read(EntityKind.USER)).isEqualTo(Map.of("USER1", Fingerprint.of(later)));
    }

    @Test
    void aBatchThatFailsAtItsMembershipsLeavesNothing() throws SQLException {
        target.upsertDepartments(departments(4));
        target.upsertUsers(List.of(user(1, 2, 3)));
        List<String> before = snapshot();

        failStatementsWith = "INSERT INTO " + tables.userDepartment();
        assertThatThrownBy(() -> target.upsertUsers(List.of(user(1, 4), user(2, 2), user(3, 3))))
                .isInstanceOf(JdbcStoreException.class).hasMessageContaining("upsertUsers");
        failStatementsWith = null;

        assertThat(snapshot()).isEqualTo(before);
        assertThat(target.read(EntityKind.USER)).containsOnlyKeys("User1");
    }

    @Test
    void deletionsOfManyRecordsAreSetBased() throws SQLException {
        target.upsertDepartments(departments(5));
        List<User> users = IntStream.range(0, 300).mapToObj(i -> user(i, 2 + i % 4)).toList();
        target.upsertUsers(users);
        List<String> gone = IntStream.range(0, 300).filter(i -> i % 3 != 0).mapToObj(i -> "USER" + i).toList();

        statements.clear();
        target.deleteUsers(gone);
        assertThat(statements).hasSizeLessThanOrEqualTo(6);
        assertThat(rows("SELECT COUNT(*) FROM " + tables.user())).containsExactly("100");
        assertThat(rows("SELECT COUNT(*) FROM " + tables.userDepartment())).containsExactly("100");
        assertThat(target.read(EntityKind.USER)).hasSize(100).containsKey("User0").doesNotContainKey("User1");

        target.deleteDepartments(List.of(2L, 3L));
        assertThat(rows("SELECT DISTINCT department_id FROM " + tables.userDepartment())).containsExactly("4", "5");
        assertThat(target.read(EntityKind.DEPARTMENT)).containsOnlyKeys("1", "4", "5");
    }

    @Test
    void buildIfTablesExistCreatesNothing() throws SQLException {
        JdbcSyncTarget.Builder other = JdbcSyncTarget.builder().dataSource(dataSource)
                .tablePrefix(tables.prefix() + "x_");
        assertThat(other.buildIfTablesExist()).isEmpty();
        assertThat(builder().buildIfTablesExist()).isPresent();
        assertThatThrownBy(() -> JdbcSyncTarget.builder().tablePrefix("1bad"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tablePrefix");
        assertThatThrownBy(() -> JdbcSyncTarget.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessage("dataSource == null");
    }
}
