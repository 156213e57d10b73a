package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.UserCreated;
import dev.wecomsync.callback.UserFields;
import dev.wecomsync.callback.UserUpdated;
import dev.wecomsync.client.WeComClient;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.EntityKind;
import dev.wecomsync.sync.EventResult;
import dev.wecomsync.sync.RecordChange;
import dev.wecomsync.sync.SyncLock;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.SyncTarget;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.ManualClock;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimUser;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of a host on one database (a {@link JdbcSyncStateStore} each, on the same table)
 * and one target: a full sync whose holder stalls past its {@link JdbcSyncLock} lease (on the
 * database's clock) writes nothing after another instance took the lock over; an event applied on
 * one instance during a full sync on the other keeps its newer data.
 */
@OnEveryDatabase
class ClusterFullSyncTest extends DatabaseTest {

    static final Duration LEASE = Duration.ofMillis(600);
    static final int BATCH = 5;

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    final MirrorTarget mirror = new MirrorTarget();
    final ExecutorService runner = Executors.newSingleThreadExecutor();
    final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    final CountDownLatch endStall = new CountDownLatch(1);
    WeComSimulator simulator;

    ClusterFullSyncTest(Databases database) {
        super(database);
    }

    @BeforeEach
    void startSimulator() {
        simulator = WeComSimulator.builder().clock(clock).org(Org.generate(40, 6, 3)).build();
        simulator.addAppSecret("app");
    }

    @AfterEach
    void stop() {
        endStall.countDown();
        runner.shutdownNow();
        heartbeats.shutdownNow();
        simulator.close();
    }

    WeComSync instance(SyncTarget target, SyncLock lock) {
        WeComClient client = WeComClient.builder().corpId(simulator.corpId()).secret("app")
                .baseUrl(simulator.baseUrl()).clock(clock).build();
        return WeComSync.builder().client(client).target(target).clock(clock).lock(lock).batchSize(BATCH)
                .stateStore(JdbcSyncStateStore.builder().dataSource(dataSource).tablePrefix(prefix).build())
                .build();
    }

    JdbcSyncLock lock(ScheduledExecutorService scheduler) {
        JdbcSyncLock.Builder b = JdbcSyncLock.builder().dataSource(dataSource).tablePrefix(prefix).lease(LEASE);
        return (scheduler == null ? b : b.scheduler(scheduler)).build();
    }

    /** Every user's position changed in WeCom, and one user gone: a run with several batches and a deletion. */
    String changeEveryUserAndDeleteOne() {
        List<SimUser> users = simulator.org().users();
        users.forEach(u -> simulator.org().updateUser(u.userId(), x -> x.withPosition("v2")));
        String gone = users.get(users.size() - 1).userId();
        simulator.org().deleteUser(gone);
        return gone;
    }

    @Test
    void aHolderStalledPastItsLeaseWritesNothingAfterAnotherInstanceTookTheLockOver() throws Exception {
        assertThat(instance(mirror, SyncLock.inProcess()).fullSync().users().created()).isEqualTo(40);
        String gone = changeEveryUserAndDeleteOne();
        PausingTarget a = new PausingTarget(mirror);
        try (JdbcSyncLock aLock = lock(heartbeats); JdbcSyncLock thief = lock(null)) {
            Future<SyncReport> run = runner.submit(instance(a, aLock)::fullSync);
            assertThat(a.paused.await(30, TimeUnit.SECONDS)).as("a reached its first user batch").isTrue();
            heartbeats.execute(this::stall); // a's whole process stalls: no more heartbeats

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean taken = false;
            while (!taken && System.nanoTime() < deadline) {
                Thread.sleep(20);
                taken = thief.tryLock();
            }
            assertThat(taken).as("another instance takes the lapsed lease over").isTrue();
            a.callsAfterResume.set(0);
            a.resume.countDown();

            SyncReport report = run.get(30, TimeUnit.SECONDS);
            assertThat(a.callsAfterResume).as("target calls by a after the takeover").hasValue(0);
            assertThat(report.failures()).singleElement().satisfies(f -> {
                assertThat(f.operation()).isEqualTo("SyncLock");
                assertThat(f.reason()).contains("lost the sync lock").contains("nothing more was written");
            });
            assertThat(report.deletionsWithheld()).hasValueSatisfying(w -> assertThat(w).contains("no more deletions were made"));
            assertThat(report.users().updated()).isEqualTo(BATCH);
            assertThat(mirror.users).containsKey(gone);
            assertThat(mirror.deletedUsers).isEmpty();
            assertThat(mirror.users.values().stream().filter(u -> "v2".equals(u.position()))).hasSize(BATCH);
        }

        try (JdbcSyncLock bLock = lock(null)) {
            SyncReport next = instance(mirror, bLock).fullSync();
            assertThat(next.users().updated()).as("the rest, from the state a left").isEqualTo(39 - BATCH);
            assertThat(next.users().deleted()).isEqualTo(1);
        }
    }

    @Test
    void anEventAppliedOnOneInstanceDuringAFullSyncOnTheOtherSurvivesIt() throws Exception {
        assertThat(instance(mirror, SyncLock.inProcess()).fullSync().users().created()).isEqualTo(40);
        changeEveryUserAndDeleteOne();
        PausingTarget a = new PausingTarget(mirror);
        WeComSync b = instance(mirror, SyncLock.inProcess());
        Future<SyncReport> run = runner.submit(instance(a, SyncLock.inProcess())::fullSync);
        assertThat(a.paused.await(30, TimeUnit.SECONDS)).as("a read the org and sends its first user batch").isTrue();

        // a holds "v2" for every user; b applies an event with newer data for x, and one for a new user
        String x = simulator.org().users().stream().map(SimUser::userId)
                .filter(id -> a.firstBatch.stream().noneMatch(u -> u.userId().equals(id))).findFirst().orElseThrow();
        simulator.org().updateUser(x, u -> u.withPosition("v3"));
        EventResult updated = b.apply(new UserUpdated(simulator.corpId(), clock.instant(), "<xml/>", x,
                Optional.empty(), UserFields.empty()));
        assertThat(updated.outcome()).isEqualTo(EventResult.Outcome.UPDATED);
        simulator.org().addUser(SimUser.of("newcomer", "新同事", 1L));
        EventResult created = b.apply(new UserCreated(simulator.corpId(), clock.instant(), "<xml/>", "newcomer",
                UserFields.empty()));
        assertThat(created.outcome()).isEqualTo(EventResult.Outcome.CREATED);
        a.resume.countDown();

        SyncReport report = run.get(30, TimeUnit.SECONDS);
        assertThat(mirror.users.get(x).position()).as("b's newer write stands").isEqualTo("v3");
        assertThat(mirror.users).containsKey("newcomer");
        assertThat(mirror.deletedUsers).doesNotContain("newcomer", x);
        assertThat(report.changes(EntityKind.USER, RecordChange.Type.SKIPPED)).anySatisfy(c -> {
            assertThat(c.id()).isEqualTo(x);
            assertThat(c.reason()).hasValueSatisfying(r -> assertThat(r).contains("changed by another writer"));
        });
        assertThat(report.changes(EntityKind.USER, RecordChange.Type.UPDATED)).noneMatch(c -> c.id().equals(x));
        assertThat(report.notices()).anyMatch(n -> n.contains("not written: another writer"));
        assertThat(report.succeeded()).isTrue();

        SyncReport next = instance(mirror, SyncLock.inProcess()).fullSync();
        assertThat(next.users().writes()).as("nothing older was stored over b's write").isZero();
        assertThat(mirror.users.get(x).position()).isEqualTo("v3");
    }

    private void stall() {
        try {
            endStall.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes into a mirror; stops inside its first upsertUsers until told to go on, and counts calls after that. */
    static final class PausingTarget implements SyncTarget {
        final MirrorTarget mirror;
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        final AtomicInteger callsAfterResume = new AtomicInteger(-1);
        volatile List<User> firstBatch = List.of();

        PausingTarget(MirrorTarget mirror) {
            this.mirror = mirror;
        }

        private void called() {
            if (resume.getCount() == 0) callsAfterResume.incrementAndGet();
        }

        @Override
        public void upsertDepartments(List<Department> departments) {
            called();
            mirror.upsertDepartments(departments);
        }

        @Override
        public void upsertUsers(List<User> users) {
            called();
            mirror.upsertUsers(users);
            if (paused.getCount() > 0) {
                firstBatch = List.copyOf(users);
                paused.countDown();
                try {
                    resume.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void renameUser(String oldUserId, String newUserId) {
            called();
            mirror.renameUser(oldUserId, newUserId);
        }

        @Override
        public void deleteUsers(List<String> userIds) {
            called();
            mirror.deleteUsers(userIds);
        }

        @Override
        public void deleteDepartments(List<Long> departmentIds) {
            called();
            mirror.deleteDepartments(departmentIds);
        }
    }
}
