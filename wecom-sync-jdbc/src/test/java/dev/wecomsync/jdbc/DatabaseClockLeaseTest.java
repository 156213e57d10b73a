package dev.wecomsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.callback.InboxEvent;
import dev.wecomsync.jdbc.internal.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without a test clock, {@link JdbcSyncLock} measures its leases on the database's clock: the
 * stored lease ends one lease after the database's now, and a lease left without heartbeats runs
 * out in real time for another instance. {@link JdbcEventInbox} does the same for the times its
 * handlers pass in, so instances whose clocks are minutes apart share its leases correctly.
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

    @Test
    void isHeldIsAnsweredWithoutTheDatabaseWithinHalfALeaseOfTheLastConfirmation() {
        SwitchableDataSource switchable = new SwitchableDataSource(dataSource);
        try (JdbcSyncLock a = JdbcSyncLock.builder().dataSource(switchable).dialect(dialect).tablePrefix(prefix)
                .lease(Duration.ofMinutes(10)).scheduler(stalled).build()) {
            assertThat(a.tryLock()).isTrue();
            switchable.down(true);
            try {
                assertThat(a.isHeld()).as("within 5 minutes of taking it, no query").isTrue();
            } finally {
                switchable.down(false);
            }
        }
    }

    @Test
    void isHeldAsksTheDatabaseOnceTheLocalBoundIsOver() throws InterruptedException {
        try (JdbcSyncLock a = lock(); JdbcSyncLock b = lock()) {
            assertThat(a.tryLock()).isTrue();
            assertThat(a.isHeld()).isTrue();
            deleteTheRow(); // as if another instance had taken over and released it
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean held = true;
            while (held && System.nanoTime() < deadline) {
                Thread.sleep(10);
                held = a.isHeld();
            }
            assertThat(held).as("a asks the database once half its lease of %s has passed", LEASE).isFalse();
            assertThat(b.tryLock()).isTrue();
        }
    }

    static final Duration SKEW = Duration.ofMinutes(10);

    JdbcEventInbox inbox(boolean handlerTime) {
        JdbcEventInbox.Builder b = JdbcEventInbox.builder().dataSource(dataSource).tablePrefix(prefix);
        return (handlerTime ? b.leasesOnHandlerTime() : b).build();
    }

    static String key(int n) {
        return String.format("%064x", n);
    }

    @Test
    void anInboxInstanceWhoseClockIsAheadDoesNotTakeARunningLease() {
        JdbcEventInbox a = inbox(false);
        JdbcEventInbox ahead = inbox(false);
        Instant now = Instant.now();
        a.offer(key(1), "<xml/>", List.of("user:zhangsan"), now);
        assertThat(a.claim(10, now, Duration.ofSeconds(30))).hasSize(1);

        assertThat(ahead.claim(10, Instant.now().plus(SKEW), Duration.ofSeconds(30)))
                .as("its clock says a's lease is over; the database's does not").isEmpty();
        assertThat(inbox(true).claim(10, Instant.now().plus(SKEW), Duration.ofSeconds(30)))
                .as("on the handler's time the same claim would take it").hasSize(1);
    }

    @Test
    void anInboxLeaseOfAnInstanceWhoseClockLagsIsRenewedAndRunsOutOnTheDatabasesClock() throws Exception {
        JdbcEventInbox behind = inbox(false);
        JdbcEventInbox other = inbox(false);
        behind.offer(key(1), "<renewed/>", List.of("user:a"), Instant.now().minus(SKEW));
        behind.offer(key(2), "<lapsed/>", List.of("user:b"), Instant.now().minus(SKEW));
        List<InboxEvent> claimed = behind.claim(10, Instant.now().minus(SKEW), LEASE);
        assertThat(claimed).hasSize(2);
        InboxEvent renewed = claimed.stream().filter(e -> e.xml().equals("<renewed/>")).findFirst().orElseThrow();
        assertThat(behind.renew(renewed, Instant.now().minus(SKEW).plus(Duration.ofMinutes(1)))).isTrue();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<InboxEvent> taken = List.of();
        while (taken.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            taken = other.claim(10, Instant.now(), LEASE);
        }
        assertThat(taken).as("the lapsed lease runs out in real time; the renewed one lasts its minute")
                .extracting(InboxEvent::xml).containsExactly("<lapsed/>");
        assertThat(behind.applied(renewed, Instant.now().minus(SKEW))).isTrue();
    }

    void deleteTheRow() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM " + prefix + "lock")) {
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
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
