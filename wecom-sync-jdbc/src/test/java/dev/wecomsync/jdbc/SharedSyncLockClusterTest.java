package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.client.WeComClient;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.User;
import dev.wecomsync.sync.SyncInProgressException;
import dev.wecomsync.sync.SyncReport;
import dev.wecomsync.sync.SyncTarget;
import dev.wecomsync.sync.WeComSync;
import dev.wecomsync.testkit.ManualClock;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.WeComSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Two {@link WeComSync}s, one per simulated instance, share a {@link JdbcSyncLock} (each with its
 * own lock object on the same row) and a {@link JdbcSyncStateStore}: their full syncs never
 * overlap, and a lock whose holder stopped heart-beating is taken over.
 */
@OnEveryDatabase
class SharedSyncLockClusterTest extends DatabaseTest {

    static final Duration LEASE = Duration.ofSeconds(30);

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    final OverlapTarget target = new OverlapTarget();
    final List<JdbcSyncLock> locks = new ArrayList<>();
    WeComSimulator simulator;

    SharedSyncLockClusterTest(Databases database) {
        super(database);
    }

    @BeforeEach
    void startSimulator() {
        simulator = WeComSimulator.builder().clock(clock).org(Org.generate(40, 6, 3)).build();
        simulator.addAppSecret("app");
    }

    @AfterEach
    void stop() {
        locks.forEach(JdbcSyncLock::close);
        simulator.close();
    }

    JdbcSyncLock lock(JdbcSyncLock.Builder builder) {
        JdbcSyncLock lock = builder.dataSource(dataSource).tablePrefix(prefix).clock(clock).lease(LEASE).build();
        locks.add(lock);
        return lock;
    }

    /** One instance: its own client, lock object and state-store object, all on the shared tables. */
    WeComSync instance(JdbcSyncLock lock) {
        WeComClient client = WeComClient.builder().corpId(simulator.corpId()).secret("app")
                .baseUrl(simulator.baseUrl()).clock(clock).build();
        return WeComSync.builder().client(client).target(target).clock(clock).lock(lock)
                .stateStore(JdbcSyncStateStore.builder().dataSource(dataSource).tablePrefix(prefix).build())
                .build();
    }

    WeComSync instance() {
        return instance(lock(JdbcSyncLock.builder()));
    }

    @Test
    void aFullSyncOnOneInstanceKeepsTheOtherOut() throws Exception {
        WeComSync a = instance();
        WeComSync b = instance();
        target.pauseNextRun();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<SyncReport> running = pool.submit(a::fullSync);
            assertThat(target.paused.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(b::fullSync).isInstanceOf(SyncInProgressException.class);

            target.resume.countDown();
            SyncReport first = running.get(30, TimeUnit.SECONDS);
            assertThat(first.succeeded()).isTrue();
            assertThat(first.users().created()).isEqualTo(40);
        } finally {
            target.resume.countDown();
            pool.shutdownNow();
        }

        SyncReport second = b.fullSync();
        assertThat(second.users().unchanged()).as("b sees the state a left in the shared store").isEqualTo(40);
        assertThat(second.writes()).isZero();
        assertThat(target.maxOverlap).hasValue(1);
    }

    @Test
    void syncsStartedAtOnceOnBothInstancesNeverOverlap() throws Exception {
        List<WeComSync> instances = List.of(instance(), instance());
        target.dwellMillis = 20;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        try {
            for (int round = 0; round < 4; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> runs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    WeComSync sync = instances.get(i % 2);
                    runs.add(pool.submit(() -> {
                        start.await();
                        try {
                            sync.fullSync();
                            ran.incrementAndGet();
                        } catch (SyncInProgressException e) {
                            refused.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> run : runs) run.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(target.maxOverlap).hasValue(1);
        assertThat(ran.get()).isBetween(4, 16);
        assertThat(ran.get() + refused.get()).isEqualTo(16);
    }

    @Test
    void aLockWhoseHolderStoppedHeartBeatingIsTakenOverByTheNextSync() {
        ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor();
        JdbcSyncLock crashed = lock(JdbcSyncLock.builder().scheduler(heart));
        assertThat(crashed.tryLock()).isTrue(); // an instance took the lock ...
        heart.shutdownNow();                     // ... and died without unlocking
        WeComSync survivor = instance();

        assertThatThrownBy(survivor::fullSync).isInstanceOf(SyncInProgressException.class);
        clock.advance(LEASE);

        SyncReport report = survivor.fullSync();
        assertThat(report.succeeded()).isTrue();
        assertThat(report.users().created()).isEqualTo(40);
        assertThat(crashed.isHeld()).isFalse();
        assertThat(instance().fullSync().writes()).as("the survivor released the lock").isZero();
    }

    /** Records how many full syncs are inside the target at once; can hold a run at its first write. */
    static final class OverlapTarget implements SyncTarget {
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxOverlap = new AtomicInteger();
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        volatile boolean pauseNext;
        /** How long each run stays inside the target, so that overlapping runs would be seen. */
        volatile long dwellMillis;

        void pauseNextRun() {
            pauseNext = true;
        }

        @Override
        public void onSyncStarted(dev.wecomsync.sync.SyncRun run) {
            int now = active.incrementAndGet();
            maxOverlap.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(dwellMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (pauseNext) {
                pauseNext = false;
                paused.countDown();
                try {
                    resume.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void onSyncFinished(SyncReport report) {
            active.decrementAndGet();
        }

        @Override
        public void upsertDepartments(List<Department> departments) {}

        @Override
        public void upsertUsers(List<User> users) {}

        @Override
        public void renameUser(String oldUserId, String newUserId) {}

        @Override
        public void deleteUsers(List<String> userIds) {}

        @Override
        public void deleteDepartments(List<Long> departmentIds) {}
    }
}
