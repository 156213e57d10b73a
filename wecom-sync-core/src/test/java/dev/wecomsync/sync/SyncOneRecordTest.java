package dev.wecomsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.callback.DepartmentUpdated;
import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EventResult.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link WeComSync#syncUser} and {@link WeComSync#syncDepartment}: one record on demand, as an event would. */
class SyncOneRecordTest {

    private final FakeOrg org = FakeOrg.generate(10, 100);
    private final FakeDirectory app = new FakeDirectory(org, "app secret");
    private final FakeDirectory contact = new FakeDirectory(org, "Contacts Sync secret");
    private final RecordingTarget target = new RecordingTarget();
    private final InMemorySyncStateStore store = new InMemorySyncStateStore();
    private WeComSync sync;

    @BeforeEach
    void syncedOnce() {
        sync = WeComSync.builder().directories(app, contact).target(target).stateStore(store).build();
        sync.fullSync();
        target.clearCalls();
    }

    @Test
    void userCreatedChangedDeletedAndOutOfScope() {
        org.putUser(User.builder("zhaoliu").name("赵六").departments(List.of(3L)).build());
        EventResult created = sync.syncUser("zhaoliu");
        assertThat(created.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(created.kind()).contains(EntityKind.USER);
        assertThat(target.users.get("zhaoliu")).isEqualTo(org.user("zhaoliu"));
        assertThat(sync.syncUser("zhaoliu").outcome()).isEqualTo(Outcome.UNCHANGED);

        org.putUser(org.user("user2").toBuilder().position("架构师").build());
        EventResult changed = sync.syncUser("user2");
        assertThat(changed.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(changed.detail()).endsWith(": position");
        assertThat(target.users.get("user2").position()).isEqualTo("架构师");

        org.removeUser("user3");
        assertThat(sync.syncUser("user3").outcome()).isEqualTo(Outcome.DELETED);
        assertThat(target.users).doesNotContainKey("user3");
        assertThat(store.get(EntityKind.USER, "user3")).isEmpty();

        app.hideUser("user4");
        contact.hideUser("user4");
        org.removeUser("user4");
        EventResult hidden = sync.syncUser("user4");
        assertThat(hidden.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(hidden.detail()).contains("60011");
        assertThat(target.users).containsKey("user4");
        assertThat(target.writes()).containsExactly("upsertUsers 1", "upsertUsers 1", "deleteUsers [user3]");
    }

    @Test
    void departmentCreatedChangedDeletedAndOutOfScope() {
        org.putDepartment(new Department(11, "新部门", null, 1, 7, List.of()));
        assertThat(sync.syncDepartment(11).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(target.departments.get(11L)).isEqualTo(org.department(11));

        org.putDepartment(org.department(5).toBuilder().name("改名").build());
        EventResult changed = sync.syncDepartment(5);
        assertThat(changed.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(changed.detail()).endsWith(": name");
        assertThat(sync.syncDepartment(5).outcome()).isEqualTo(Outcome.UNCHANGED);

        org.removeDepartment(11);
        assertThat(sync.syncDepartment(11).outcome()).isEqualTo(Outcome.DELETED);
        assertThat(target.departments).doesNotContainKey(11L);

        WeComSync appOnly = WeComSync.builder().directories(app, null).target(target).stateStore(store).build();
        app.hideDepartment(6);
        EventResult hidden = appOnly.syncDepartment(6);
        assertThat(hidden.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(target.departments).containsKey(6L);
        assertThat(target.writes()).containsExactly("upsertDepartments 1", "upsertDepartments 1", "deleteDepartments [11]");
    }

    @Test
    void badIdsAreRefusedAndTransientFailuresThrown() {
        assertThatThrownBy(() -> sync.syncUser(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> sync.syncDepartment(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        app.fail("user/get", id -> true);
        assertThatThrownBy(() -> sync.syncUser("user5")).isInstanceOf(WeComApiException.class)
                .satisfies(e -> assertThat(((WeComApiException) e).errcode()).isEqualTo(-1));
    }

    @Test
    void eventsForDepartmentsTheAppCannotReadShareOneStructureRead() {
        app.forbid("department/get");
        Instant longAgo = Instant.parse("2020-01-01T00:00:00Z");
        int before = contact.calls("department/simplelist");
        for (long id = 2; id <= 6; id++) {
            EventResult r = sync.apply(new DepartmentUpdated("ww1", longAgo, "<xml/>", id, Optional.empty(),
                    OptionalLong.empty()));
            assertThat(r.outcome()).isEqualTo(Outcome.UPDATED); // names are not readable: the names go
        }
        assertThat(contact.calls("department/simplelist") - before).isEqualTo(1);
        assertThat(app.calls("department/get")).isEqualTo(1); // 48009 once, then the plan skips it

        // an on-demand sync is about now: it reads the structure again
        sync.syncDepartment(7);
        assertThat(contact.calls("department/simplelist") - before).isEqualTo(2);
    }
}
