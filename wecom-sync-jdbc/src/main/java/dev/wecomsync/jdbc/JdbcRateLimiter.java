package dev.wecomsync.jdbc;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.client.RateLimiter;
import dev.wecomsync.jdbc.internal.Database;
import dev.wecomsync.jdbc.internal.Durations;
import dev.wecomsync.jdbc.internal.SelectForUpdateBuckets;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RateLimiter} shared by every instance of a cluster through the host's database, so that
 * all of them together stay below WeCom's quota of the corp. The buckets are
 * <a href="https://bucket4j.com">Bucket4j</a> token buckets in the table {@code <prefix>rate}, one
 * row per (corpid, API), locked with {@code SELECT ... FOR UPDATE} for each call (Bucket4j's
 * PostgreSQL module on PostgreSQL; the same protocol on MySQL, MariaDB and H2). Calls of one
 * instance that arrive together share one transaction (Bucket4j's batching).
 *
 * <pre>{@code
 * RateLimiter limiter = JdbcRateLimiter.builder().dataSource(dataSource).corpId(corpId).build();
 * WeComClient client = WeComClient.builder()
 *     .corpId(corpId).secret(secret).rateLimiter(limiter).build();
 * }</pre>
 *
 * <h2>Limits</h2>
 * {@link Builder#limits} are for the whole cluster, per API: a limit of {@code n} a minute lets at
 * most {@code n} calls through in any 60 seconds (bursts of up to a tenth of {@code n}, the rest
 * spread over the minute), and likewise for the hour. The default, {@link RateLimiter.Limits#DEFAULT}
 * (6,000 a minute, 100,000 an hour), leaves room below WeCom's 10,000 and 150,000 for the corp's
 * other integrations and for the slack below. A caller that finds the bucket empty reserves the next
 * token and sleeps until it is due: one database round trip per call.
 *
 * <h2>When the database is unreachable</h2>
 * Syncing goes on: each instance falls back to a local bucket of the limits divided by
 * {@link Builder#expectedInstances} (default {@value #DEFAULT_EXPECTED_INSTANCES}), so the cluster
 * stays under its limits as long as it runs at most that many instances. It logs one WARN when it
 * loses the database and one INFO when it is back, and tries the database again every
 * {@link Builder#retryInterval} (one caller at a time; the others keep to the local share). A
 * partial outage (some instances reach the database, others not) or the minute after a recovery can
 * add up to one local share on top of the limit: keep the limits below the quota by at least that
 * much, as the default does.
 *
 * <h2>Clocks</h2>
 * Bucket4j refills from the clock of the instance that takes a token. Instances whose clocks differ
 * by {@code s} seconds can let through once an extra {@code s} seconds' worth of refill, never more
 * than one burst; keep the clocks synchronised (NTP).
 *
 * <h2>Thread safety</h2>
 * Thread-safe; share one limiter per corp and process, among every client of that corp.
 */
public final class JdbcRateLimiter implements RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(JdbcRateLimiter.class);

    /** How many instances the local share assumes when the database is unreachable. */
    public static final int DEFAULT_EXPECTED_INSTANCES = 4;
    /** How often an instance that lost the database tries it again. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(5);

    private final Database db;
    private final String table;
    private final String corpId;
    private final Limits limits;
    private final int expectedInstances;
    private final long retryNanos;
    private final int timeScale;
    private final BucketConfiguration shared;
    private final BlockingStrategy sleep = BlockingStrategy.PARKING;
    private final ConcurrentMap<String, Bucket> remote = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Bucket> local = new ConcurrentHashMap<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong nextTry = new AtomicLong();
    private volatile ProxyManager<String> buckets;

    private JdbcRateLimiter(Builder b) {
        this.db = new Database(b.dataSource, b.dialect, "JdbcRateLimiter");
        this.table = b.tablePrefix + "rate";
        this.corpId = b.corpId;
        this.limits = b.limits;
        this.expectedInstances = b.expectedInstances;
        this.retryNanos = b.retryInterval.toNanos();
        this.timeScale = b.timeScale;
        this.shared = configuration(limits.perMinute(), limits.perHour());
    }

    /** A builder; the {@code dataSource} and the {@code corpId} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes one call of {@code api} from the cluster's bucket of this corp, or from this instance's
     * local share while the database is unreachable; never throws for a database failure.
     */
    @Override
    public void acquire(String api) throws InterruptedException {
        requireNonNull(api, "api == null");
        if (!down.get() || mayRetry()) {
            try {
                Bucket bucket = remote.computeIfAbsent(api, this::remoteBucket);
                bucket.asBlocking().consume(1, sleep);
                if (down.compareAndSet(true, false)) {
                    log.info("JdbcRateLimiter: the shared rate limit of corp {} in {} is reachable again;"
                            + " using it instead of the local share", corpId, table);
                }
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                nextTry.set(System.nanoTime() + retryNanos);
                if (down.compareAndSet(false, true)) {
                    log.warn("JdbcRateLimiter: the shared rate limit of corp {} in {} is unreachable ({});"
                            + " each instance now keeps to 1/{} of {} until it is back", corpId, table,
                            e.toString(), expectedInstances, limits);
                    log.debug("JdbcRateLimiter: the failure", e);
                }
            }
        }
        local.computeIfAbsent(api, a -> Bucket.builder().addLimit(minute(share(limits.perMinute())))
                .addLimit(hour(share(limits.perHour()))).build()).asBlocking().consume(1, sleep);
    }

    /**
     * The shared bucket of {@code api}. Its row is inserted first, on its own: a row-locking select
     * that finds no row takes a gap lock on InnoDB, and two instances inserting into the gap deadlock.
     * Its state is then written by one plain call: a batch of calls cannot create a missing state.
     * From then on, calls from this instance that meet in one moment go to the database as one batch.
     */
    private Bucket remoteBucket(String api) {
        String id = corpId + "/" + api;
        db.run("insert bucket " + id + " into " + table, c -> db.insertIfAbsent(c,
                "INSERT INTO " + table + " (id, state) VALUES (?, NULL)", s -> s.setString(1, id)));
        proxies().builder().build(id, () -> shared).getAvailableTokens();
        return proxies().builder().withOptimization(Optimizations.batching()).build(id, () -> shared);
    }

    /** Whether the database is unreachable, as far as the last call found. */
    public boolean usingLocalShare() {
        return down.get();
    }

    /** True for the one caller that may try the database again now. */
    private boolean mayRetry() {
        long due = nextTry.get();
        return System.nanoTime() - due >= 0 && nextTry.compareAndSet(due, System.nanoTime() + retryNanos);
    }

    private ProxyManager<String> proxies() {
        ProxyManager<String> p = buckets;
        if (p == null) {
            synchronized (this) {
                p = buckets;
                if (p == null) {
                    p = db.dialect() == SqlDialect.POSTGRESQL
                            ? Bucket4jPostgreSQL.selectForUpdateBasedBuilder(db.dataSource())
                                    .primaryKeyMapper(PrimaryKeyMapper.STRING).table(table).idColumn("id")
                                    .stateColumn("state").build()
                            : new SelectForUpdateBuckets(db.dataSource(), table, ClientSideConfig.getDefault());
                    buckets = p;
                }
            }
        }
        return p;
    }

    private int share(int limit) {
        return Math.max(1, limit / expectedInstances);
    }

    private BucketConfiguration configuration(int perMinute, int perHour) {
        return new BucketConfiguration(List.of(minute(perMinute), hour(perHour)));
    }

    private Bandwidth minute(int n) {
        return bandwidth(n, Duration.ofMinutes(1).dividedBy(timeScale), "minute");
    }

    private Bandwidth hour(int n) {
        return bandwidth(n, Duration.ofHours(1).dividedBy(timeScale), "hour");
    }

    /** At most {@code n} in any {@code period}: a burst of a tenth, the rest refilled over the period. */
    private static Bandwidth bandwidth(int n, Duration period, String id) {
        long burst = Math.max(1, n / 10);
        long refill = Math.max(1, n - burst);
        return Bandwidth.builder().capacity(burst).refillGreedy(refill, period).id(id).build();
    }

    @Override
    public String toString() {
        return "JdbcRateLimiter[corpId=" + corpId + ", table=" + table + ", limits=" + limits + "]";
    }

    /** Configures a {@link JdbcRateLimiter}; the data source and the corpid are required. */
    public static final class Builder extends JdbcStoreBuilder<Builder> {
        private String corpId;
        private Limits limits = Limits.DEFAULT;
        private int expectedInstances = DEFAULT_EXPECTED_INSTANCES;
        private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
        private int timeScale = 1;

        private Builder() {}

        /** The corp whose quota the buckets count: every instance of the corp shares them. Required. */
        public Builder corpId(String corpId) {
            this.corpId = requireNonNull(corpId, "corpId == null");
            return this;
        }

        /** The cluster's limits per API; {@link RateLimiter.Limits#DEFAULT} by default. */
        public Builder limits(Limits limits) {
            this.limits = requireNonNull(limits, "limits == null");
            return this;
        }

        /**
         * The most instances that run at once: without the database, each keeps to this fraction of
         * the limits. Default {@value #DEFAULT_EXPECTED_INSTANCES}.
         */
        public Builder expectedInstances(int expectedInstances) {
            if (expectedInstances < 1) {
                throw new IllegalArgumentException("expectedInstances < 1: " + expectedInstances);
            }
            this.expectedInstances = expectedInstances;
            return this;
        }

        /** How often an instance without the database tries it again; default 5 s. */
        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = Durations.positive(retryInterval, "retryInterval");
            return this;
        }

        /** For tests and measurements: a "minute" of {@code 60 / scale} seconds, an "hour" likewise. */
        Builder timeScale(int scale) {
            this.timeScale = scale;
            return this;
        }

        /**
         * Builds the limiter; it reaches the database on its first call, not here (unless asked to
         * create the tables).
         *
         * @throws IllegalStateException when the data source or the corpid is missing or blank
         */
        public JdbcRateLimiter build() {
            if (corpId == null) throw new IllegalStateException("corpId == null");
            if (corpId.isBlank()) throw new IllegalStateException("corpId is blank");
            prepare();
            return new JdbcRateLimiter(this);
        }
    }
}
