package dev.wecomsync.jdbc;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.callback.EventInbox;
import dev.wecomsync.callback.InboxEvent;
import dev.wecomsync.jdbc.internal.Database;
import dev.wecomsync.jdbc.internal.Durations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An {@link EventInbox} in a table of the host's database ({@code <prefix>inbox}): an event
 * answered 200 is in the database, survives a crash of the process, and is applied by whichever
 * instance claims it next. Several instances drain one table.
 *
 * <pre>{@code
 * EventInbox inbox = JdbcEventInbox.builder().dataSource(dataSource).build();
 * CallbackHandler handler = CallbackHandler.builder()
 *     .crypto(crypto).inbox(inbox).onEvent(sync::apply).build();
 * }</pre>
 *
 * <h2>Leases, not row locks</h2>
 * A worker claims an event with a compare-and-set {@code UPDATE} that sets a fresh lease token and
 * lease end, guarded by the row being pending, due and not leased; of two instances racing for a
 * row, one updates it and the other's update matches nothing. No transaction stays open while the
 * listener runs (which may take minutes of API retries), the same SQL works on H2, PostgreSQL,
 * MySQL and MariaDB, and a claim by an instance that died runs out with its lease. Running
 * workers renew their leases every third of it, and finishing an attempt is guarded by the token,
 * so an instance whose lease was taken over cannot mark the event.
 *
 * <h2>The database's clock</h2>
 * Leases and due times are measured on the database's clock ({@code CURRENT_TIMESTAMP}), not on
 * the instances' clocks, which may differ: an instance whose clock runs ahead does not take over
 * a lease that is still running, and the lease of one whose clock lags runs out on time. Each
 * {@link #claim} reads the database's now (one {@code SELECT} on the same connection) and keeps
 * the difference to the handler's clock, by which the times the handler passes to {@link #renew}
 * and {@link #failed} are moved onto the database's clock; new events and events retried by hand
 * are due at the database's now. {@code received_at} and {@code applied_at} (what the backlog
 * shows, and what {@link #purge} counts the retention from) stay on the handler's clock.
 * {@link Builder#leasesOnHandlerTime()} turns this off for tests that drive a manual clock.
 *
 * <h2>Order</h2>
 * Rows are numbered in arrival order ({@code seq}); a pending row is not claimed while a pending
 * row with a lower number shares one of its two order keys.
 *
 * <h2>What it keeps</h2>
 * The decrypted XML (personal data: grant the table like the rest of the directory) while the
 * event is pending or parked; an applied row keeps only its key and times until
 * {@link Builder#retention} has passed, so that WeCom's retries are still recognised, and is
 * then purged by the handler. Thread-safe.
 */
public final class JdbcEventInbox implements EventInbox {

    /** How long applied events are remembered: well over twice the handler's replay window. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);

    static final int PENDING = 0;
    static final int APPLIED = 1;
    static final int PARKED = 2;
    private static final int MAX_ORDER_KEY = 100;
    private static final int MAX_ERROR = 1000;
    private static final String COLUMNS =
            "seq, event_key, payload, order_key1, order_key2, received_at, attempts, last_error, next_attempt_at";

    private final Database db;
    private final String table;
    private final Duration retention;
    /** True: leases and due times on the handler's times, as passed in; false: on the database's clock. */
    private final boolean handlerTime;
    /** The database's clock minus the handler's, in milliseconds, as the last claim measured it. */
    private volatile long offsetMillis;

    private JdbcEventInbox(Builder b) {
        this.db = new Database(b.dataSource, b.dialect, "JdbcEventInbox");
        this.table = b.tablePrefix + "inbox";
        this.retention = b.retention;
        this.handlerTime = b.handlerTime;
    }

    /** A builder; the {@code dataSource} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Offer offer(String key, String xml, List<String> orderKeys, Instant receivedAt) {
        requireNonNull(key, "key == null");
        requireNonNull(xml, "xml == null");
        boolean stored = run("offer to " + table, c -> db.insertIfAbsent(c, "INSERT INTO " + table
                + " (event_key, state, payload, order_key1, order_key2, received_at, next_attempt_at, attempts,"
                + " last_error) VALUES (?, " + PENDING + ", ?, ?, ?, ?, " + dueNow() + ", 0, '')", s -> {
                    s.setString(1, key);
                    s.setString(2, xml);
                    setKey(s, 3, orderKeys, 0);
                    setKey(s, 4, orderKeys, 1);
                    s.setLong(5, receivedAt.toEpochMilli());
                    if (handlerTime) s.setLong(6, receivedAt.toEpochMilli());
                }));
        return stored ? Offer.STORED : Offer.DUPLICATE;
    }

    @Override
    public List<InboxEvent> claim(int max, Instant now, Duration lease) {
        return run("claim from " + table, c -> {
            long at = now.toEpochMilli();
            if (!handlerTime) {
                long dbNow = db.currentTimeMillis(c);
                offsetMillis = dbNow - at;
                at = dbNow;
            }
            long leaseNow = at;
            List<Row> candidates = select(c, "SELECT " + COLUMNS + " FROM " + table + " e WHERE e.state = "
                    + PENDING + " AND e.next_attempt_at <= ? AND (e.lease_until IS NULL OR e.lease_until <= ?)"
                    + " AND NOT EXISTS (SELECT 1 FROM " + table + " f WHERE f.state = " + PENDING
                    + " AND f.seq < e.seq AND (f.order_key1 = e.order_key1 OR f.order_key1 = e.order_key2"
                    + " OR f.order_key2 = e.order_key1 OR f.order_key2 = e.order_key2))"
                    + " ORDER BY e.seq LIMIT ?", s -> {
                        s.setLong(1, leaseNow);
                        s.setLong(2, leaseNow);
                        s.setInt(3, max);
                    });
            List<InboxEvent> claimed = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("UPDATE " + table
                    + " SET lease_token = ?, lease_until = ?, attempts = attempts + 1 WHERE seq = ? AND state = "
                    + PENDING + " AND attempts = ? AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)")) {
                for (Row row : candidates) { // by primary key: InnoDB then locks that row only
                    InboxEvent e = row.event();
                    String token = UUID.randomUUID().toString();
                    s.setString(1, token);
                    s.setLong(2, leaseNow + lease.toMillis());
                    s.setLong(3, row.seq());
                    s.setInt(4, e.attempts());
                    s.setLong(5, leaseNow);
                    s.setLong(6, leaseNow);
                    if (s.executeUpdate() == 1) {
                        claimed.add(new InboxEvent(e.key(), e.xml(), e.orderKeys(), e.receivedAt(), e.attempts() + 1,
                                e.lastError(), e.nextAttemptAt(), token));
                    }
                }
            }
            return claimed;
        });
    }

    @Override
    public boolean renew(InboxEvent event, Instant leaseUntil) {
        return update("renew in ", "lease_until = ?", event, s -> s.setLong(1, onLeaseClock(leaseUntil)));
    }

    @Override
    public boolean applied(InboxEvent event, Instant now) {
        return update("mark applied in ", "state = " + APPLIED
                + ", payload = NULL, lease_token = NULL, lease_until = NULL, applied_at = ?", event,
                s -> s.setLong(1, now.toEpochMilli()));
    }

    @Override
    public boolean failed(InboxEvent event, String error, Instant nextAttempt, boolean park) {
        String text = error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
        return update("mark failed in ", "state = " + (park ? PARKED : PENDING)
                + ", last_error = ?, next_attempt_at = ?, lease_token = NULL, lease_until = NULL", event, s -> {
                    s.setString(1, text);
                    s.setLong(2, onLeaseClock(nextAttempt));
                });
    }

    @Override
    public List<InboxEvent> parked(int limit) {
        return run("list parked in " + table, c -> select(c, "SELECT " + COLUMNS + " FROM " + table
                + " WHERE state = " + PARKED + " ORDER BY seq LIMIT ?", s -> s.setInt(1, limit)))
                .stream().map(Row::event).toList();
    }

    @Override
    public int retryParked(Instant now) {
        return run("retry parked in " + table, c -> execute(c, "UPDATE " + table + " SET state = " + PENDING
                + ", attempts = 0, next_attempt_at = " + dueNow() + " WHERE state = " + PARKED, s -> {
                    if (handlerTime) s.setLong(1, now.toEpochMilli());
                }));
    }

    @Override
    public boolean retry(String key, Instant now) {
        return run("retry in " + table, c -> execute(c, "UPDATE " + table + " SET state = " + PENDING
                + ", attempts = 0, next_attempt_at = " + dueNow() + " WHERE state = " + PARKED + " AND event_key = ?",
                s -> {
                    int i = 1;
                    if (handlerTime) s.setLong(i++, now.toEpochMilli());
                    s.setString(i, key);
                })) == 1;
    }

    @Override
    public Backlog backlog() {
        return run("count " + table, c -> {
            long pending = 0;
            long parked = 0;
            Optional<Instant> oldest = Optional.empty();
            try (PreparedStatement s = c.prepareStatement("SELECT state, COUNT(*), MIN(received_at) FROM " + table
                    + " WHERE state <> " + APPLIED + " GROUP BY state");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (r.getInt(1) == PENDING) {
                        pending = r.getLong(2);
                        oldest = Optional.of(Instant.ofEpochMilli(r.getLong(3)));
                    } else {
                        parked = r.getLong(2);
                    }
                }
            }
            return new Backlog(pending, parked, oldest);
        });
    }

    @Override
    public int purge(Instant now) {
        long before = now.minus(retention).toEpochMilli();
        return run("purge " + table, c -> execute(c, "DELETE FROM " + table + " WHERE state = " + APPLIED
                + " AND applied_at < ?", s -> s.setLong(1, before)));
    }

    /** SQL for "due now": a parameter (the handler's now) or the database's now. */
    private String dueNow() {
        return handlerTime ? "?" : db.currentTimeMillisSql();
    }

    /** A time the handler passed, on the clock leases and due times are measured on. */
    private long onLeaseClock(Instant handlerInstant) {
        return handlerTime ? handlerInstant.toEpochMilli() : handlerInstant.toEpochMilli() + offsetMillis;
    }

    /** Sets {@code assignment} on the event's row while its lease token is the claim's. */
    private boolean update(String operation, String assignment, InboxEvent event, Database.Binder values) {
        requireNonNull(event, "event == null");
        int parameters = (int) assignment.chars().filter(ch -> ch == '?').count();
        for (int attempt = 1; ; attempt++) {
            try {
                return run(operation + table, c -> execute(c, "UPDATE " + table + " SET " + assignment
                        + " WHERE event_key = ? AND lease_token = ?", s -> {
                            values.bind(s);
                            s.setString(parameters + 1, event.key());
                            s.setString(parameters + 2, event.leaseToken());
                        })) == 1;
            } catch (JdbcStoreException e) {
                if (attempt >= 3 || !isDeadlock(e)) throw e; // InnoDB chose this statement as a deadlock victim
            }
        }
    }

    /**
     * Runs {@code work} in auto-commit mode; on MySQL and MariaDB at READ COMMITTED, where InnoDB
     * takes no gap locks and drops the locks of rows an UPDATE or DELETE scanned but did not
     * change, so that inserts, claims and purges of several instances do not wait for each other.
     */
    private <T> T run(String operation, Database.Work<T> work) {
        if (db.dialect() != SqlDialect.MYSQL) return db.run(operation, work);
        return db.run(operation, c -> {
            int isolation = c.getTransactionIsolation();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                return work.run(c);
            } finally {
                c.setTransactionIsolation(isolation);
            }
        });
    }

    private static boolean isDeadlock(JdbcStoreException e) {
        return e.getCause() instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40");
    }

    private record Row(long seq, InboxEvent event) {}

    private static int execute(Connection c, String sql, Database.Binder binder) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            return s.executeUpdate();
        }
    }

    private static List<Row> select(Connection c, String sql, Database.Binder binder) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    List<String> keys = new ArrayList<>(2);
                    if (r.getString(4) != null) keys.add(r.getString(4));
                    if (r.getString(5) != null) keys.add(r.getString(5));
                    String payload = r.getString(3);
                    out.add(new Row(r.getLong(1), new InboxEvent(r.getString(2), payload == null ? "" : payload, keys,
                            Instant.ofEpochMilli(r.getLong(6)), r.getInt(7), r.getString(8),
                            Instant.ofEpochMilli(r.getLong(9)), "")));
                }
            }
        }
        return out;
    }

    private static void setKey(PreparedStatement s, int index, List<String> keys, int i) throws SQLException {
        if (keys.size() <= i) {
            s.setNull(index, Types.VARCHAR);
        } else {
            String key = keys.get(i);
            s.setString(index, key.length() <= MAX_ORDER_KEY ? key : key.substring(0, MAX_ORDER_KEY));
        }
    }

    @Override
    public String toString() {
        return "JdbcEventInbox[table=" + table + ", dialect=" + db + ", retention=" + retention
                + (handlerTime ? ", leases on the handler's time" : "") + "]";
    }

    /** Configures a {@link JdbcEventInbox}; only the data source is required. */
    public static final class Builder extends JdbcStoreBuilder<Builder> {
        private Duration retention = DEFAULT_RETENTION;
        private boolean handlerTime;

        private Builder() {}

        /**
         * For tests that drive the handler's clock by hand: leases and due times are measured on
         * the times the handler passes in, as {@link EventInbox} describes, instead of on the
         * database's clock. Every instance sharing the table must then have the same clock.
         */
        public Builder leasesOnHandlerTime() {
            this.handlerTime = true;
            return this;
        }

        /**
         * How long an applied event is remembered (key only), so that a late WeCom retry is not
         * applied again; default 1 hour. Keep it over twice the handler's {@code maxAge}.
         */
        public Builder retention(Duration retention) {
            this.retention = Durations.positive(retention, "retention");
            return this;
        }

        /** Checks the settings ({@link IllegalStateException} without a data source), creates the tables when asked, builds the store. */
        public JdbcEventInbox build() {
            prepare();
            return new JdbcEventInbox(this);
        }
    }
}
