package dev.wecomsync.redis;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.client.TokenStore;
import dev.wecomsync.redis.internal.Durations;
import dev.wecomsync.redis.internal.RedisLink;
import dev.wecomsync.redis.internal.Script;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TokenStore} in Redis, so that every instance of a cluster uses the same access token and
 * the cluster calls {@code gettoken} once per expiry.
 *
 * <pre>{@code
 * RedisTokenStore tokens = RedisTokenStore.builder().uri("redis://127.0.0.1:6379").build();
 * WeComClient client = WeComClient.builder()
 *     .corpId(corpId).secret(secret).tokenStore(tokens).build();
 * }</pre>
 *
 * <h2>How a refresh is coordinated</h2>
 * Each (corpid, secret fingerprint) has a hash {@code wecomsync:<prefix>token:<corpid>/<fingerprint>}
 * with the token and its expiry, and a <em>refresh lease</em> next to it ({@code ...:refresh}), taken
 * with {@code SET NX PX}. The client calls {@link #getOrRefresh} when its cached token is due. When
 * the stored token is not one the client can use, the store takes the lease, calls {@code gettoken}
 * through the client, stores the new token and frees the lease in one script. Any other instance
 * that asks meanwhile finds the lease taken and waits, polling every {@link Builder#pollInterval},
 * until the new token is there. When the holder's {@code gettoken} fails, it frees the lease at
 * once, so the next instance that polls calls {@code gettoken} itself within one poll interval;
 * only when the holder died does its lease have to run out ({@link Builder#refreshLease}), on Redis's
 * clock.
 *
 * <p>{@link #get}, {@link #put} and {@link #invalidate} are plain reads and writes: clients older
 * than {@code getOrRefresh} share the token but not the refresh.
 *
 * <h2>Secrets</h2>
 * The token value is stored in clear (every instance must be able to use it): restrict access to
 * Redis as to any credential. The value never appears in logs, exception messages or
 * {@code toString()}; the secret itself is never stored, only its fingerprint.
 *
 * <h2>Thread safety and closing</h2>
 * Thread-safe; share one store per process. A refresh lease belongs to the store that took it.
 * {@link #close()} closes its connection (and its client when built from a URI).
 */
public final class RedisTokenStore implements TokenStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisTokenStore.class);

    /** How long an instance may take to fetch a token before another may try. */
    public static final Duration DEFAULT_REFRESH_LEASE = Duration.ofSeconds(30);
    /** How often an instance waiting for another's refresh looks at the token. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(25);

    /** How long a stored token is kept after its expiry, for the others to see it expired. */
    private static final Duration KEEP_AFTER_EXPIRY = Duration.ofHours(1);

    /** KEYS: token, lease; ARGV: value, expiry (epoch ms), keep (ms), owner. Stores the token, frees this owner's lease. */
    private static final Script PUT = Script.of("""
            redis.call('HSET', KEYS[1], 'value', ARGV[1], 'expires', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            if redis.call('GET', KEYS[2]) == ARGV[4] then
              redis.call('DEL', KEYS[2])
            end
            return 1
            """);

    /** KEYS: token; ARGV: value. Deletes the token if it is still that value. */
    private static final Script INVALIDATE = Script.of("""
            if redis.call('HGET', KEYS[1], 'value') == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    /** KEYS: lease; ARGV: owner, lease (ms). Takes the lease if it is free or already this owner's. */
    private static final Script TAKE_LEASE = Script.of("""
            local holder = redis.call('GET', KEYS[1])
            if holder == false or holder == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0
            """);

    private final RedisLink link;
    private final String namespace;
    private final Clock clock;
    private final Duration refreshLease;
    private final Duration pollInterval;
    /** Who holds a refresh lease this store took: the lease belongs to the store, not to a thread. */
    private final String owner = UUID.randomUUID().toString();

    private RedisTokenStore(Builder b) {
        this.link = b.link("RedisTokenStore");
        this.namespace = b.namespace("token:");
        this.clock = b.clock;
        this.refreshLease = b.refreshLease;
        this.pollInterval = b.pollInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<Token> get(Key key) {
        requireNonNull(key, "key == null");
        String k = tokenKey(key);
        List<KeyValue<String, String>> fields = link.call("get " + k, c -> c.hmget(k, "value", "expires"));
        if (fields.size() < 2 || !fields.get(0).hasValue() || !fields.get(1).hasValue()) return Optional.empty();
        long expires;
        try {
            expires = Long.parseLong(fields.get(1).getValue());
        } catch (NumberFormatException e) {
            log.warn("The stored expiry of the access token of {} is not a number; ignoring the stored token", key);
            return Optional.empty();
        }
        return Optional.of(new Token(fields.get(0).getValue(), Instant.ofEpochMilli(expires)));
    }

    /** Stores {@code token} as the one every instance uses, and frees this store's refresh lease. */
    @Override
    public void put(Key key, Token token) {
        requireNonNull(key, "key == null");
        requireNonNull(token, "token == null");
        String k = tokenKey(key);
        long keep = Math.max(0, token.expiresAt().toEpochMilli() - clock.millis()) + KEEP_AFTER_EXPIRY.toMillis();
        link.eval("put " + k, PUT, ScriptOutputType.INTEGER, new String[] {k, leaseKey(key)},
                token.value(), Long.toString(token.expiresAt().toEpochMilli()), Long.toString(keep), owner);
        log.debug("Stored a new access token for {}, expiring at {}", key, token.expiresAt());
    }

    /** Deletes the stored token if it is still {@code token}; a newer one stays. */
    @Override
    public void invalidate(Key key, Token token) {
        requireNonNull(key, "key == null");
        requireNonNull(token, "token == null");
        String k = tokenKey(key);
        Long deleted = link.eval("invalidate " + k, INVALIDATE, ScriptOutputType.INTEGER, new String[] {k}, token.value());
        if (deleted != null && deleted > 0) log.debug("Invalidated the stored access token of {}", key);
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
        long deadline = System.nanoTime() + refreshLease.toNanos();
        boolean waited = false;
        while (true) {
            Optional<Token> stored = get(key);
            if (stored.isPresent() && usable.test(stored.get())) {
                if (waited) log.debug("Using the access token another instance fetched for {}", key);
                return stored.get();
            }
            if (takeLease(key)) {
                log.debug("Took the refresh lease for {}", key);
                return refresh(key, fetch);
            }
            if (System.nanoTime() - deadline > 0) {
                log.warn("Waited {} for another instance to refresh the access token of {}; fetching one here",
                        refreshLease, key);
                return refresh(key, fetch);
            }
            waited = true;
            sleep();
        }
    }

    private boolean takeLease(Key key) {
        String k = leaseKey(key);
        Long taken = link.eval("take the refresh lease " + k, TAKE_LEASE, ScriptOutputType.INTEGER, new String[] {k},
                owner, Long.toString(refreshLease.toMillis()));
        return taken != null && taken == 1;
    }

    /** Fetches and stores a token; when the fetch fails, frees this store's lease so that another instance tries now. */
    private Token refresh(Key key, Supplier<Token> fetch) {
        Token token;
        try {
            token = fetch.get();
        } catch (RuntimeException e) {
            try {
                String k = leaseKey(key);
                link.eval("free the refresh lease " + k, Script.COMPARE_AND_DELETE, ScriptOutputType.INTEGER,
                        new String[] {k}, owner);
                log.debug("gettoken failed for {}; freed the refresh lease for the other instances", key);
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure);
            }
            throw e;
        }
        put(key, token);
        return token;
    }

    private String tokenKey(Key key) {
        return namespace + key;
    }

    private String leaseKey(Key key) {
        return namespace + key + ":refresh";
    }

    private void sleep() {
        try {
            TimeUnit.NANOSECONDS.sleep(pollInterval.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisStoreException("RedisTokenStore: interrupted while waiting for another instance's token", e);
        }
    }

    /** Closes the connection to Redis (and the client, when this store created it). */
    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return "RedisTokenStore[keys=" + namespace + "*, refreshLease=" + refreshLease + "]";
    }

    /** Configures a {@link RedisTokenStore}; only where Redis is is required. */
    public static final class Builder extends RedisStoreBuilder<Builder> {
        private Clock clock = Clock.systemUTC();
        private Duration refreshLease = DEFAULT_REFRESH_LEASE;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;

        private Builder() {}

        /** For tests: the clock that tells how long a stored token has left (for its key's expiry). */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock == null");
            return this;
        }

        /** How long one instance may take to fetch a token before another takes over; default 30 s. */
        public Builder refreshLease(Duration refreshLease) {
            this.refreshLease = Durations.millis(refreshLease, "refreshLease");
            return this;
        }

        /** How often a waiting instance looks for the new token; default 25 ms. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Durations.positive(pollInterval, "pollInterval");
            return this;
        }

        /**
         * Builds the store; it connects to Redis on its first call, not here.
         *
         * @throws IllegalStateException when Redis's address is missing
         */
        public RedisTokenStore build() {
            return new RedisTokenStore(this);
        }
    }
}
