package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.client.RetryPolicy;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.sync.DepartmentScope;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.InMemorySyncStateStore;
import dev.wecomsync.sync.PendingDeletion;
import dev.wecomsync.sync.RecordChange;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.SyncStateStore;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.ManualClock;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.SimulatedSecret;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deletions against the simulator, over HTTP: confirmed by a read, delayed, guarded and approved,
 * scoped, quarantined. Each case runs with the state in memory and in {@link JdbcSyncStateStore}
 * (on every database {@link OnEveryDatabase} runs), with a new {@code WeComSync} for every run
 * so that what the state store keeps is what carries over, as after a restart.
 */
@ParameterizedClass(name = "[{argumentSetName}]")
@MethodSource("stores")
class DeletionScenariosTest extends DatabaseTest {

    /** The state in memory (its tables on H2 left unused), then in each database's tables. */
    static Stream<Arguments> stores() {
        return Stream.concat(Stream.of(Arguments.argumentSet("in memory", Databases.H2, true)),
                Databases.configured().stream().map(d -> Arguments.argumentSet(d.displayName(), d, false)));
    }

    /**
     * Twelve departments, 100 users: root 1 (2 users) with 2, 3, 4 and 9 below it; 5 and 6 under 2,
     * 8 under 5, 7 under 3, 10, 11 and 12 under 4; ten users in each other department but 12.
     */
    static Org org() {
        List<SimDepartment> departments = new ArrayList<>();
        departments.add(SimDepartment.of(1, "公司", 0));
        long[][] tree = {{2, 1}, {3, 1}, {4, 1}, {9, 1}, {5, 2}, {6, 2}, {8, 5}, {7, 3}, {10, 4}, {11, 4}, {12, 4}};
        for (long[] d : tree) {
            departments.add(SimDepartment.of(d[0], "部门" + d[0], d[1]));
        }
        List<SimUser> users = new ArrayList<>();
        users.add(SimUser.builder("root1", "总一").department(1).build());
        users.add(SimUser.builder("root2", "总二").department(1).build());
        int[] tenEach = {2, 5, 6, 8, 3, 7, 4, 10, 11, 9};
        for (int d : tenEach) {
            for (int i = 0; i < (d == 2 ? 8 : 10); i++) {
                users.add(SimUser.builder("u" + d + "x" + i, "员工" + d + "-" + i).department(d).build());
            }
        }
        return Org.of(departments, users);
    }

    static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3).baseDelay(Duration.ofMillis(1))
            .maxDelay(Duration.ofMillis(2)).rateLimitDelay(Duration.ofMillis(2)).totalBudget(Duration.ofSeconds(10))
            .build();

    private final boolean inMemory;
    final WeComSimulator sim = WeComSimulator.builder().org(org()).seed(14).build();
    final SimulatedSecret app = sim.addAppSecret("app");
    final MirrorTarget target = new MirrorTarget();
    final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T02:00:00Z"));
    SyncStateStore store;

    DeletionScenariosTest(Databases database, boolean inMemory) {
        super(database);
        this.inMemory = inMemory;
    }

    @BeforeEach
    void createStore() {
        store = inMemory ? new InMemorySyncStateStore()
                : JdbcSyncStateStore.builder().dataSource(dataSource).tablePrefix(prefix).build();
    }

    @AfterEach
    void closeSimulator() {
        sim.close();
    }

    /** A new instance over the same state store, as after a restart. */
    WeComSync sync(UnaryOperator<WeComSync.Builder> settings) {
        WeComClient client = WeComClient.builder().corpId(sim.corpId()).secret("app").baseUrl(sim.baseUrl())
                .retryPolicy(FAST).build();
        return settings.apply(WeComSync.builder().client(client).target(target).stateStore(store).clock(clock))
                .build();
    }

    SyncReport run(UnaryOperator<WeComSync.Builder> settings) {
        return sync(settings).fullSync();
    }

    SyncReport run() {
        return run(b -> b);
    }

    static Set<String> ids(List<RecordChange> changes) {
        Set<String> out = new TreeSet<>();
        changes.forEach(c -> out.add(c.id()));
        return out;
    }

    @Test
    void narrowingTheAppsVisibleScopeDeletesNobodyAndTheReportNamesWhoIsOutOfScope() {
        run();
        assertThat(target.users).hasSize(100);
        app.visibleScope(2, 3, 4);

        SyncReport report = run();

        assertThat(report.users().deleted()).isZero();
        assertThat(report.departments().deleted()).isZero();
        assertThat(target.deletedUsers).isEmpty();
        assertThat(target.users).hasSize(100);
        Set<String> outside = new TreeSet<>(List.of("root1", "root2"));
        for (int i = 0; i < 10; i++) {
            outside.add("u9x" + i);
        }
        List<RecordChange> unconfirmed = report.changes(EntityKind.USER, RecordChange.Type.UNCONFIRMED);
        assertThat(ids(unconfirmed)).isEqualTo(outside);
        assertThat(unconfirmed).allSatisfy(c -> assertThat(c.reason()).hasValueSatisfying(r -> assertThat(r)
                .contains("60011")));
        assertThat(ids(report.changes(EntityKind.DEPARTMENT, RecordChange.Type.UNCONFIRMED)))
                .containsExactlyInAnyOrder("1", "9");
        assertThat(report.confirmationReads()).isEqualTo(14);
        assertThat(report.users().heldBack()).isEqualTo(12);
        assertThat(report.deletionsWithheld()).hasValueSatisfying(w -> assertThat(w).contains("not confirmed"));
        assertThat(sync(b -> b).pendingDeletions()).hasSize(14)
                .allSatisfy(p -> assertThat(p.reason()).isEqualTo(PendingDeletion.Reason.UNCONFIRMED));

        app.visibleScope(1);
        SyncReport restored = run();
        assertThat(restored.users().deleted()).isZero();
        assertThat(restored.confirmationReads()).isZero();
        assertThat(sync(b -> b).pendingDeletions()).isEmpty();
    }

    @Test
    void aUserDeletedInWeComIsDeletedAfterAReadConfirmsIt() {
        run();
        sim.org().deleteUser("u5x3");
        sim.org().deleteDepartment(12);
        sim.resetCounters();

        SyncReport report = run();

        assertThat(target.deletedUsers).containsExactly("u5x3");
        assertThat(target.deletedDepartments).containsExactly(12L);
        assertThat(report.confirmationReads()).isEqualTo(2);
        assertThat(sim.callCount("user/get")).isEqualTo(1);
        assertThat(sim.callCount("department/get")).isEqualTo(1);
        assertThat(report.changes(EntityKind.USER, RecordChange.Type.DELETED)).hasSize(1);
        assertThat(sync(b -> b).pendingDeletions()).isEmpty();
    }

    @Test
    void withADelayOfThreeDaysAUserBackAfterTwoIsNeverDeletedAndOneGoneForFourIs() {
        UnaryOperator<WeComSync.Builder> delayed = b -> b.deletionDelay(Duration.ofDays(3));
        run(delayed);
        SimUser back = sim.org().deleteUser("u6x1");
        sim.org().deleteUser("u6x2");

        SyncReport first = run(delayed);
        assertThat(first.users().deleted()).isZero();
        assertThat(first.confirmationReads()).isZero();
        assertThat(sync(delayed).pendingDeletions()).extracting(PendingDeletion::key, PendingDeletion::reason,
                PendingDeletion::since).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("user:u6x1", PendingDeletion.Reason.DELAY, clock.instant()),
                        org.assertj.core.groups.Tuple.tuple("user:u6x2", PendingDeletion.Reason.DELAY, clock.instant()));

        clock.advance(Duration.ofDays(2));
        sim.org().addUser(back);
        assertThat(run(delayed).users().deleted()).isZero();
        assertThat(sync(delayed).pendingDeletions()).extracting(PendingDeletion::key).containsExactly("user:u6x2");

        clock.advance(Duration.ofDays(2));
        SyncReport fourDays = run(delayed);
        assertThat(fourDays.users().deleted()).isEqualTo(1);
        assertThat(target.deletedUsers).containsExactly("u6x2");
        assertThat(target.users).containsKey("u6x1");
        assertThat(sync(delayed).pendingDeletions()).isEmpty();
    }

    @Test
    void withADelayAnEventForAGoneUserMakesAPendingDeletionThatAFullSyncMakesAfterTheDelay() {
        UnaryOperator<WeComSync.Builder> delayed = b -> b.deletionDelay(Duration.ofDays(3));
        run(delayed);
        sim.org().deleteUser("u3x3");
        Instant eventAt = clock.instant();

        assertThat(sync(delayed).syncUser("u3x3").outcome()).isEqualTo(dev.wecomsync.sync.EventResult.Outcome.SKIPPED);
        assertThat(target.users).containsKey("u3x3");
        clock.advance(Duration.ofDays(1));
        assertThat(sync(delayed).syncUser("u3x3").outcome()).isEqualTo(dev.wecomsync.sync.EventResult.Outcome.SKIPPED);
        assertThat(sync(delayed).pendingDeletions()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("user:u3x3");
            assertThat(p.since()).isEqualTo(eventAt);
        });
        assertThat(run(delayed).users().deleted()).isZero();

        clock.advance(Duration.ofDays(2));
        assertThat(run(delayed).users().deleted()).isEqualTo(1);
        assertThat(target.deletedUsers).containsExactly("u3x3");
    }

    @Test
    void guardHeldDeletionsArePendingAndOnlyTheApprovedOnesGoThrough() {
        run();
        List<String> gone = new ArrayList<>();
        for (int d : new int[] {4, 10, 11}) {
            for (int i = 0; i < 10; i++) {
                sim.org().deleteUser("u" + d + "x" + i);
                gone.add("u" + d + "x" + i);
            }
        }

        SyncReport held = run();
        assertThat(held.users().deleted()).isZero();
        assertThat(held.users().heldBack()).isEqualTo(30);
        assertThat(held.confirmationReads()).isZero();
        WeComSync sync = sync(b -> b);
        assertThat(sync.pendingDeletions()).hasSize(30).allSatisfy(p -> {
            assertThat(p.reason()).isEqualTo(PendingDeletion.Reason.GUARD);
            assertThat(p.approved()).isFalse();
            assertThat(p.detail()).contains("30 of 100 users");
        });
        assertThatThrownBy(() -> sync.approveDeletions(List.of("user:u4x0", "user:nobody")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not pending: user:nobody");
        assertThat(sync.pendingDeletions()).noneMatch(PendingDeletion::approved);

        assertThat(sync.approveDeletions(List.of("user:u4x0", "user:u10x5"))).hasSize(2)
                .allMatch(PendingDeletion::approved);
        SyncReport approved = run();

        assertThat(target.deletedUsers).containsExactlyInAnyOrder("u4x0", "u10x5");
        assertThat(approved.confirmationReads()).isEqualTo(2);
        assertThat(sync(b -> b).pendingDeletions()).hasSize(28)
                .allSatisfy(p -> assertThat(p.reason()).isEqualTo(PendingDeletion.Reason.GUARD));
    }

    @Test
    void aScopeOfTwoSubtreesSyncsExactlyTheirMembersAndMovingAUserOutRemovesThem() {
        UnaryOperator<WeComSync.Builder> scoped = b -> b.scope(DepartmentScope.subtrees(2, 4).excluding(8));
        SyncReport first = run(scoped);

        assertThat(target.departments.keySet()).containsExactlyInAnyOrder(2L, 5L, 6L, 4L, 10L, 11L, 12L);
        Set<String> expected = new TreeSet<>();
        for (int d : new int[] {2, 5, 6, 4, 10, 11}) {
            for (int i = 0; i < (d == 2 ? 8 : 10); i++) {
                expected.add("u" + d + "x" + i);
            }
        }
        assertThat(new TreeSet<>(target.users.keySet())).isEqualTo(expected);
        assertThat(first.notices()).isEmpty();

        sim.org().moveUser("u6x4", 7);
        SyncReport moved = run(scoped);

        assertThat(target.deletedUsers).containsExactly("u6x4");
        assertThat(moved.confirmationReads()).isEqualTo(1);
        assertThat(moved.changes(EntityKind.USER, RecordChange.Type.DELETED)).hasSize(1);

        SyncReport narrower = run(b -> b.scope(DepartmentScope.subtrees(2).excluding(8)));
        assertThat(narrower.notices()).anySatisfy(n -> assertThat(n).contains("scope changed")
                .contains("subtrees 2,4 excluding 8").contains("now subtrees 2 excluding 8"));
        assertThat(narrower.users().deleted()).isZero();
        assertThat(narrower.users().heldBack()).isEqualTo(30);
        assertThat(sync(b -> b).pendingDeletions()).filteredOn(p -> p.kind() == EntityKind.USER).hasSize(30)
                .allSatisfy(p -> assertThat(p.reason()).isEqualTo(PendingDeletion.Reason.GUARD));
    }

    @Test
    void withIdsThenDetailsTheScopeFiltersTheIdListAndAUserListedOutsideNeedsNoConfirmationRead() {
        app.createdAfterJune2022();
        sim.addContactSyncSecret("contacts").restrictDetailApis();
        WeComClient contacts = WeComClient.builder().corpId(sim.corpId()).secret("contacts").baseUrl(sim.baseUrl())
                .retryPolicy(FAST).build();
        UnaryOperator<WeComSync.Builder> scoped = b -> b.contactSyncClient(contacts)
                .scope(DepartmentScope.subtrees(3));
        SyncReport first = run(scoped);

        assertThat(first.plan()).isEqualTo(dev.wecomsync.sync.SyncPlan.IDS_THEN_DETAILS);
        assertThat(target.departments.keySet()).containsExactlyInAnyOrder(3L, 7L);
        assertThat(target.users).hasSize(20);

        sim.org().moveUser("u7x2", 9);
        SyncReport moved = run(scoped);

        assertThat(target.deletedUsers).containsExactly("u7x2");
        assertThat(moved.confirmationReads()).isZero();
        assertThat(target.users).hasSize(19);
    }

    @Test
    void halfTheReadsFailingQuarantinesTheRunAndTheNextHealthyRunProceeds() {
        run();
        sim.org().deleteUser("u7x0");
        sim.failNext("user/list", 6, 60011); // half the twelve listings: 6 of the run's 13 reads

        SyncReport quarantined = run();

        assertThat(quarantined.quarantined()).isTrue();
        assertThat(quarantined.notices()).anySatisfy(n -> assertThat(n).startsWith("quarantined: 46% of reads or writes failed (above 40%)"));
        assertThat(quarantined.toString()).contains("notice:      quarantined");
        assertThat(target.deletedUsers).isEmpty();
        assertThat(sync(b -> b).pendingDeletions()).isEmpty();

        SyncReport healthy = run();
        assertThat(healthy.quarantined()).isFalse();
        assertThat(target.deletedUsers).containsExactly("u7x0");
    }

    @Test
    void aTargetRefusingMostWritesQuarantinesTheRun() {
        run();
        sim.org().deleteUser("u7x0");
        sim.org().users().forEach(u -> sim.org().updateUser(u.userId(), x -> x.withPosition("新职位")));
        target.refuseUpserts = true;

        SyncReport quarantined = run();

        assertThat(quarantined.quarantined()).isTrue();
        assertThat(target.deletedUsers).isEmpty();
        target.refuseUpserts = false;
        assertThat(run().quarantined()).isFalse();
        assertThat(target.deletedUsers).containsExactly("u7x0");
    }
}
