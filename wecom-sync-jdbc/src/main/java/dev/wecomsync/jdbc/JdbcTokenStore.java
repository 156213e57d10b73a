package dev.wecomsync.jdbc;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.client.TokenStore;
import dev.wecomsync.jdbc.internal.Database;
import dev.wecomsync.jdbc.internal.Durations;
import dev.wecomsync.jdbc.internal.Redaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TokenStore} in a table of the host's database, so that every instance of a cluster
 * uses the same access token and the cluster calls {@code gettoken} once per expiry.
 *
 * <pre>{@code
 * TokenStore tokens = JdbcTokenStore.builder().dataSource(dataSource).build();
 * WeComClient client = WeComClient.builder()
 *     .corpId(corpId).secret(secret).tokenStore(tokens).build();
 * }</pre>
 *
 * <h2>How a refresh is coordinated</h2>
 * Each (corpid, secret fingerprint) has one row: the token, its expiry, and a <em>refresh
 * lease</em>. The client calls {@link #getOrRefresh} when its cached token is due. When the stored
 * token is not one the client can use, the store takes the lease with a compare-and-set on the row,
 * calls {@code gettoken} through the client, stores the new token and frees the lease. Any other
 * instance that asks meanwhile finds the lease taken and waits, polling every
 * {@link Builder#pollInterval}, until the new token is there. When the holder's {@code gettoken}
 * fails, it frees the lease at once, so the next instance that polls calls {@code gettoken} itself
 * within one poll interval; only when the holder died does its lease have to run out
 * ({@link Builder#refreshLease}).
 *
 * <p>Leases are measured on the database's clock ({@code CURRENT_TIMESTAMP}), not on the instances'
 * clocks, which may differ; token expiry is WeCom's {@code expires_in} counted from the fetching
 * instance's clock.
 *
 * <p>Clients older than {@code getOrRefresh} ask {@link #get} and then {@link #put}: {@code get} takes
 * the lease itself when the stored token is missing or due ({@link Builder#refreshMargin} before it
 * expires, which must then equal the client's five minutes), and returns the old token or nothing.
 *
 * <h2>Secrets</h2>
 * The token value is stored in clear (every instance must be able to use it): restrict access to
 * the table as to any credential. The value never appears in logs, exception messages or
 * {@code toString()}; the secret itself is never stored, only its fingerprint.
 *
 * <h2>Thread safety</h2>
 * Thread-safe; share one store per process. A refresh lease belongs to the store that took it, so
 * that the client may retry a failed {@code gettoken} at once from any thread. Within a process
 * the client itself makes one thread at a time fetch a token (keep one {@code WeComClient} per
 * corpid and secret, as its documentation says); two clients for the same secret sharing one
 * store could both fetch.
 */
public final class JdbcTokenStore implements TokenStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcTokenStore.class);

    /** How long before expiry a token counts as due for refresh: the client's margin. */
    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(5);
    /** How long an instance may take to fetch a token before another may try. */
    public static final Duration DEFAULT_REFRESH_LEASE = Duration.ofSeconds(30);
    /** How often an instance waiting for another's refresh looks at the row. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(25);

    /** The width of the token column. */
    static final int MAX_TOKEN_LENGTH = 2048;

    private static final String COLUMNS = "token_value, expires_at, refresh_owner, refresh_until, version";

    private final Database db;
    private final String table;
    private final Clock clock;
    /** The clock leases are measured on when a test set one; null: the database's. */
    private final Clock leaseClock;
    private final Duration refreshMargin;
    private final Duration refreshLease;
    private final Duration pollInterval;
    private final Waits waits;
    /** Who holds a refresh lease this store took: the lease belongs to the store, not to a thread. */
    private final String owner = UUID.randomUUID().toString();

    private JdbcTokenStore(Builder b) {
        this.db = new Database(b.dataSource, b.dialect, "JdbcTokenStore");
        this.table = b.tablePrefix + "token";
        this.clock = b.clock != null ? b.clock : Clock.systemUTC();
        this.leaseClock = b.clock;
        this.refreshMargin = b.refreshMargin;
        this.refreshLease = b.refreshLease;
        this.pollInterval = b.pollInterval;
        this.waits = b.waits;
    }

    /** A builder; the {@code dataSource} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The stored token when it is not due for refresh. Otherwise this instance takes the refresh
     * lease and gets the old token or nothing (so that its client fetches a new one), or, while
     * another instance holds the lease, waits for that instance's token, at most about one lease.
     */
    @Override
    public Optional<Token> get(Key key) {
        requireNonNull(key, "key == null");
        long deadline = waits.nanoTime() + refreshLease.toNanos();
        boolean waited = false;
        while (true) {
            Row row = db.run("get " + key + " from " + table, c -> select(c, key));
            if (row != null && row.value != null && clock.millis() < row.expiresAt - refreshMargin.toMillis()) {
                if (waited) log.debug("Using the access token another instance fetched for {}", key);
                return Optional.of(row.token());
            }
            long now = leaseNow();
            boolean leaseFree = row == null || row.leaseFreeFor(owner, now);
            if (leaseFree) {
                if (takeLease(key, row, now)) {
                    log.debug("Took the refresh lease for {}", key);
                    return row == null ? Optional.empty() : Optional.ofNullable(row.token());
                }
                continue; // another instance changed the row first: look again
            }
            if (waits.nanoTime() - deadline > 0) {
                log.warn("Waited {} for another instance to refresh the access token of {}; fetching one here",
                        refreshLease, key);
                return Optional.ofNullable(row.token());
            }
            waited = true;
            sleep();
        }
    }

    /**
     * The stored token if {@code usable} accepts it. Otherwise this instance takes the refresh lease
     * and returns what {@code fetch} gets (stored for the others), giving the lease up at once if
     * {@code fetch} throws; or, while another instance holds the lease, waits for that instance's
     * token, and fetches here when none came within about one lease.
     */
    @Override
    public Token getOrRefresh(Key key, Predicate<Token> usable, Supplier<Token> fetch) {
        requireNonNull(key, "key == null");
        requireNonNull(usable, "usable == null");
        requireNonNull(fetch, "fetch == null");
        long deadline = waits.nanoTime() + refreshLease.toNanos();
        boolean waited = false;
        while (true) {
            Row row = db.run("get " + key + " from " + table, c -> select(c, key));
            Token stored = row == null ? null : row.token();
            if (stored != null && usable.test(stored)) {
                if (waited) log.debug("Using the access token another instance fetched for {}", key);
                return stored;
            }
            long now = leaseNow();
            boolean leaseFree = row == null || row.leaseFreeFor(owner, now);
            if (leaseFree) {
                if (!takeLease(key, row, now)) continue; // another instance changed the row first: look again
                log.debug("Took the refresh lease for {}", key);
                return refresh(key, fetch);
            }
            if (waits.nanoTime() - deadline > 0) {
                log.warn("Waited {} for another instance to refresh the access token of {}; fetching one here",
                        refreshLease, key);
                return refresh(key, fetch);
            }
            waited = true;
            sleep();
        }
    }

    /** Fetches and stores a token; when the fetch fails, frees this store's lease so that another instance tries now. */
    private Token refresh(Key key, Supplier<Token> fetch) {
        Token token;
        try {
            token = fetch.get();
        } catch (RuntimeException e) {
            try {
                releaseLease(key);
                log.debug("gettoken failed for {}; freed the refresh lease for the other instances", key);
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure);
            }
            throw e;
        }
        put(key, token);
        return token;
    }

    private void releaseLease(Key key) {
        db.run("free the refresh lease of " + key + " in " + table, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE " + table
                    + " SET refresh_owner = NULL, refresh_until = NULL, version = ?"
                    + " WHERE corp_id = ? AND secret_fingerprint = ? AND refresh_owner = ?")) {
                s.setLong(1, newVersion());
                s.setString(2, key.corpId());
                s.setString(3, key.secretFingerprint());
                s.setString(4, owner);
                return s.executeUpdate();
            }
        });
    }

    /** Now on the lease clock: the database's, unless a test set a clock. */
    private long leaseNow() {
        return leaseClock != null ? leaseClock.millis() : db.currentTimeMillis("read the clock of " + table);
    }

    /** Stores {@code token} as the one every instance uses, and frees the refresh lease. */
    @Override
    public void put(Key key, Token token) {
        requireNonNull(key, "key == null");
        requireNonNull(token, "token == null");
        if (token.value().length() > MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("access token longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        String sql = db.upsert(table, List.of("corp_id", "secret_fingerprint"),
                List.of("token_value", "expires_at", "refresh_owner", "refresh_until", "version"));
        redacting(() -> db.run("put " + key + " into " + table, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, key.corpId());
                s.setString(2, key.secretFingerprint());
                s.setString(3, token.value());
                s.setLong(4, token.expiresAt().toEpochMilli());
                s.setNull(5, Types.VARCHAR);
                s.setNull(6, Types.BIGINT);
                s.setLong(7, newVersion());
                return s.executeUpdate();
            }
        }));
        log.debug("Stored a new access token for {}, expiring at {}", key, token.expiresAt());
    }

    /** Clears the stored token if it is still {@code token}; a newer one stays. */
    @Override
    public void invalidate(Key key, Token token) {
        requireNonNull(key, "key == null");
        requireNonNull(token, "token == null");
        int cleared = redacting(() -> db.run("invalidate " + key + " in " + table, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE " + table
                    + " SET token_value = NULL, expires_at = NULL, version = ?"
                    + " WHERE corp_id = ? AND secret_fingerprint = ? AND token_value = ?")) {
                s.setLong(1, newVersion());
                s.setString(2, key.corpId());
                s.setString(3, key.secretFingerprint());
                s.setString(4, token.value());
                return s.executeUpdate();
            }
        }));
        if (cleared > 0) log.debug("Invalidated the stored access token of {}", key);
    }

    /** Runs {@code statement}, which binds a token value: its failure must not quote it. */
    private static <T> T redacting(Supplier<T> statement) {
        try {
            return statement.get();
        } catch (JdbcStoreException e) {
            throw Redaction.withholdCauseMessages(e);
        }
    }

    private Row select(Connection c, Key key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table
                + " WHERE corp_id = ? AND secret_fingerprint = ?")) {
            s.setString(1, key.corpId());
            s.setString(2, key.secretFingerprint());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) return null;
                // A NULL instant reads as 0: long past, so a NULL expiry or lease counts as over.
                return new Row(r.getString(1), r.getLong(2), r.getString(3), r.getLong(4), r.getLong(5));
            }
        }
    }

    /** Inserts the row with this store's lease, or moves the lease to this store if the row is unchanged. */
    private boolean takeLease(Key key, Row row, long now) {
        long until = now + refreshLease.toMillis();
        if (row == null) {
            return db.run("insert " + key + " into " + table, c -> db.insertIfAbsent(c, "INSERT INTO " + table
                    + " (corp_id, secret_fingerprint, refresh_owner, refresh_until, version) VALUES (?, ?, ?, ?, ?)",
                    s -> {
                        s.setString(1, key.corpId());
                        s.setString(2, key.secretFingerprint());
                        s.setString(3, owner);
                        s.setLong(4, until);
                        s.setLong(5, newVersion());
                    }));
        }
        return db.run("lease " + key + " in " + table, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE " + table
                    + " SET refresh_owner = ?, refresh_until = ?, version = ?"
                    + " WHERE corp_id = ? AND secret_fingerprint = ? AND version = ?")) {
                s.setString(1, owner);
                s.setLong(2, until);
                s.setLong(3, newVersion());
                s.setString(4, key.corpId());
                s.setString(5, key.secretFingerprint());
                s.setLong(6, row.version);
                return s.executeUpdate() == 1;
            }
        });
    }

    private static long newVersion() {
        return ThreadLocalRandom.current().nextLong();
    }

    private void sleep() {
        try {
            waits.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JdbcStoreException("JdbcTokenStore: interrupted while waiting for another instance's token", e);
        }
    }

    @Override
    public String toString() {
        return "JdbcTokenStore[table=" + table + ", dialect=" + db + "]";
    }

    /**
     * For tests: the time a waiting store measures its wait in and how it passes the poll interval;
     * {@link #SYSTEM} ({@code System.nanoTime()} and a real sleep) unless a test sets another.
     */
    interface Waits {
        Waits SYSTEM = new Waits() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(duration.toNanos());
            }
        };

        long nanoTime();

        void sleep(Duration duration) throws InterruptedException;
    }

    /** One row; {@code value} is null when there is no token, {@code refreshOwner} when nobody refreshes. */
    private record Row(String value, long expiresAt, String refreshOwner, long refreshUntil, long version) {
        Token token() {
            return value == null ? null : new Token(value, Instant.ofEpochMilli(expiresAt));
        }

        /** Whether {@code owner} may take the refresh lease at {@code now}: nobody holds it, it ran out, or it is its own. */
        boolean leaseFreeFor(String owner, long now) {
            return refreshOwner == null || refreshUntil <= now || owner.equals(refreshOwner);
        }

        @Override
        public String toString() {
            return "Row[expiresAt=" + expiresAt + ", refreshOwner=" + refreshOwner + "]";
        }
    }

    /** Configures a {@link JdbcTokenStore}; only the data source is required. */
    public static final class Builder extends JdbcStoreBuilder<Builder> {
        private Clock clock;
        private Duration refreshMargin = DEFAULT_REFRESH_MARGIN;
        private Duration refreshLease = DEFAULT_REFRESH_LEASE;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Waits waits = Waits.SYSTEM;

        private Builder() {}

        /**
         * For tests: the clock that decides when a token is due and when a lease is over. By default
         * tokens are due on the system clock and leases run on the database's clock.
         */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock == null");
            return this;
        }

        /** How long before expiry a token is refreshed; must match the client's (default 5 minutes). */
        public Builder refreshMargin(Duration refreshMargin) {
            this.refreshMargin = Durations.positive(refreshMargin, "refreshMargin");
            return this;
        }

        /** How long one instance may take to fetch a token before another takes over; default 30 s. */
        public Builder refreshLease(Duration refreshLease) {
            this.refreshLease = Durations.positive(refreshLease, "refreshLease");
            return this;
        }

        /** How often a waiting instance looks for the new token; default 25 ms. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Durations.positive(pollInterval, "pollInterval");
            return this;
        }

        /** For tests: replaces the system's time and sleep while waiting for another instance. */
        Builder waits(Waits waits) {
            this.waits = requireNonNull(waits, "waits == null");
            return this;
        }

        /** Checks the settings ({@link IllegalStateException} without a data source), creates the tables when asked, builds the store. */
        public JdbcTokenStore build() {
            prepare();
            return new JdbcTokenStore(this);
        }
    }
}
