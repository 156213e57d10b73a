package dev.wecomsync.sync;

import static dev.wecomsync.sync.SimulatedOrg.actualDepartments;
import static dev.wecomsync.sync.SimulatedOrg.actualUsers;
import static dev.wecomsync.sync.SimulatedOrg.client;
import static dev.wecomsync.sync.SimulatedOrg.expectedDepartments;
import static dev.wecomsync.sync.SimulatedOrg.expectedUsers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.model.UserStatus;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Full syncs against {@link WeComSimulator}, over HTTP through {@code WeComClient}. */
class SimulatorSyncTest {

    private final WeComSimulator sim = WeComSimulator.builder().org(Org.generate(3_000, 120, 42)).seed(42).build();
    private final RecordingTarget target = new RecordingTarget();
    private final InMemorySyncStateStore store = new InMemorySyncStateStore();

    @AfterEach
    void close() {
        sim.close();
    }

    private void assertConverged(boolean withheld) {
        assertThat(target.violations).isEmpty();
        assertThat(actualDepartments(target.departments.values())).isEqualTo(expectedDepartments(sim.org()));
        assertThat(actualUsers(target.users.values())).isEqualTo(expectedUsers(sim.org(), withheld));
    }

    private WeComSync.Builder appOnly() {
        sim.addAppSecret("app");
        return WeComSync.builder().client(client(sim, "app")).target(target).stateStore(store);
    }

    @Test
    void planA_appSecretWithWholeOrgScope_thenSecondRunWritesNothing() {
        WeComSync sync = appOnly().build();

        SyncReport first = sync.fullSync();

        assertConverged(false);
        assertThat(first.plan()).isEqualTo(SyncPlan.LIST_PER_DEPARTMENT);
        assertThat(first.users().created()).isEqualTo(3_000);
        assertThat(first.apiCalls()).containsEntry("department/list", 1L).containsEntry("user/list", 120L);
        assertThat(sim.callCount("user/list")).isEqualTo(120);
        assertThat(target.users.values()).anyMatch(u -> u.status() == UserStatus.EXITED)
                .anyMatch(u -> u.status() == UserStatus.DISABLED);

        target.clearCalls();
        SyncReport second = sync.fullSync();

        assertThat(target.writes()).isEmpty();
        assertThat(second.writes()).isZero();
        assertThat(second.users().unchanged()).isEqualTo(3_000);
    }

    @Test
    void planB_contactSyncSecretFromAnOldIp() {
        sim.addAppSecret("app");
        sim.addContactSyncSecret("contacts");
        WeComSync sync = WeComSync.builder().client(client(sim, "app")).contactSyncClient(client(sim, "contacts"))
                .target(target).stateStore(store).build();

        SyncReport report = sync.fullSync();

        assertConverged(false);
        assertThat(report.plan()).isEqualTo(SyncPlan.LIST_PER_DEPARTMENT);
        assertThat(report.planReason()).contains("Contacts Sync secret");
    }

    @Test
    void planC_restrictedContactSyncSecretFallsBackOn48009() {
        sim.addAppSecret("app").createdAfterJune2022();
        sim.addContactSyncSecret("contacts").restrictDetailApis();
        WeComSync sync = WeComSync.builder().client(client(sim, "app")).contactSyncClient(client(sim, "contacts"))
                .target(target).stateStore(store).build();

        SyncReport report = sync.fullSync();

        assertConverged(true);
        assertThat(report.plan()).isEqualTo(SyncPlan.IDS_THEN_DETAILS);
        assertThat(report.planReason()).contains("answered 48009");
        assertThat(report.apiCalls()).containsKeys("department/simplelist", "user/list_id");
        assertThat(report.succeeded()).isTrue();
        target.clearCalls();
        assertThat(sync.fullSync().writes()).isZero();
    }

    @Test
    void planC_userGetForUsersTheAppCannotListAndOutOfScopeIsAFailureNotADeletion() {
        long scope = sim.org().children(Org.ROOT_ID).get(0).id();
        sim.addAppSecret("app").visibleScope(scope);
        sim.addContactSyncSecret("contacts").restrictDetailApis();
        WeComSync sync = WeComSync.builder().client(client(sim, "app")).contactSyncClient(client(sim, "contacts"))
                .target(target).stateStore(store).build();

        SyncReport report = sync.fullSync();

        assertThat(report.plan()).isEqualTo(SyncPlan.IDS_THEN_DETAILS);
        assertThat(report.users().failed()).isPositive();
        assertThat(report.failures()).allSatisfy(f -> assertThat(f.reason()).contains("60011"));
        assertThat(report.users().deleted()).isZero();
        assertThat(report.deletionsWithheld()).isPresent();
        // every department exists in the target, names only inside the app's scope
        assertThat(target.departments).hasSize(sim.org().departmentCount());
        assertThat(target.departments.get(scope).name()).isNotNull();
    }

    @Test
    void mutationsAreWrittenExactly() {
        WeComSync sync = appOnly().build();
        sync.fullSync();
        target.clearCalls();
        Org org = sim.org();
        List<SimUser> users = org.users();
        SimUser moved = users.get(10);
        SimUser renamed = users.get(20);
        SimUser deleted = users.get(30);
        long someDepartment = org.departments().get(5).id();
        org.moveUser(moved.userId(), someDepartment);
        org.renameUserId(renamed.userId(), "renamed-" + renamed.userId());
        org.deleteUser(deleted.userId());
        SimDepartment fresh = org.addDepartment("新部门", Org.ROOT_ID);
        org.addUser(SimUser.builder("newcomer1", "新人一").department(fresh.id()).build());
        org.addUser(SimUser.builder("newcomer2", "新人二").department(fresh.id()).build());
        long renamedDepartment = org.departments().get(7).id();
        org.renameDepartment(renamedDepartment, "改名部门");

        SyncReport report = sync.fullSync();

        assertConverged(false);
        assertThat(report.departments().created()).isEqualTo(1);
        assertThat(report.departments().updated()).isEqualTo(1);
        assertThat(report.users().created()).isEqualTo(3); // two newcomers and the renamed userid
        assertThat(report.users().deleted()).isEqualTo(2); // the deleted user and the old userid
        assertThat(report.users().updated()).isEqualTo(1 + leadersOf(renamed.userId(), users));
        assertThat(target.writes()).first().isEqualTo("upsertDepartments 2");
    }

    /** Users whose direct leader was {@code userId}: a userid rename changes them too. */
    private static int leadersOf(String userId, List<SimUser> users) {
        return (int) users.stream().filter(u -> u.directLeaders().contains(userId)).count();
    }

    @Test
    void randomFaultsGiveTheSameFinalState() {
        WeComSync sync = appOnly().concurrency(4).build();
        sim.busyRate(0.05).http502Rate(0.05).failNext("user/list", 2, 45009).failNext("department/list", 1, 42001);

        SyncReport report = sync.fullSync();

        assertThat(report.failures()).isEmpty();
        assertConverged(false);
        sim.clearFaults();
        sim.expireTokens();
        target.clearCalls();
        assertThat(sync.fullSync().writes()).isZero();
    }

    @Test
    void failingListsDeleteNothing() {
        WeComSync sync = appOnly().build();
        sync.fullSync();
        target.clearCalls();
        sim.org().deleteUser(sim.org().users().get(0).userId());
        sim.failNext("user/list", 10, -1);

        SyncReport report = sync.fullSync();

        assertThat(report.users().deleted()).isZero();
        assertThat(report.failures()).isNotEmpty();
        assertThat(target.writes()).noneMatch(c -> c.startsWith("delete"));

        sim.failNext("department/list", 10, -1);
        SyncReport noDepartments = sync.fullSync();
        assertThat(noDepartments.plan()).isEqualTo(SyncPlan.NONE);
        assertThat(target.writes()).noneMatch(c -> c.startsWith("delete"));

        sim.clearFaults();
        assertThat(sync.fullSync().users().deleted()).isEqualTo(1);
    }

    @Test
    void deletingHalfTheOrgIsHeldBack() {
        WeComSync sync = appOnly().build();
        sync.fullSync();
        target.clearCalls();
        List<SimUser> users = sim.org().users();
        for (int i = 0; i < users.size(); i += 2) {
            sim.org().deleteUser(users.get(i).userId());
        }

        SyncReport report = sync.fullSync();

        assertThat(report.users().heldBack()).isEqualTo(1_500);
        assertThat(report.users().deleted()).isZero();
        assertThat(report.deletionsWithheld()).hasValueSatisfying(why -> assertThat(why).contains("1500 of 3000 users"));
        assertThat(target.users).hasSize(3_000);
    }

    @Test
    void throwingTargetIsRedeliveredNextRun() {
        WeComSync sync = appOnly().build();
        target.refuseUserBatches.set(1);

        SyncReport first = sync.fullSync();

        assertThat(first.users().failed()).isEqualTo(500);
        assertThat(first.users().created()).isEqualTo(2_500);
        assertThat(first.failures()).singleElement().satisfies(f -> {
            assertThat(f.operation()).isEqualTo("upsertUsers");
            assertThat(f.ids()).hasSize(500);
        });
        List<String> refused = first.failures().get(0).ids();
        assertThat(target.users.keySet()).doesNotContainAnyElementsOf(refused);

        target.clearCalls();
        SyncReport second = sync.fullSync();

        assertThat(second.users().created()).isEqualTo(500);
        assertThat(target.writes()).containsExactly("upsertUsers 500");
        assertConverged(false);
    }
}
