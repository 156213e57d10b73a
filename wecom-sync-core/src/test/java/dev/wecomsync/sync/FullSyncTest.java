package dev.wecomsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.model.UserStatus;
import dev.wecomsync.sync.internal.Directory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FullSyncTest {

    private final FakeOrg org = FakeOrg.generate(40, 1_200);
    private final RecordingTarget target = new RecordingTarget();
    private final InMemorySyncStateStore store = new InMemorySyncStateStore();

    private WeComSync.Builder builder(Directory app, Directory contactSync) {
        return WeComSync.builder().directories(app, contactSync).target(target).stateStore(store);
    }

    private void assertTargetEqualsOrg() {
        assertThat(target.violations).isEmpty();
        assertThat(target.departments.values()).containsExactlyInAnyOrderElementsOf(org.departments());
        assertThat(target.users.values()).containsExactlyInAnyOrderElementsOf(org.users());
    }

    @Test
    void planAppSecretWholeOrgListsPerDepartment() {
        WeComSync sync = builder(new FakeDirectory(org, "app secret"), null).build();

        SyncReport report = sync.fullSync();

        assertTargetEqualsOrg();
        assertThat(report.plan()).isEqualTo(SyncPlan.LIST_PER_DEPARTMENT);
        assertThat(report.planReason()).contains("department/list with the app secret");
        assertThat(report.apiCalls()).isEqualTo(Map.of("department/list", 1L, "user/list", 40L));
        assertThat(report.departments().created()).isEqualTo(40);
        assertThat(report.users().created()).isEqualTo(1_200);
        assertThat(report.succeeded()).isTrue();
        assertThat(report.deletionsWithheld()).isEmpty();
        // batches of 500, departments before users
        assertThat(target.writes()).containsExactly("upsertDepartments 40", "upsertUsers 500", "upsertUsers 500",
                "upsertUsers 200");
        assertThat(store.size(EntityKind.USER)).isEqualTo(1_200);
        assertThat(target.finished).isSameAs(report);
    }

    @Test
    void planContactSyncFromOldIpUsesTheSameListsWithTheContactSyncSecret() {
        FakeDirectory app = new FakeDirectory(org, "app secret");
        FakeDirectory contact = new FakeDirectory(org, "Contacts Sync secret");

        SyncReport report = builder(app, contact).build().fullSync();

        assertTargetEqualsOrg();
        assertThat(report.plan()).isEqualTo(SyncPlan.LIST_PER_DEPARTMENT);
        assertThat(report.planReason()).contains("Contacts Sync secret");
        assertThat(app.calls).hasValue(0);
    }

    @Test
    void restrictedContactSyncSecretFallsBackToIdsThenDetails() {
        FakeDirectory app = new FakeDirectory(org, "app secret");
        FakeDirectory contact = new FakeDirectory(org, "Contacts Sync secret", 300)
                .forbid("department/list", "department/get", "user/list", "user/get");

        SyncReport report = builder(app, contact).build().fullSync();

        assertTargetEqualsOrg();
        assertThat(report.plan()).isEqualTo(SyncPlan.IDS_THEN_DETAILS);
        assertThat(report.planReason()).contains("answered 48009", "department/simplelist", "user/list_id");
        assertThat(report.apiCalls("department/simplelist")).isEqualTo(1);
        assertThat(report.apiCalls("user/list_id")).isEqualTo(5); // 1,320 rows in pages of 300
        assertThat(report.apiCalls("user/list")).isEqualTo(40); // details per department with the app secret
        assertThat(report.apiCalls("user/get")).isZero();
        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void appSecretThatMayNotListUsersReadsEachUser() {
        FakeDirectory app = new FakeDirectory(org, "app secret").forbid("user/list", "department/list");
        FakeDirectory contact = new FakeDirectory(org, "Contacts Sync secret")
                .forbid("department/list", "department/get", "user/list", "user/get");

        SyncReport report = builder(app, contact).concurrency(4).build().fullSync();

        assertTargetEqualsOrg();
        assertThat(report.plan()).isEqualTo(SyncPlan.IDS_THEN_DETAILS);
        assertThat(report.apiCalls("user/get")).isEqualTo(1_200);
        assertThat(report.apiCalls("department/get")).isEqualTo(40);
        assertThat(report.apiCalls("user/list")).isEqualTo(1); // one probe, then no more
    }

    @Test
    void departmentsTheAppCannotReadKeepNullNames() {
        FakeDirectory app = new FakeDirectory(org, "app secret").forbid("department/list").hideDepartment(7);
        FakeDirectory contact = new FakeDirectory(org, "Contacts Sync secret").forbid("department/list", "user/list");

        SyncReport report = builder(app, contact).build().fullSync();

        assertThat(target.departments.get(7L).name()).isNull();
        assertThat(target.departments.get(7L).parentId()).isEqualTo(org.department(7).parentId());
        assertThat(target.departments.get(8L)).isEqualTo(org.department(8));
        assertThat(report.departments().failed()).isZero();
    }

    @Test
    void secondRunOverAnUnchangedOrgWritesNothing() {
        WeComSync sync = builder(new FakeDirectory(org, "app secret"), null).build();
        sync.fullSync();
        target.clearCalls();

        SyncReport second = sync.fullSync();

        assertThat(target.writes()).isEmpty();
        assertThat(second.writes()).isZero();
        assertThat(second.users().unchanged()).isEqualTo(1_200);
        assertThat(second.departments().unchanged()).isEqualTo(40);
    }

    @Test
    void mutationsAreWrittenAndNothingElse() {
        WeComSync sync = builder(new FakeDirectory(org, "app secret"), null).build();
        sync.fullSync();
        target.clearCalls();
        org.putUser(org.user("user5").toBuilder().position("总监").build());                  // update
        org.putUser(org.user("user6").toBuilder().departments(List.of(3L)).mainDepartment(3).build()); // move
        org.putDepartment(new Department(41, "新部门", null, 2, 1, List.of()));
        org.putUser(User.builder("newcomer").name("新人").departments(List.of(41L)).build());
        Department four = org.department(4);
        org.putDepartment(new Department(4, "改名", four.nameEn(), four.parentId(), four.order(), four.leaders()));                                 // rename
        org.removeUser("user7");

        SyncReport report = sync.fullSync();

        assertTargetEqualsOrg();
        assertThat(target.writes()).containsExactly("upsertDepartments 2", "upsertUsers 3", "deleteUsers [user7]");
        assertThat(report.departments()).isEqualTo(new SyncReport.Counts(1, 1, 39, 0, 0, 0, 0));
        assertThat(report.users()).isEqualTo(new SyncReport.Counts(1, 2, 1_197, 0, 1, 0, 0));
    }

    @Test
    void usersWhoLeftOrWereDisabledAreUpsertedWithTheirStatus() {
        builder(new FakeDirectory(org, "app secret"), null).build().fullSync();

        assertThat(target.users.get("user50").status()).isEqualTo(UserStatus.EXITED);
        assertThat(target.users.get("user51").status()).isEqualTo(UserStatus.DISABLED);
    }

    @Test
    void aFailedListMeansNoDeletionsAtAll() {
        FakeDirectory app = new FakeDirectory(org, "app secret");
        WeComSync sync = builder(app, null).build();
        sync.fullSync();
        target.clearCalls();
        org.removeUser("user8");
        app.fail("user/list", dept -> dept.equals(9L));

        SyncReport report = sync.fullSync();

        assertThat(target.writes()).noneMatch(call -> call.startsWith("delete"));
        assertThat(target.users).containsKey("user8");
        assertThat(report.succeeded()).isFalse();
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.operation()).isEqualTo("user/list");
            assertThat(f.reason()).contains("department 9", "-1");
        });
        assertThat(report.deletionsWithheld()).hasValueSatisfying(why -> assertThat(why).contains("1 read(s) failed"));
        assertThat(report.toString()).contains("no deletions");
    }

    @Test
    void aFailingDepartmentListDeletesNothingAndWritesNothing() {
        FakeDirectory app = new FakeDirectory(org, "app secret");
        WeComSync sync = builder(app, null).build();
        sync.fullSync();
        target.clearCalls();
        app.fail("department/list", any -> true);

        SyncReport report = sync.fullSync();

        assertThat(target.writes()).isEmpty();
        assertThat(report.plan()).isEqualTo(SyncPlan.NONE);
        assertThat(report.failures()).extracting(SyncReport.Failure::operation).containsExactly("department/list");
    }

    @Test
    void outOfScopeUserIsAFailureNeverADeletion() {
        FakeDirectory app = new FakeDirectory(org, "app secret").forbid("user/list");
        FakeDirectory contact = new FakeDirectory(org, "Contacts Sync secret").forbid("department/list", "user/list");
        WeComSync sync = builder(app, contact).build();
        sync.fullSync();
        target.clearCalls();
        app.hideUser("user10");
        org.removeUser("user11");

        SyncReport report = sync.fullSync();

        assertThat(target.users).containsKeys("user10", "user11");
        assertThat(target.writes()).isEmpty();
        assertThat(report.users().failed()).isEqualTo(1);
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.ids()).containsExactly("user10");
            assertThat(f.reason()).contains("60011");
        });
        assertThat(report.deletionsWithheld()).isPresent();
    }

    @Test
    void guardHoldsBackMassDeletionsUnlessAllowed() {
        WeComSync sync = builder(new FakeDirectory(org, "app secret"), null).build();
        sync.fullSync();
        target.clearCalls();
        org.users().stream().filter(u -> u.userId().hashCode() % 2 == 0).forEach(u -> org.removeUser(u.userId()));
        int gone = 1_200 - org.users().size();

        SyncReport held = sync.fullSync();

        assertThat(target.writes()).noneMatch(call -> call.startsWith("deleteUsers"));
        assertThat(held.users().heldBack()).isEqualTo(gone);
        assertThat(held.deletionsWithheld()).hasValueSatisfying(why -> assertThat(why)
                .contains(gone + " of 1200 users", "deletion guard", "allowMassDeletion()"));

        SyncReport allowed = builder(new FakeDirectory(org, "app secret"), null).allowMassDeletion().build().fullSync();

        assertThat(allowed.users().deleted()).isEqualTo(gone);
        assertTargetEqualsOrg();
    }

    @Test
    void departmentsAreDeletedChildrenFirstAfterUsers() {
        WeComSync sync = builder(new FakeDirectory(org, "app secret"), null).allowMassDeletion().build();
        sync.fullSync();
        target.clearCalls();
        // department 3's subtree: 3 → 8, 9, 10 → 23..31
        List<Long> subtree = List.of(3L, 8L, 9L, 10L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L, 31L);
        org.users().stream().filter(u -> u.departments().stream().anyMatch(subtree::contains))
                .forEach(u -> org.removeUser(u.userId()));
        subtree.forEach(org::removeDepartment);

        SyncReport report = sync.fullSync();

        assertTargetEqualsOrg();
        assertThat(report.departments().deleted()).isEqualTo(13);
        List<String> writes = target.writes();
        assertThat(writes.get(writes.size() - 1)).startsWith("deleteDepartments");
        assertThat(writes.get(writes.size() - 2)).startsWith("deleteUsers");
    }

    @Test
    void refusedBatchIsReportedTheRestContinuesAndTheNextRunRedeliversIt() {
        WeComSync sync = builder(new FakeDirectory(org, "app secret"), null).concurrency(1).build();
        target.refuseUser = u -> u.userId().equals("user3");

        SyncReport first = sync.fullSync();

        assertThat(first.users().failed()).isEqualTo(500);
        assertThat(first.users().created()).isEqualTo(700);
        assertThat(first.failures()).singleElement().satisfies(f -> {
            assertThat(f.operation()).isEqualTo("upsertUsers");
            assertThat(f.ids()).hasSize(500).contains("user3");
        });
        assertThat(store.size(EntityKind.USER)).isEqualTo(700);

        target.refuseUser = u -> false;
        target.clearCalls();
        SyncReport second = sync.fullSync();

        assertThat(second.users().created()).isEqualTo(500);
        assertThat(target.writes()).containsExactly("upsertUsers 500");
        assertTargetEqualsOrg();
    }

    @Test
    void useridThatChangedOnlyInCaseIsRenamed() {
        WeComSync sync = builder(new FakeDirectory(org, "app secret"), null).build();
        sync.fullSync();
        target.clearCalls();
        User before = org.user("user12");
        org.removeUser("user12");
        org.putUser(before.toBuilder().userId("User12").build());

        SyncReport report = sync.fullSync();

        assertThat(target.writes()).containsExactly("renameUser user12 User12");
        assertThat(report.users().renamed()).isEqualTo(1);
        assertThat(report.users().deleted()).isZero();
        assertTargetEqualsOrg();
    }

    @Test
    void dryRunWritesNothingAndCountsWhatWouldChange() {
        WeComSync sync = builder(new FakeDirectory(org, "app secret"), null).build();

        SyncReport report = sync.dryRun();

        assertThat(report.dryRun()).isTrue();
        assertThat(report.users().created()).isEqualTo(1_200);
        assertThat(target.calls).isEmpty();
        assertThat(target.finished).isNull();
        assertThat(store.size(EntityKind.USER)).isZero();
    }

    @Test
    void listenerSeesEveryPhaseInOrderWithProgress() {
        List<String> seen = new ArrayList<>();
        FakeDirectory contact = new FakeDirectory(org, "Contacts Sync secret").forbid("department/list", "user/list");
        builder(new FakeDirectory(org, "app secret"), contact)
                .listener((phase, done, total) -> seen.add(phase + " " + done + "/" + total)).build().fullSync();

        assertThat(seen.stream().map(s -> s.split(" ")[0]).distinct().collect(Collectors.toList()))
                .containsExactly("DEPARTMENTS", "USER_IDS", "USER_LISTS");
        assertThat(seen).contains("DEPARTMENTS 40/40", "USER_LISTS 40/40");
        assertThat(seen.stream().filter(s -> s.startsWith("USER_IDS")).reduce((a, b) -> b))
                .as("distinct userids, not membership rows").contains("USER_IDS 1200/-1");
    }

    @Test
    void listingUsersPerDepartmentCountsDepartmentsUnderItsOwnPhase() {
        List<String> seen = new ArrayList<>();
        builder(new FakeDirectory(org, "app secret"), null)
                .listener((phase, done, total) -> seen.add(phase + " " + done + "/" + total)).build().fullSync();

        assertThat(seen.stream().map(s -> s.split(" ")[0]).distinct().collect(Collectors.toList()))
                .containsExactly("DEPARTMENTS", "USER_LISTS");
        assertThat(seen).contains("USER_LISTS 40/40");
    }

    @Test
    void reportReadsWell() {
        SyncReport report = builder(new FakeDirectory(org, "app secret"), null).build().fullSync();

        assertThat(report.toString())
                .contains("succeeded", "LIST_PER_DEPARTMENT", "departments: 40 created", "users:       1200 created",
                        "department/list 1, user/list 40");
    }

    @Test
    void interruptedSyncStopsKeepsTheFlagAndDeletesNothing() {
        FakeDirectory app = new FakeDirectory(org, "app secret");
        WeComSync sync = builder(app, null).build();
        sync.fullSync();
        target.clearCalls();
        org.removeUser("user1");
        Thread syncThread = Thread.currentThread();
        // Once: a read worker of this run that is still finishing must not interrupt the next run.
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        app.afterListUsers = dept -> {
            if (once.compareAndSet(false, true)) syncThread.interrupt();
        };

        try {
            assertThatThrownBy(sync::fullSync).isInstanceOf(java.util.concurrent.CancellationException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(target.writes()).noneMatch(call -> call.startsWith("delete"));
        app.afterListUsers = dept -> { };
        assertThat(sync.fullSync().users().deleted()).isEqualTo(1); // the lock was released
    }
}
