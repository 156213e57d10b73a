package dev.wecomsync.jdbc;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.callback.EventClaim;
import dev.wecomsync.callback.EventDeduplicator;
import dev.wecomsync.jdbc.internal.Database;
import dev.wecomsync.jdbc.internal.Durations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventDeduplicator} in a table of the host's database, for callback endpoints that run
 * on several instances: a WeCom retry that reaches another instance finds the event claimed or
 * delivered there.
 *
 * <pre>{@code
 * EventDeduplicator dedup = JdbcEventDeduplicator.builder().dataSource(dataSource).build();
 * CallbackHandler handler = CallbackHandler.builder()
 *     .crypto(crypto).onEvent(sync::apply).deduplicator(dedup).build();
 * }</pre>
 *
 * <h2>Rows</h2>
 * One row per event key: the token of the claim that holds it, whether it was delivered, and
 * until when the row counts. {@link #claim} inserts the row, or takes over a row whose lease (or
 * retention) ran out with a compare-and-set on its token; {@link #commit} marks the row delivered
 * and keeps it for {@link Builder#retention}; {@link #release} deletes it. Both are guarded by the
 * claim's token, so an instance whose lease ran out cannot commit or release a newer claim. A
 * claim by an instance that died therefore expires with its lease, and the next retry delivers
 * the event.
 *
 * <h2>Purging</h2>
 * Rows past their time are useless; {@link #purge()} deletes them, and {@code claim} calls it by
 * itself at most once per {@link Builder#purgeInterval} on each instance.
 *
 * <h2>Clocks</h2>
 * Leases are compared on the instances' clocks: keep them in sync (NTP) well within the lease.
 *
 * <p>Thread-safe.
 *
 * @deprecated use {@link JdbcEventInbox} with {@code CallbackHandler.Builder.inbox}: it
 *     de-duplicates in the same table that keeps each event until it is applied, so a failed
 *     listener is retried instead of waiting for WeCom's three tries. This class goes in a later
 *     version.
 */
@Deprecated
public final class JdbcEventDeduplicator implements EventDeduplicator {

    private static final Logger log = LoggerFactory.getLogger(JdbcEventDeduplicator.class);

    /**
     * How long a delivered event is remembered: well over twice the handler's replay window plus
     * its lease (5 min, 5 min and 1 min by default).
     */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
    /** How often each instance deletes expired rows. */
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(5);

    /** The width of the key column; the handler's keys are 64 hex digits. */
    static final int MAX_KEY_LENGTH = 128;

    /** Claim attempts against concurrent changes of one row before answering IN_PROGRESS. */
    private static final int MAX_ATTEMPTS = 5;

    private final Database db;
    private final String table;
    private final Clock clock;
    private final Duration retention;
    private final Duration purgeInterval;
    private final AtomicLong nextPurge;

    private JdbcEventDeduplicator(Builder b) {
        this.db = new Database(b.dataSource, b.dialect, "JdbcEventDeduplicator");
        this.table = b.tablePrefix + "event";
        this.clock = b.clock;
        this.retention = b.retention;
        this.purgeInterval = b.purgeInterval;
        this.nextPurge = new AtomicLong(clock.millis() + purgeInterval.toMillis());
    }

    /** A builder; the {@code dataSource} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public EventClaim claim(String eventKey, Duration lease) {
        requireNonNull(eventKey, "eventKey == null");
        if (eventKey.isEmpty() || eventKey.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("eventKey must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        Durations.positive(lease, "lease");
        purgeIfDue();
        return db.run("claim in " + table, c -> {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                long now = clock.millis();
                String token = UUID.randomUUID().toString();
                long until = now + lease.toMillis();
                if (insert(c, eventKey, token, until)) return EventClaim.claimed(eventKey, token);
                Row row = select(c, eventKey);
                if (row == null) continue; // released or purged in between
                if (now < row.expiresAt) {
                    return row.delivered ? EventClaim.delivered(eventKey) : EventClaim.inProgress(eventKey);
                }
                if (takeOver(c, eventKey, row, token, until)) {
                    if (!row.delivered) {
                        log.info("Took over the expired claim of event {}", shortKey(eventKey));
                    }
                    return EventClaim.claimed(eventKey, token);
                }
            }
            log.debug("Event {} changed under {} claims in a row; answering in-progress", shortKey(eventKey),
                    MAX_ATTEMPTS);
            return EventClaim.inProgress(eventKey);
        });
    }

    @Override
    public void commit(EventClaim claim) {
        if (!held(claim)) return;
        long until = clock.millis() + retention.toMillis();
        int updated = db.run("commit in " + table, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE " + table
                    + " SET delivered = 1, expires_at = ? WHERE event_key = ? AND claim_token = ? AND delivered = 0")) {
                s.setLong(1, until);
                s.setString(2, claim.eventKey());
                s.setString(3, claim.token());
                return s.executeUpdate();
            }
        });
        if (updated == 0) {
            log.warn("Event {} was delivered, but its claim had expired and was taken over; it may be delivered again",
                    shortKey(claim.eventKey()));
        }
    }

    @Override
    public void release(EventClaim claim) {
        if (!held(claim)) return;
        db.run("release in " + table, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table
                    + " WHERE event_key = ? AND claim_token = ? AND delivered = 0")) {
                s.setString(1, claim.eventKey());
                s.setString(2, claim.token());
                return s.executeUpdate();
            }
        });
    }

    /** Deletes the rows whose lease or retention is over; returns how many. */
    public int purge() {
        long now = clock.millis();
        int deleted = db.run("purge " + table, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE expires_at < ?")) {
                s.setLong(1, now);
                return s.executeUpdate();
            }
        });
        if (deleted > 0) log.debug("Purged {} expired event rows from {}", deleted, table);
        return deleted;
    }

    private void purgeIfDue() {
        long now = clock.millis();
        long due = nextPurge.get();
        if (now < due || !nextPurge.compareAndSet(due, now + purgeInterval.toMillis())) return;
        try {
            purge();
        } catch (JdbcStoreException e) {
            log.warn("Could not purge expired event rows; trying again in {}", purgeInterval, e);
        }
    }

    private boolean insert(Connection c, String eventKey, String token, long until) throws SQLException {
        return db.insertIfAbsent(c, "INSERT INTO " + table
                + " (event_key, claim_token, delivered, expires_at) VALUES (?, ?, 0, ?)", s -> {
                    s.setString(1, eventKey);
                    s.setString(2, token);
                    s.setLong(3, until);
                });
    }

    private Row select(Connection c, String eventKey) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT claim_token, delivered, expires_at FROM " + table
                + " WHERE event_key = ?")) {
            s.setString(1, eventKey);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? new Row(r.getString(1), r.getInt(2) != 0, r.getLong(3)) : null;
            }
        }
    }

    /** Replaces an expired row by this claim, if nobody changed it since it was read. */
    private boolean takeOver(Connection c, String eventKey, Row row, String token, long until) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table
                + " SET claim_token = ?, delivered = 0, expires_at = ? WHERE event_key = ? AND claim_token = ?"
                + " AND delivered = ? AND expires_at = ?")) {
            s.setString(1, token);
            s.setLong(2, until);
            s.setString(3, eventKey);
            s.setString(4, row.token);
            s.setInt(5, row.delivered ? 1 : 0);
            s.setLong(6, row.expiresAt);
            return s.executeUpdate() == 1;
        }
    }

    private static boolean held(EventClaim claim) {
        requireNonNull(claim, "claim == null");
        return claim.state() == EventClaim.State.CLAIMED;
    }

    private static String shortKey(String key) {
        return key.substring(0, Math.min(12, key.length()));
    }

    @Override
    public String toString() {
        return "JdbcEventDeduplicator[table=" + table + ", dialect=" + db + ", retention=" + retention + "]";
    }

    private record Row(String token, boolean delivered, long expiresAt) {}

    /** Configures a {@link JdbcEventDeduplicator}; only the data source is required. */
    public static final class Builder extends JdbcStoreBuilder<Builder> {
        private Clock clock = Clock.systemUTC();
        private Duration retention = DEFAULT_RETENTION;
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;

        private Builder() {}

        /** The clock leases and retention are measured on; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock == null");
            return this;
        }

        /**
         * How long a delivered event is remembered; default 1 hour. Keep it over twice the
         * handler's {@code maxAge} plus its claim lease.
         */
        public Builder retention(Duration retention) {
            this.retention = Durations.positive(retention, "retention");
            return this;
        }

        /** How often {@code claim} purges expired rows; default 5 minutes. */
        public Builder purgeInterval(Duration purgeInterval) {
            this.purgeInterval = Durations.positive(purgeInterval, "purgeInterval");
            return this;
        }

        /** Checks the settings ({@link IllegalStateException} without a data source), creates the tables when asked, builds the store. */
        public JdbcEventDeduplicator build() {
            prepare();
            return new JdbcEventDeduplicator(this);
        }
    }
}
