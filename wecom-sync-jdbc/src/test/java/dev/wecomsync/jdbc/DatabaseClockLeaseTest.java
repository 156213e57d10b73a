package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.jdbc.internal.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Without a test clock, {@link JdbcSyncLock} measures its leases on the database's clock: the
 * stored lease ends one lease after the database's now, and a lease left without heartbeats runs
 * out in real time for another instance.
 */
@OnEveryDatabase
class DatabaseClockLeaseTest extends DatabaseTest {

    static final Duration LEASE = Duration.ofMillis(400);

    DatabaseClockLeaseTest(Databases database) {
        super(database);
    }

    @Test
    void theDatabaseClockReadsAsEpochMillis() {
        long db = new Database(dataSource, dialect, "test").currentTimeMillis("now");
        assertThat(db).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));
    }

    @Test
    void aLockLeaseEndsOneLeaseAfterTheDatabasesNowAndRunsOutInRealTime() throws Exception {
        try (JdbcSyncLock a = lock(); JdbcSyncLock b = lock()) {
            Database database = new Database(dataSource, dialect, "test");
            long before = database.currentTimeMillis("now");
            assertThat(a.tryLock()).isTrue();
            long after = database.currentTimeMillis("now");
            long aUntil = leaseUntil();
            assertThat(aUntil).as("one lease after the database's now")
                    .isBetween(before + LEASE.toMillis() - 50, after + LEASE.toMillis() + 50);
            // Refused while a's lease runs; a machine that stalled past the lease lets b in at once.
            boolean taken = b.tryLock();
            long checked = database.currentTimeMillis("now");
            assertThat(taken && checked < aUntil).as("b took a lease that runs until %d at %d", aUntil, checked)
                    .isFalse();

            // Normally within a poll or two of the 400 ms lease; the bound is generous because the lease
            // runs on the wall clock, which a virtual machine's time sync may step back.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!taken && System.nanoTime() < deadline) {
                Thread.sleep(20);
                taken = b.tryLock();
            }
            long dbNow = new Database(dataSource, dialect, "test").currentTimeMillis("now");
            assertThat(taken).as("b takes over once a's lease ran out (database now %d, lease until %d, JVM %d)",
                    dbNow, leaseUntil(), System.currentTimeMillis()).isTrue();
            assertThat(a.isHeld()).isFalse();
            assertThat(b.isHeld()).isTrue();
        }
    }

    /**
     * Heartbeats queue behind a task that blocks until the test ends: a's lease must lapse. The
     * latch is declared first: the blocking task reads it as soon as the scheduler's thread starts.
     */
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.ScheduledExecutorService stalled = stalledScheduler();

    java.util.concurrent.ScheduledExecutorService stalledScheduler() {
        java.util.concurrent.ScheduledExecutorService s = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        s.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return s;
    }

    @org.junit.jupiter.api.AfterEach
    void stopScheduler() {
        release.countDown();
        stalled.shutdownNow();
    }

    JdbcSyncLock lock() {
        return JdbcSyncLock.builder().dataSource(dataSource).tablePrefix(prefix).lease(LEASE)
                .scheduler(stalled).build();
    }

    long leaseUntil() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT lease_until FROM " + prefix + "lock");
                ResultSet r = s.executeQuery()) {
            assertThat(r.next()).isTrue();
            return r.getLong(1);
        }
    }
}
