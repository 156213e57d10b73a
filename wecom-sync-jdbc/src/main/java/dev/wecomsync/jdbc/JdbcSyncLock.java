package dev.wecomsync.jdbc;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.jdbc.internal.Database;
import dev.wecomsync.jdbc.internal.Durations;
import dev.wecomsync.sync.SyncLock;
import dev.wecomsync.sync.internal.Heartbeats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SyncLock} on a row of the host's database: one full sync at a time across a cluster.
 *
 * <pre>{@code
 * WeComSync sync = WeComSync.builder()
 *     .client(client).target(target)
 *     .lock(JdbcSyncLock.builder().dataSource(dataSource).build())
 *     .build();
 * }</pre>
 *
 * <h2>Lease and heartbeat</h2>
 * {@link #tryLock()} inserts the row {@code (name, owner, lease_until)}, or takes it over when its
 * lease is over. While the lock is held, a heartbeat extends the lease every
 * {@link Builder#heartbeatInterval} (a third of the {@link Builder#lease} by default).
 * {@link #unlock()} stops the heartbeat and deletes the row, but only if this holder still owns it.
 * A process that dies stops heart-beating, and its lease runs out: the next {@code tryLock}
 * anywhere in the cluster takes the lock over.
 *
 * <h2>When a heartbeat fails: fencing</h2>
 * A heartbeat that finds the row gone or owned by someone else (the process stalled longer than
 * the lease, and another took over) logs a warning and stops: the lock is lost, which
 * {@link #isHeld()} tells. The engine asks {@code isHeld()} before every batch it writes, so a run
 * whose lock was taken over stops writing at once, makes no deletions, and reports why. The
 * question is cheap: within half a lease (on this process's monotonic clock) of the last
 * heartbeat or check that succeeded it is answered without the database; after that with one
 * query by primary key. Still choose a lease well above the longest pause you expect (GC, a
 * database failover): a run that lost its lock ends without finishing.
 *
 * <h2>Instances</h2>
 * One instance per {@link dev.wecomsync.sync.WeComSync} (or share one: a second
 * {@code tryLock} on a held instance returns false, as {@link SyncLock#inProcess()} does). Locks
 * of different names are independent. Leases are measured on the database's clock
 * ({@code CURRENT_TIMESTAMP}), so the instances' clocks may differ. {@link #close()} releases the
 * lock and stops the heartbeat thread; the thread is a daemon and ends by itself when idle anyway.
 */
public final class JdbcSyncLock implements SyncLock, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdbcSyncLock.class);

    /** The lock's name unless the builder says otherwise. */
    public static final String DEFAULT_NAME = "full-sync";
    /** How long a lease lasts without a heartbeat. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

    private final Database db;
    private final String table;
    private final String name;
    /** The clock leases are measured on when a test set one; null: the database's. */
    private final Clock clock;
    private final Duration lease;
    private final Duration heartbeatInterval;
    private final Heartbeats heartbeats;

    /** Guarded by this: the owner id of the held lock, or null. */
    private String owner;
    private ScheduledFuture<?> heartbeat;
    private boolean lost;
    /**
     * Guarded by this: {@link System#nanoTime()} until which the lease is known to run without
     * asking the database (half the lease left at the last confirmation, measured from before it).
     */
    private long trustedUntilNanos;
    private boolean closed;

    private JdbcSyncLock(Builder b) {
        this.db = new Database(b.dataSource, b.dialect, "JdbcSyncLock");
        this.table = b.tablePrefix + "lock";
        this.name = b.name;
        this.clock = b.clock;
        this.lease = b.lease;
        this.heartbeatInterval = b.heartbeatInterval != null ? b.heartbeatInterval : b.lease.dividedBy(3);
        this.heartbeats = b.scheduler != null ? Heartbeats.using(b.scheduler) : Heartbeats.own("wecom-sync-lock-" + name);
    }

    /** A builder; the {@code dataSource} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes the lock if nobody holds an unexpired lease on it; false when someone, this instance
     * included, does.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws JdbcStoreException when the database cannot be asked
     */
    @Override
    public synchronized boolean tryLock() {
        if (closed) throw new IllegalStateException(this + " is closed");
        if (owner != null) return false;
        String candidate = UUID.randomUUID().toString();
        long confirmedAt = System.nanoTime();
        long now = now();
        boolean taken = db.run("tryLock " + name + " in " + table, c -> insert(c, candidate, now)
                || takeOverExpired(c, candidate, now));
        if (!taken) return false;
        owner = candidate;
        lost = false;
        trustedUntilNanos = confirmedAt + lease.toNanos() / 2;
        long period = heartbeatInterval.toMillis();
        try {
            heartbeat = heartbeats.schedule(this::beat, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            owner = null;
            delete(candidate);
            throw new IllegalStateException("the heartbeat scheduler of " + this + " refused the heartbeat", e);
        }
        log.debug("Took sync lock {} until {}", name, Instant.ofEpochMilli(now + lease.toMillis()));
        return true;
    }

    /**
     * Releases the lock if this instance holds it; a lock that was taken over stays with its new
     * holder. A database failure is logged, not thrown: the lease runs out by itself.
     */
    @Override
    public synchronized void unlock() {
        if (owner == null) return;
        String releasing = owner;
        owner = null;
        heartbeat.cancel(false);
        heartbeat = null;
        try {
            if (delete(releasing) == 0) log.warn("Sync lock {} had been taken over before it was released", name);
            else log.debug("Released sync lock {}", name);
        } catch (JdbcStoreException e) {
            log.warn("Could not release sync lock {}; it is free again when its lease of {} runs out", name, lease, e);
        }
    }

    private int delete(String holder) {
        return db.run("unlock " + name + " in " + table, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE lock_name = ? AND owner = ?")) {
                s.setString(1, name);
                s.setString(2, holder);
                return s.executeUpdate();
            }
        });
    }

    /**
     * Whether this instance holds the lock now: false once another instance took over a lease
     * this one let run out, or after {@link #unlock()}. Within half a lease of the last heartbeat
     * or check that succeeded, answered without the database; otherwise one query by primary key,
     * on the database's clock.
     *
     * @throws JdbcStoreException when the database cannot be asked
     */
    @Override
    public boolean isHeld() {
        String current;
        long asked = System.nanoTime();
        synchronized (this) {
            if (owner == null || lost) return false;
            if (clock == null && asked - trustedUntilNanos < 0) return true;
            current = owner;
        }
        long remaining = db.run("isHeld " + name + " in " + table, c -> {
            String now = clock != null ? "?" : db.currentTimeMillisSql();
            try (PreparedStatement s = c.prepareStatement("SELECT lease_until - " + now + " FROM " + table
                    + " WHERE lock_name = ? AND owner = ?")) {
                int i = 1;
                if (clock != null) s.setLong(i++, clock.millis());
                s.setString(i++, name);
                s.setString(i, current);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
        if (remaining <= 0) return false;
        synchronized (this) {
            if (current.equals(owner)) trust(asked, remaining);
        }
        return true;
    }

    /** Trusts the lease locally for half of {@code remainingMillis}, counted from {@code confirmedAt}. Holds this. */
    private void trust(long confirmedAt, long remainingMillis) {
        long until = confirmedAt + TimeUnit.MILLISECONDS.toNanos(remainingMillis) / 2;
        if (until - trustedUntilNanos > 0) trustedUntilNanos = until;
    }

    /** Releases the lock if held, and stops the heartbeat thread this lock started. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            unlock();
        } finally {
            heartbeats.shutdown();
        }
    }

    /** Now on the lease clock: the database's, unless a test set a clock. */
    private long now() {
        return clock != null ? clock.millis() : db.currentTimeMillis("read the clock of " + table);
    }

    /** Extends the lease; runs on the heartbeat scheduler. */
    private void beat() {
        String current;
        synchronized (this) {
            if (owner == null || lost) return;
            current = owner;
        }
        try {
            long confirmedAt = System.nanoTime();
            long now = now();
            int updated = db.run("heartbeat " + name + " in " + table, c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE " + table
                        + " SET lease_until = ?, heartbeat_at = ? WHERE lock_name = ? AND owner = ?")) {
                    s.setLong(1, now + lease.toMillis());
                    s.setLong(2, now);
                    s.setString(3, name);
                    s.setString(4, current);
                    return s.executeUpdate();
                }
            });
            if (updated == 0) {
                synchronized (this) {
                    if (!current.equals(owner)) return; // unlocked meanwhile: nothing was lost
                    lost = true;
                    if (heartbeat != null) heartbeat.cancel(false);
                }
                log.warn("Sync lock {} was taken over by another instance while this one held it; "
                        + "its lease of {} ran out without a heartbeat", name, lease);
            } else {
                synchronized (this) {
                    if (current.equals(owner)) trust(confirmedAt, lease.toMillis());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Heartbeat of sync lock {} failed; the lease lasts until the next one succeeds", name, e);
        }
    }

    private boolean insert(Connection c, String candidate, long now) throws SQLException {
        return db.insertIfAbsent(c, "INSERT INTO " + table
                + " (lock_name, owner, lease_until, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)", s -> {
                    s.setString(1, name);
                    s.setString(2, candidate);
                    s.setLong(3, now + lease.toMillis());
                    s.setLong(4, now);
                    s.setLong(5, now);
                });
    }

    /** One UPDATE that only matches an expired lease: of two instances racing, one wins. */
    private boolean takeOverExpired(Connection c, String candidate, long now) throws SQLException {
        long lastHeartbeat = -1;
        try (PreparedStatement s = c.prepareStatement("SELECT heartbeat_at, lease_until FROM " + table
                + " WHERE lock_name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || now < r.getLong(2)) return false; // released in between, or held
                lastHeartbeat = r.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table
                + " SET owner = ?, lease_until = ?, acquired_at = ?, heartbeat_at = ? WHERE lock_name = ? AND lease_until <= ?")) {
            s.setString(1, candidate);
            s.setLong(2, now + lease.toMillis());
            s.setLong(3, now);
            s.setLong(4, now);
            s.setString(5, name);
            s.setLong(6, now);
            if (s.executeUpdate() != 1) return false;
        }
        log.info("Took over sync lock {}: its holder's last heartbeat was at {}", name, Instant.ofEpochMilli(lastHeartbeat));
        return true;
    }

    @Override
    public String toString() {
        return "JdbcSyncLock[" + name + ", table=" + table + ", lease=" + lease + "]";
    }

    /** Configures a {@link JdbcSyncLock}; only the data source is required. */
    public static final class Builder extends JdbcStoreBuilder<Builder> {
        private Clock clock;
        private String name = DEFAULT_NAME;
        private Duration lease = DEFAULT_LEASE;
        private Duration heartbeatInterval;
        private ScheduledExecutorService scheduler;

        private Builder() {}

        /** For tests: the clock leases are measured on; the database's clock by default. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock == null");
            return this;
        }

        /** The lock's name, 1 to 128 characters; default {@value #DEFAULT_NAME}. One lock per corp and target, say. */
        public Builder name(String name) {
            requireNonNull(name, "name == null");
            if (name.isEmpty() || name.length() > 128) throw new IllegalArgumentException("name must be 1 to 128 characters");
            this.name = name;
            return this;
        }

        /** How long the lock outlives its last heartbeat; default 2 minutes. */
        public Builder lease(Duration lease) {
            this.lease = Durations.positive(lease, "lease");
            return this;
        }

        /** How often the holder extends its lease; default a third of the lease. */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = Durations.positive(heartbeatInterval, "heartbeatInterval");
            return this;
        }

        /**
         * Runs heartbeats on the host's scheduler instead of a daemon thread of the lock's own;
         * the lock never shuts it down.
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = requireNonNull(scheduler, "scheduler == null");
            return this;
        }

        /** Checks the settings ({@link IllegalStateException} without a data source, or with a heartbeat not shorter than the lease), creates the tables when asked, builds the lock. */
        public JdbcSyncLock build() {
            Duration interval = heartbeatInterval != null ? heartbeatInterval : lease.dividedBy(3);
            if (interval.compareTo(lease) >= 0) {
                throw new IllegalStateException("heartbeatInterval must be shorter than the lease: " + interval + " >= " + lease);
            }
            prepare();
            return new JdbcSyncLock(this);
        }
    }
}
