package dev.wecomsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.callback.BatchJobFinished;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.DepartmentCreated;
import dev.wecomsync.callback.DepartmentDeleted;
import dev.wecomsync.callback.DepartmentUpdated;
import dev.wecomsync.callback.TagUpdated;
import dev.wecomsync.callback.UserCreated;
import dev.wecomsync.callback.UserDeleted;
import dev.wecomsync.callback.UserFields;
import dev.wecomsync.callback.UserUpdated;
import dev.wecomsync.client.WeComApiException;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserStatus;
import dev.wecomsync.sync.EventResult.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplyEventTest {

    private static final Instant T = Instant.parse("2026-11-29T06:00:00Z");

    private final FakeOrg org = FakeOrg.generate(10, 100);
    private final FakeDirectory app = new FakeDirectory(org, "app secret");
    private final RecordingTarget target = new RecordingTarget();
    private final InMemorySyncStateStore store = new InMemorySyncStateStore();
    private WeComSync sync;

    @BeforeEach
    void syncedOnce() {
        sync = WeComSync.builder().directories(app, null).target(target).stateStore(store).build();
        sync.fullSync();
        target.clearCalls();
    }

    private static UserCreated userCreated(String userId) {
        return new UserCreated("ww1", T, "<xml/>", userId, UserFields.empty());
    }

    private static UserUpdated userUpdated(String userId, String newUserId) {
        return new UserUpdated("ww1", T, "<xml/>", userId, Optional.ofNullable(newUserId), UserFields.empty());
    }

    @Test
    void skeletonCreateUserReReadsTheUserAndIsIdempotent() {
        org.putUser(User.builder("zhangsan").name("张三").departments(List.of(2L)).position("工程师").build());

        EventResult first = sync.apply(userCreated("zhangsan"));
        EventResult again = sync.apply(userCreated("zhangsan"));

        assertThat(first.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(first.kind()).contains(EntityKind.USER);
        assertThat(target.users.get("zhangsan")).isEqualTo(org.user("zhangsan"));
        assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(target.writes()).containsExactly("upsertUsers 1");
        assertThat(store.get(EntityKind.USER, "zhangsan")).isPresent();
    }

    @Test
    void updateThatWeComDidNotDescribeIsStillPickedUp() {
        org.putUser(org.user("user3").toBuilder().position("总监").status(UserStatus.DISABLED).build());

        EventResult result = sync.apply(userUpdated("user3", null));

        assertThat(result.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(target.users.get("user3").position()).isEqualTo("总监");
        assertThat(target.users.get("user3").status()).isEqualTo(UserStatus.DISABLED);
    }

    @Test
    void newUserIdRenamesFirstThenUpdates() {
        User old = org.user("user4");
        org.removeUser("user4");
        org.putUser(old.toBuilder().userId("lisi").position("经理").build());

        EventResult result = sync.apply(userUpdated("user4", "lisi"));

        assertThat(target.writes()).containsExactly("renameUser user4 lisi", "upsertUsers 1");
        assertThat(result.renamedFrom()).contains("user4");
        assertThat(result.id()).isEqualTo("lisi");
        assertThat(result.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(target.users).doesNotContainKey("user4").containsKey("lisi");
        assertThat(store.get(EntityKind.USER, "user4")).isEmpty();

        target.clearCalls();
        EventResult again = sync.apply(userUpdated("user4", "lisi"));
        assertThat(again.outcome()).isEqualTo(Outcome.RENAMED); // told again: renames are idempotent
        assertThat(target.writes()).containsExactly("renameUser user4 lisi"); // a no-op for the target

        target.clearCalls();
        assertThat(sync.fullSync().writes()).isZero();
    }

    @Test
    void pureRenameSendsNoUpsert() {
        User old = org.user("user5");
        org.removeUser("user5");
        org.putUser(old.toBuilder().userId("wangwu").build());

        EventResult result = sync.apply(userUpdated("user5", "wangwu"));

        assertThat(result.outcome()).isEqualTo(Outcome.RENAMED);
        assertThat(result.changed()).isTrue();
        assertThat(result.renamedFrom()).contains("user5");
        assertThat(target.writes()).containsExactly("renameUser user5 wangwu");
    }

    @Test
    void deleteUserIsADeletionOnlyWhenWeComSaysTheUserIsGone() {
        EventResult stillThere = sync.apply(new UserDeleted("ww1", T, "<xml/>", "user6"));
        assertThat(stillThere.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(target.users).containsKey("user6");

        org.removeUser("user6");
        EventResult gone = sync.apply(new UserDeleted("ww1", T, "<xml/>", "user6"));
        EventResult twice = sync.apply(new UserDeleted("ww1", T, "<xml/>", "user6"));

        assertThat(gone.outcome()).isEqualTo(Outcome.DELETED);
        assertThat(twice.outcome()).as("nothing left to delete").isEqualTo(Outcome.UNCHANGED);
        assertThat(twice.changed()).isFalse();
        assertThat(target.users).doesNotContainKey("user6");
        assertThat(store.get(EntityKind.USER, "user6")).isEmpty();
    }

    @Test
    void aUserThatNeverExistedIsNotReportedAsDeleted() {
        target.clearCalls();

        EventResult result = sync.apply(new UserDeleted("ww1", T, "<xml/>", "never.existed"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(result.detail()).contains("does not exist, and the target does not have it");
        assertThat(target.writes()).isEmpty();
    }

    @Test
    void userOutsideTheVisibleScopeIsSkippedNotDeleted() {
        app.hideUser("user7");

        EventResult result = sync.apply(new UserDeleted("ww1", T, "<xml/>", "user7"));

        assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(result.detail()).contains("60011");
        assertThat(target.writes()).isEmpty();
    }

    @Test
    void transientReadFailureIsThrownSoWeComRetries() {
        app.fail("user/get", id -> true);

        assertThatThrownBy(() -> sync.apply(userCreated("user8")))
                .isInstanceOf(WeComApiException.class).hasMessageContaining("-1");
        assertThat(target.writes()).isEmpty();
    }

    @Test
    void targetFailureIsThrownAndStateDoesNotAdvance() {
        org.putUser(org.user("user9").toBuilder().position("新职位").build());
        target.refuseUser = u -> true;

        assertThatThrownBy(() -> sync.apply(userUpdated("user9", null))).hasMessageContaining("refused");

        target.refuseUser = u -> false;
        assertThat(sync.apply(userUpdated("user9", null)).outcome()).isEqualTo(Outcome.UPDATED);
    }

    @Test
    void skeletonCreatePartyBringsMissingParentsFirst() {
        org.putDepartment(new Department(20, "研发", null, 1, 5, List.of()));
        org.putDepartment(new Department(21, "后端", null, 20, 5, List.of()));

        EventResult result = sync.apply(new DepartmentCreated("ww1", T, "<xml/>", 21, Optional.empty(),
                OptionalLong.of(20), OptionalLong.empty()));

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(target.violations).isEmpty();
        assertThat(target.departments).containsKeys(20L, 21L);
        assertThat(target.writes()).containsExactly("upsertDepartments 2");
    }

    @Test
    void departmentUpdateAndDelete() {
        Department three = org.department(3);
        org.putDepartment(new Department(3, "新名字", null, three.parentId(), three.order(), List.of()));

        assertThat(sync.apply(new DepartmentUpdated("ww1", T, "<xml/>", 3, Optional.empty(), OptionalLong.empty()))
                .outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(target.departments.get(3L).name()).isEqualTo("新名字");

        org.removeDepartment(10);
        EventResult deleted = sync.apply(new DepartmentDeleted("ww1", T, "<xml/>", 10));

        assertThat(deleted.outcome()).isEqualTo(Outcome.DELETED);
        assertThat(target.departments).doesNotContainKey(10L);
        assertThat(target.writes()).containsExactly("upsertDepartments 1", "deleteDepartments [10]");
    }

    @Test
    void departmentTheAppCannotReadIsReadFromTheStructure() {
        FakeDirectory contact = new FakeDirectory(org, "Contacts Sync secret");
        WeComSync withContact = WeComSync.builder().directories(app, contact).target(target).stateStore(store).build();
        app.hideDepartment(4);
        org.removeDepartment(9);
        app.hideDepartment(9);

        assertThat(withContact.apply(new DepartmentUpdated("ww1", T, "<xml/>", 4, Optional.empty(),
                OptionalLong.of(1))).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(target.departments.get(4L).name()).isNull();
        assertThat(withContact.apply(new DepartmentDeleted("ww1", T, "<xml/>", 9)).outcome())
                .isEqualTo(Outcome.DELETED);
        // without a Contacts Sync secret the same department cannot be told apart from a deleted one
        assertThat(sync.apply(new DepartmentDeleted("ww1", T, "<xml/>", 4)).outcome()).isEqualTo(Outcome.SKIPPED);
    }

    @Test
    void tagsBatchJobsAndUnknownEventsAreIgnored() {
        List<ContactEvent> events = List.of(
                new TagUpdated("ww1", T, "<xml/>", 1, List.of("user1"), List.of(), List.of(), List.of()),
                new BatchJobFinished("ww1", T, "<xml/>", "job1", "sync_user", 0, "ok"));

        for (ContactEvent event : events) {
            assertThat(sync.apply(event).outcome()).isEqualTo(Outcome.IGNORED);
        }
        assertThat(target.writes()).isEmpty();
    }

    @Test
    void eventDuringAFullSyncWinsOverTheFullSyncsOlderRead() {
        org.putUser(org.user("user1").toBuilder().position("旧").build());
        AtomicBoolean raced = new AtomicBoolean();
        // user1 is in department 2: after the full sync has read department 2, WeCom changes user1
        // again and its event is applied before the full sync writes what it read
        app.afterListUsers = dept -> {
            if (dept == 2L && raced.compareAndSet(false, true)) {
                org.putUser(org.user("user1").toBuilder().position("新").build());
                assertThat(sync.apply(userUpdated("user1", null)).outcome()).isEqualTo(Outcome.UPDATED);
            }
        };

        sync.fullSync();

        assertThat(raced).isTrue();
        assertThat(target.users.get("user1").position()).isEqualTo("新");
        assertThat(target.violations).isEmpty();
        app.afterListUsers = dept -> { };
        target.clearCalls();
        assertThat(sync.fullSync().writes()).isZero();
    }

    @Test
    void concurrentEventsReachTheTargetOneThreadAtATime() throws Exception {
        for (int i = 0; i < 200; i++) {
            org.putUser(User.builder("concurrent" + i).name("并发" + i).departments(List.of(1L + i % 10)).build());
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<EventResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = "concurrent" + i;
                results.add(pool.submit(() -> sync.apply(userCreated(id))));
                results.add(pool.submit(() -> sync.apply(userUpdated(id, null))));
            }
            int created = 0;
            for (java.util.concurrent.Future<EventResult> r : results) {
                created += r.get(30, java.util.concurrent.TimeUnit.SECONDS).outcome() == Outcome.CREATED ? 1 : 0;
            }
            assertThat(created).isEqualTo(200); // one of each pair creates, the other finds it unchanged
        } finally {
            pool.shutdownNow();
        }
        assertThat(target.violations).isEmpty();
        assertThat(target.writes()).hasSize(200);
    }
}
