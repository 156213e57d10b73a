package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wecomsync.testkit.ManualClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@OnEveryDatabase
class JdbcSyncLockTest extends DatabaseTest {

    static final Duration LEASE = Duration.ofSeconds(30);

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));
    final List<JdbcSyncLock> locks = new ArrayList<>();

    JdbcSyncLockTest(Databases database) {
        super(database);
    }

    @AfterEach
    void closeLocks() {
        locks.forEach(JdbcSyncLock::close);
    }

    /** One lock per simulated instance, all on the same row; no heartbeat unless a test runs one. */
    JdbcSyncLock instance() {
        return instance(JdbcSyncLock.builder().heartbeatInterval(Duration.ofMinutes(1)).lease(Duration.ofMinutes(2))
                .scheduler(new ManualScheduler()));
    }

    JdbcSyncLock instance(JdbcSyncLock.Builder builder) {
        JdbcSyncLock lock = builder.dataSource(dataSource).tablePrefix(prefix).clock(clock).build();
        locks.add(lock);
        return lock;
    }

    @Test
    void oneHolderAtATimeAcrossInstances() {
        JdbcSyncLock a = instance();
        JdbcSyncLock b = instance();

        assertThat(a.tryLock()).isTrue();
        assertThat(b.tryLock()).isFalse();
        assertThat(a.tryLock()).as("not re-entrant, like SyncLock.inProcess()").isFalse();
        assertThat(a.isHeld()).isTrue();
        assertThat(b.isHeld()).isFalse();

        a.unlock();
        assertThat(a.isHeld()).isFalse();
        assertThat(b.tryLock()).isTrue();
        assertThat(a.tryLock()).isFalse();
        b.unlock();
        b.unlock(); // a second unlock does nothing
        assertThat(a.tryLock()).isTrue();
    }

    @Test
    void locksOfDifferentNamesAreIndependent() {
        JdbcSyncLock corpA = instance(JdbcSyncLock.builder().name("corp-a"));
        JdbcSyncLock corpB = instance(JdbcSyncLock.builder().name("corp-b"));

        assertThat(corpA.tryLock()).isTrue();
        assertThat(corpB.tryLock()).isTrue();
    }

    @Test
    void aLockWhoseHolderStoppedHeartBeatingIsTakenOver() {
        ManualScheduler deadHeart = new ManualScheduler(); // never run: the process hangs, no more heartbeats
        JdbcSyncLock dying = instance(JdbcSyncLock.builder().lease(LEASE).scheduler(deadHeart));
        JdbcSyncLock other = instance(JdbcSyncLock.builder().lease(LEASE).scheduler(new ManualScheduler()));
        assertThat(dying.tryLock()).isTrue();
        assertThat(deadHeart.pending()).as("a heartbeat was scheduled").isOne();

        clock.advance(LEASE.minusSeconds(1));
        assertThat(other.tryLock()).as("the lease still runs").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(other.tryLock()).as("the lease ran out").isTrue();

        assertThat(dying.isHeld()).isFalse();
        dying.unlock(); // wakes up and releases: must not free the new holder's lock
        assertThat(other.isHeld()).isTrue();
        assertThat(instance().tryLock()).isFalse();
    }

    @Test
    void heartbeatsKeepTheLeaseAlive() throws Exception {
        ManualScheduler heart = new ManualScheduler();
        JdbcSyncLock holder = instance(JdbcSyncLock.builder().lease(LEASE).heartbeatInterval(Duration.ofSeconds(10))
                .scheduler(heart));
        JdbcSyncLock other = instance();
        assertThat(holder.tryLock()).isTrue();
        long acquired = clock.millis();

        for (int i = 1; i <= 3; i++) {
            clock.advance(Duration.ofSeconds(20)); // each step is less than a lease, three are more
            assertThat(heart.runAll()).as("one heartbeat").isOne();
            assertThat(heartbeatAt()).isEqualTo(clock.millis());
            assertThat(other.tryLock()).isFalse();
        }
        assertThat(leaseUntil()).isEqualTo(clock.millis() + LEASE.toMillis()).isGreaterThan(acquired + LEASE.toMillis());

        holder.unlock();
        assertThat(heart.pending()).as("unlock stops the heartbeat").isZero();
        assertThat(other.tryLock()).isTrue();

        // Without a scheduler of the host's, the lock's own thread beats by itself.
        JdbcSyncLock own = instance(JdbcSyncLock.builder().name("own-thread").lease(LEASE)
                .heartbeatInterval(Duration.ofMillis(20)));
        assertThat(own.tryLock()).isTrue();
        clock.advance(Duration.ofSeconds(20));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ownHeartbeatAt() != clock.millis() && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(ownHeartbeatAt()).as("a heartbeat of the lock's own thread").isEqualTo(clock.millis());
    }

    private long ownHeartbeatAt() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT heartbeat_at FROM " + prefix + "lock WHERE lock_name = 'own-thread'");
                ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    @Test
    void aHolderWhoseLockWasTakenOverNeitherExtendsNorReleasesTheNewLease() throws Exception {
        ManualScheduler heart = new ManualScheduler();
        JdbcSyncLock stalled = instance(JdbcSyncLock.builder().lease(LEASE).scheduler(heart));
        assertThat(stalled.tryLock()).isTrue();
        long intruderLease = clock.millis() + 99_000;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE " + prefix + "lock SET owner = 'another-instance', lease_until = ?")) {
            s.setLong(1, intruderLease); // what a takeover after a long stall leaves behind
            s.executeUpdate();
        }
        clock.advance(Duration.ofSeconds(5));
        assertThat(heart.runAll()).as("the stalled holder's next heartbeat").isOne();
        assertThat(heart.pending()).as("a heartbeat that finds the lock taken over stops the next ones").isZero();

        assertThat(stalled.isHeld()).isFalse();
        assertThat(leaseUntil()).isEqualTo(intruderLease);
        stalled.unlock();
        assertThat(leaseUntil()).isEqualTo(intruderLease);
        assertThat(instance().tryLock()).isFalse();
    }

    @Test
    void concurrentTryLocksGrantExactlyOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 6; round++) {
                // fresh instances each round; the first races for a missing row, the others for an expired one
                List<JdbcSyncLock> instances = List.of(instance(), instance(), instance(), instance(), instance(), instance());
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (JdbcSyncLock lock : instances) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return lock.tryLock();
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> f : results) winners += f.get() ? 1 : 0;
                assertThat(winners).isEqualTo(1);
                clock.advance(Duration.ofMinutes(3));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedLockIsReleasedAndRefusesNewRuns() {
        JdbcSyncLock a = instance();
        JdbcSyncLock b = instance();
        assertThat(a.tryLock()).isTrue();

        a.close();

        assertThat(b.tryLock()).isTrue();
        assertThatThrownBy(a::tryLock).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSchedulerThatRefusesHeartbeatsLeavesTheLockFree() {
        ManualScheduler stopped = new ManualScheduler();
        stopped.shutdown();
        JdbcSyncLock a = instance(JdbcSyncLock.builder().scheduler(stopped));

        assertThatThrownBy(a::tryLock).isInstanceOf(IllegalStateException.class);

        assertThat(instance().tryLock()).isTrue();
    }

    @Test
    void unlockWhenTheDatabaseFailsDoesNotThrowAndTheLeaseRunsOut() throws SQLException {
        JdbcSyncLock a = instance();
        assertThat(a.tryLock()).isTrue();
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("ALTER TABLE " + prefix + "lock RENAME TO " + prefix + "lock_away");
        }
        try {
            a.unlock(); // logs, does not throw: the sync that used it keeps its result
        } finally {
            try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
                s.execute("ALTER TABLE " + prefix + "lock_away RENAME TO " + prefix + "lock");
            }
        }
        JdbcSyncLock b = instance();
        assertThat(b.tryLock()).as("the row is still there").isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(b.tryLock()).isTrue();
    }

    @Test
    void builderChecksItsArguments() {
        assertThatThrownBy(() -> JdbcSyncLock.builder().build()).hasMessage("dataSource == null");
        assertThatThrownBy(() -> JdbcSyncLock.builder().dataSource(dataSource).lease(Duration.ofSeconds(10))
                .heartbeatInterval(Duration.ofSeconds(10)).build()).hasMessageContaining("shorter than the lease");
        assertThatThrownBy(() -> JdbcSyncLock.builder().tablePrefix("x; DROP TABLE users; --"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private long heartbeatAt() throws SQLException {
        return column("heartbeat_at");
    }

    private long leaseUntil() throws SQLException {
        return column("lease_until");
    }

    private long column(String column) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM " + prefix + "lock");
                ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : -1;
        }
    }
}
