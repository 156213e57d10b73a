package dev.wecomsync.redis;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.client.RateLimiter;
import dev.wecomsync.redis.internal.Bandwidth;
import dev.wecomsync.redis.internal.Durations;
import dev.wecomsync.redis.internal.LocalBuckets;
import dev.wecomsync.redis.internal.RedisLink;
import dev.wecomsync.redis.internal.SharedBuckets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RateLimiter} shared by every instance of a cluster through Redis, so that all of them
 * together stay below WeCom's quota of the corp. Each (corpid, API) has one token bucket, the hash
 * {@code wecomsync:<prefix>rate:<corpid>/<api>}, that a Lua script updates atomically for each call,
 * on Redis's clock: one round trip per call, and the instances' clocks do not matter.
 *
 * <pre>{@code
 * RedisRateLimiter limiter = RedisRateLimiter.builder()
 *     .uri("redis://127.0.0.1:6379").corpId(corpId).build();
 * WeComClient client = WeComClient.builder()
 *     .corpId(corpId).secret(secret).rateLimiter(limiter).build();
 * }</pre>
 *
 * <h2>Limits</h2>
 * {@link Builder#limits} are for the whole cluster, per API: a limit of {@code n} a minute lets at
 * most {@code n} calls through in any 60 seconds (bursts of up to a tenth of {@code n}, the rest
 * spread over the minute), and likewise for the hour. The default, {@link RateLimiter.Limits#DEFAULT}
 * (6,000 a minute, 100,000 an hour), leaves room below WeCom's 10,000 and 150,000 for the corp's
 * other integrations and for the slack below. A caller that finds the bucket empty reserves the
 * next token and sleeps until it is due.
 *
 * <h2>When Redis is unreachable</h2>
 * Syncing goes on: each instance falls back to a local bucket of the limits divided by
 * {@link Builder#expectedInstances} (default {@value #DEFAULT_EXPECTED_INSTANCES}), so the cluster
 * stays under its limits as long as it runs at most that many instances. It logs one WARN when it
 * loses Redis and one INFO when Redis is back, and tries Redis again every
 * {@link Builder#retryInterval} (one caller at a time; the others keep to the local share). A
 * partial outage (some instances reach Redis, others not) or the minute after a recovery can add up
 * to one local share on top of the limit: keep the limits below the quota by at least that much, as
 * the default does. A Redis that does not answer costs the callers of that moment one
 * {@link RedisStoreBuilder#commandTimeout} each before they fall back.
 *
 * <h2>Thread safety and closing</h2>
 * Thread-safe; share one limiter per corp and process, among every client of that corp.
 * {@link #close()} closes its connection (and its client when built from a URI).
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

    /** How many instances the local share assumes when Redis is unreachable. */
    public static final int DEFAULT_EXPECTED_INSTANCES = 4;
    /** How often an instance that lost Redis tries it again. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(5);

    private final RedisLink link;
    private final String namespace;
    private final String corpId;
    private final Limits limits;
    private final int expectedInstances;
    private final long retryNanos;
    private final SharedBuckets shared;
    private final List<Bandwidth> localShare;
    private final ConcurrentMap<String, LocalBuckets> local = new ConcurrentHashMap<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong nextTry = new AtomicLong();

    private RedisRateLimiter(Builder b) {
        this.link = b.link("RedisRateLimiter");
        this.namespace = b.namespace("rate:") + b.corpId + "/";
        this.corpId = b.corpId;
        this.limits = b.limits;
        this.expectedInstances = b.expectedInstances;
        this.retryNanos = b.retryInterval.toNanos();
        Duration minute = Duration.ofMinutes(1).dividedBy(b.timeScale);
        Duration hour = Duration.ofHours(1).dividedBy(b.timeScale);
        this.shared = new SharedBuckets(link, List.of(Bandwidth.atMost(limits.perMinute(), minute),
                Bandwidth.atMost(limits.perHour(), hour)));
        this.localShare = List.of(Bandwidth.atMost(share(limits.perMinute()), minute),
                Bandwidth.atMost(share(limits.perHour()), hour));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes one call of {@code api} from the cluster's bucket of this corp, or from this instance's
     * local share while Redis is unreachable; never throws for a Redis failure.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    @Override
    public void acquire(String api) throws InterruptedException {
        requireNonNull(api, "api == null");
        Duration wait = null;
        if (!down.get() || mayRetry()) {
            try {
                wait = shared.take(namespace + api);
                if (down.compareAndSet(true, false)) {
                    log.info("RedisRateLimiter: the shared rate limit of corp {} in Redis is reachable again;"
                            + " using it instead of the local share", corpId);
                }
            } catch (RedisStoreException e) {
                if (Thread.interrupted()) throw new InterruptedException("interrupted while asking Redis for a call of " + api);
                nextTry.set(System.nanoTime() + retryNanos);
                if (down.compareAndSet(false, true)) {
                    log.warn("RedisRateLimiter: the shared rate limit of corp {} in Redis is unreachable ({});"
                            + " each instance now keeps to 1/{} of {} until it is back", corpId, e.getMessage(),
                            expectedInstances, limits);
                    log.debug("RedisRateLimiter: the failure", e);
                }
            }
        }
        if (wait == null) {
            wait = local.computeIfAbsent(api, a -> new LocalBuckets(localShare)).take();
        }
        if (!wait.isZero()) TimeUnit.NANOSECONDS.sleep(wait.toNanos());
    }

    /** Whether Redis is unreachable, as far as the last call found. */
    public boolean usingLocalShare() {
        return down.get();
    }

    /** True for the one caller that may try Redis again now. */
    private boolean mayRetry() {
        long due = nextTry.get();
        return System.nanoTime() - due >= 0 && nextTry.compareAndSet(due, System.nanoTime() + retryNanos);
    }

    private int share(int limit) {
        return Math.max(1, limit / expectedInstances);
    }

    /** Closes the connection to Redis (and the client, when this limiter created it). */
    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return "RedisRateLimiter[corpId=" + corpId + ", keys=" + namespace + "*, limits=" + limits + "]";
    }

    /** Configures a {@link RedisRateLimiter}; where Redis is and the corpid are required. */
    public static final class Builder extends RedisStoreBuilder<Builder> {
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
         * The most instances that run at once: without Redis, each keeps to this fraction of the
         * limits. Default {@value #DEFAULT_EXPECTED_INSTANCES}.
         */
        public Builder expectedInstances(int expectedInstances) {
            if (expectedInstances < 1) {
                throw new IllegalArgumentException("expectedInstances < 1: " + expectedInstances);
            }
            this.expectedInstances = expectedInstances;
            return this;
        }

        /** How often an instance without Redis tries it again; default 5 s. */
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
         * Builds the limiter; it connects to Redis on its first call, not here.
         *
         * @throws IllegalStateException when Redis's address or the corpid is missing or blank
         */
        public RedisRateLimiter build() {
            if (corpId == null) throw new IllegalStateException("corpId == null");
            if (corpId.isBlank()) throw new IllegalStateException("corpId is blank");
            return new RedisRateLimiter(this);
        }
    }
}
