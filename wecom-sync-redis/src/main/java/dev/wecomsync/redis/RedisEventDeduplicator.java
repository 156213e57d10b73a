package dev.wecomsync.redis;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.callback.EventClaim;
import dev.wecomsync.callback.EventDeduplicator;
import dev.wecomsync.redis.internal.Durations;
import dev.wecomsync.redis.internal.RedisLink;
import dev.wecomsync.redis.internal.Script;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.UUID;

/**
 * An {@link EventDeduplicator} in Redis, for callback endpoints that run on several instances: a
 * WeCom retry that reaches another instance finds the event claimed or delivered there.
 *
 * <pre>{@code
 * RedisEventDeduplicator dedup = RedisEventDeduplicator.builder().uri("redis://127.0.0.1:6379").build();
 * CallbackHandler handler = CallbackHandler.builder()
 *     .crypto(crypto).onEvent(sync::apply).deduplicator(dedup).build();
 * }</pre>
 *
 * <h2>Keys</h2>
 * One key per event, {@code wecomsync:<prefix>event:<event key>}. {@link #claim} sets it to the
 * claim's token for the lease ({@code PX}) when it is absent; {@link #commit} marks it delivered and
 * keeps it for {@link Builder#retention}; {@link #release} deletes it. Both act only while the key
 * holds the claim's token (commit also when the key is gone: the event was delivered and nobody
 * else holds it), so an instance whose lease ran out cannot commit or release a newer claim. A claim
 * by an instance that died expires with its lease, and the next retry delivers the event. Leases and
 * retention run on Redis's clock, and Redis deletes expired keys by itself: nothing to purge.
 *
 * <h2>Thread safety and closing</h2>
 * Thread-safe. {@link #close()} closes its connection (and its client when built from a URI).
 */
public final class RedisEventDeduplicator implements EventDeduplicator, AutoCloseable {

    /**
     * How long a delivered event is remembered: well over twice the handler's replay window plus
     * its lease (5 min, 5 min and 1 min by default).
     */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);

    /** The longest event key; the handler's keys are 64 hex digits. */
    static final int MAX_KEY_LENGTH = 128;

    private static final String DELIVERED = "d";

    /** KEYS: event; ARGV: claim value, lease (ms). */
    private static final Script CLAIM = Script.of("""
            local v = redis.call('GET', KEYS[1])
            if v == false then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 'CLAIMED'
            end
            if v == 'd' then
              return 'DELIVERED'
            end
            return 'IN_PROGRESS'
            """);

    /** KEYS: event; ARGV: claim value, retention (ms). */
    private static final Script COMMIT = Script.of("""
            local v = redis.call('GET', KEYS[1])
            if v == false or v == ARGV[1] then
              redis.call('SET', KEYS[1], 'd', 'PX', ARGV[2])
              return 1
            end
            return 0
            """);

    private final RedisLink link;
    private final String namespace;
    private final Duration retention;

    private RedisEventDeduplicator(Builder b) {
        this.link = b.link("RedisEventDeduplicator");
        this.namespace = b.namespace("event:");
        this.retention = b.retention;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Claims {@code eventKey} for {@code lease} (at least 1 ms), or says why it cannot.
     *
     * @throws RedisStoreException when Redis cannot be asked (the handler then answers 503)
     */
    @Override
    public EventClaim claim(String eventKey, Duration lease) {
        requireNonNull(eventKey, "eventKey == null");
        if (eventKey.isEmpty() || eventKey.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("eventKey must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        Durations.millis(lease, "lease");
        String token = UUID.randomUUID().toString();
        String key = namespace + eventKey;
        String state = link.eval("claim " + key, CLAIM, ScriptOutputType.VALUE, new String[] {key},
                claimValue(token), Long.toString(lease.toMillis()));
        return switch (state) {
            case "CLAIMED" -> EventClaim.claimed(eventKey, token);
            case "DELIVERED" -> EventClaim.delivered(eventKey);
            default -> EventClaim.inProgress(eventKey);
        };
    }

    @Override
    public void commit(EventClaim claim) {
        requireNonNull(claim, "claim == null");
        if (claim.state() != EventClaim.State.CLAIMED) return;
        String key = namespace + claim.eventKey();
        link.eval("commit " + key, COMMIT, ScriptOutputType.INTEGER, new String[] {key},
                claimValue(claim.token()), Long.toString(retention.toMillis()));
    }

    @Override
    public void release(EventClaim claim) {
        requireNonNull(claim, "claim == null");
        if (claim.state() != EventClaim.State.CLAIMED) return;
        String key = namespace + claim.eventKey();
        link.eval("release " + key, Script.COMPARE_AND_DELETE, ScriptOutputType.INTEGER, new String[] {key},
                claimValue(claim.token()));
    }

    /** What a claimed key holds: never {@value #DELIVERED}. */
    private static String claimValue(String token) {
        return "c:" + token;
    }

    /** Closes the connection to Redis (and the client, when this deduplicator created it). */
    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return "RedisEventDeduplicator[keys=" + namespace + "*, retention=" + retention + "]";
    }

    /** Configures a {@link RedisEventDeduplicator}; only where Redis is is required. */
    public static final class Builder extends RedisStoreBuilder<Builder> {
        private Duration retention = DEFAULT_RETENTION;

        private Builder() {}

        /** How long a delivered event is remembered, at least 1 ms; default 1 hour. */
        public Builder retention(Duration retention) {
            this.retention = Durations.millis(retention, "retention");
            return this;
        }

        /**
         * Builds the deduplicator; it connects to Redis on its first call, not here.
         *
         * @throws IllegalStateException when Redis's address is missing
         */
        public RedisEventDeduplicator build() {
            return new RedisEventDeduplicator(this);
        }
    }
}
