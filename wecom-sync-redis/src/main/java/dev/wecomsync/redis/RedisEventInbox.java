package dev.wecomsync.redis;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.callback.EventInbox;
import dev.wecomsync.callback.InboxEvent;
import dev.wecomsync.redis.internal.Durations;
import dev.wecomsync.redis.internal.InboxScripts;
import dev.wecomsync.redis.internal.RedisLink;
import dev.wecomsync.redis.internal.Script;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An {@link EventInbox} in Redis: an event answered 200 is in Redis and is applied by whichever
 * instance claims it next. Several instances drain one inbox.
 *
 * <pre>{@code
 * RedisEventInbox inbox = RedisEventInbox.builder().uri("redis://127.0.0.1:6379").build();
 * CallbackHandler handler = CallbackHandler.builder()
 *     .crypto(crypto).inbox(inbox).onEvent(sync::apply).build();
 * }</pre>
 *
 * <h2>Keys</h2>
 * Each event is a hash {@code wecomsync:<prefix>{inbox}:e:<key>} (its XML, order keys, arrival
 * number, attempts, last error, when it is due, its lease); sorted sets {@code ...{inbox}:pending}
 * and {@code ...{inbox}:parked} hold the keys of unapplied events by arrival number, and
 * {@code ...{inbox}:applied} the applied ones by when they were applied, for {@link #purge}. Every
 * operation is one Lua script, so it is atomic: of two instances claiming at once, each event goes
 * to one. The keys share the hash tag {@code {inbox}}, so they live on one node of a Redis Cluster.
 *
 * <h2>Leases and order</h2>
 * A claim sets a fresh lease token and lease end on the event; finishing, renewing and failing an
 * attempt act only while the event still carries that token, so an instance whose lease ran out
 * (and was taken over) cannot mark the event. A pending event is not claimed while a pending event
 * that arrived earlier shares one of its order keys. A claim looks at the oldest
 * {@value #CLAIM_WINDOW} pending events at most: while that many wait (due later, leased, or behind
 * one another), newer events wait behind them. Times are the handler's, as the SPI says.
 *
 * <h2>Durability</h2>
 * An event is as safe as Redis keeps its data: with {@code appendonly yes} and
 * {@code appendfsync everysec}, a crash of Redis can lose the last second of events that WeCom was
 * already told were received; without persistence, a restart of Redis loses them all (the next
 * full sync repairs what they would have changed). Use {@code wecom-sync-jdbc}'s inbox when that is
 * not good enough. The XML holds personal data while the event is pending or parked: protect Redis
 * like the rest of the directory. Applied events keep only their key and times until
 * {@link Builder#retention} has passed.
 *
 * <h2>Thread safety and closing</h2>
 * Thread-safe. {@link #close()} closes its connection (and its client when built from a URI).
 */
public final class RedisEventInbox implements EventInbox, AutoCloseable {

    /** How long applied events are remembered: well over twice the handler's replay window. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
    /** How many of the oldest pending events one claim looks at. */
    public static final int CLAIM_WINDOW = 1_000;

    private static final int MAX_ERROR = 1000;
    private static final int PURGE_BATCH = 500;

    private final RedisLink link;
    /** {@code wecomsync:<prefix>{inbox}:*}, for messages. */
    private final String keyPattern;
    private final String eventPrefix;
    private final String seq;
    private final String pending;
    private final String parked;
    private final String appliedSet;
    private final Duration retention;

    private RedisEventInbox(Builder b) {
        this.link = b.link("RedisEventInbox");
        String ns = b.namespace("{inbox}:");
        this.keyPattern = ns + "*";
        this.eventPrefix = ns + "e:";
        this.seq = ns + "seq";
        this.pending = ns + "pending";
        this.parked = ns + "parked";
        this.appliedSet = ns + "applied";
        this.retention = b.retention;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Offer offer(String key, String xml, List<String> orderKeys, Instant receivedAt) {
        requireNonNull(key, "key == null");
        requireNonNull(xml, "xml == null");
        requireNonNull(orderKeys, "orderKeys == null");
        requireNonNull(receivedAt, "receivedAt == null");
        if (orderKeys.size() > 2) throw new IllegalArgumentException("at most two order keys: " + orderKeys);
        Long stored = eval("offer", InboxScripts.OFFER, ScriptOutputType.INTEGER, new String[] {seq, pending, eventPrefix + key},
                xml, orderKey(orderKeys, 0), orderKey(orderKeys, 1), millis(receivedAt), key);
        return stored != null && stored == 1 ? Offer.STORED : Offer.DUPLICATE;
    }

    @Override
    public List<InboxEvent> claim(int max, Instant now, Duration lease) {
        requireNonNull(now, "now == null");
        Durations.positive(lease, "lease");
        if (max < 1) return List.of();
        List<Object> rows = eval("claim", InboxScripts.CLAIM, ScriptOutputType.MULTI, new String[] {pending},
                Integer.toString(max), millis(now), millis(now.plus(lease)), eventPrefix,
                Integer.toString(CLAIM_WINDOW), UUID.randomUUID().toString());
        return events(rows);
    }

    @Override
    public boolean renew(InboxEvent event, Instant leaseUntil) {
        requireNonNull(event, "event == null");
        return done(eval("renew", InboxScripts.RENEW, ScriptOutputType.INTEGER, new String[] {eventPrefix + event.key()},
                event.leaseToken(), millis(leaseUntil)));
    }

    @Override
    public boolean applied(InboxEvent event, Instant now) {
        requireNonNull(event, "event == null");
        return done(eval("mark applied", InboxScripts.APPLIED, ScriptOutputType.INTEGER,
                new String[] {eventPrefix + event.key(), pending, appliedSet}, event.leaseToken(), millis(now), event.key()));
    }

    @Override
    public boolean failed(InboxEvent event, String error, Instant nextAttempt, boolean park) {
        requireNonNull(event, "event == null");
        requireNonNull(error, "error == null");
        String text = error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
        return done(eval("mark failed", InboxScripts.FAILED, ScriptOutputType.INTEGER,
                new String[] {eventPrefix + event.key(), pending, parked}, event.leaseToken(), text, millis(nextAttempt),
                park ? "1" : "0", event.key()));
    }

    @Override
    public List<InboxEvent> parked(int limit) {
        if (limit < 1) return List.of();
        List<Object> rows = eval("list parked", InboxScripts.LIST_PARKED, ScriptOutputType.MULTI, new String[] {parked},
                Integer.toString(limit), eventPrefix);
        return events(rows);
    }

    @Override
    public int retryParked(Instant now) {
        Long moved = eval("retry parked", InboxScripts.RETRY, ScriptOutputType.INTEGER, new String[] {parked, pending},
                millis(now), eventPrefix, "");
        return moved == null ? 0 : moved.intValue();
    }

    @Override
    public boolean retry(String key, Instant now) {
        requireNonNull(key, "key == null");
        return done(eval("retry", InboxScripts.RETRY, ScriptOutputType.INTEGER, new String[] {parked, pending},
                millis(now), eventPrefix, key));
    }

    @Override
    public Backlog backlog() {
        List<Object> counts = eval("count", InboxScripts.BACKLOG, ScriptOutputType.MULTI, new String[] {pending, parked},
                eventPrefix);
        long pendingCount = (Long) counts.get(0);
        long parkedCount = (Long) counts.get(1);
        String oldest = (String) counts.get(2);
        Optional<Instant> since = pendingCount == 0 || oldest == null || oldest.isEmpty()
                ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(oldest)));
        return new Backlog(pendingCount, parkedCount, since);
    }

    @Override
    public int purge(Instant now) {
        String before = millis(now.minus(retention));
        int total = 0;
        while (true) {
            Long n = eval("purge", InboxScripts.PURGE, ScriptOutputType.INTEGER, new String[] {appliedSet},
                    before, eventPrefix, Integer.toString(PURGE_BATCH));
            int purged = n == null ? 0 : n.intValue();
            total += purged;
            if (purged < PURGE_BATCH) return total;
        }
    }

    private <T> T eval(String operation, Script script, ScriptOutputType type, String[] keys, String... args) {
        return link.eval(operation + " in " + keyPattern, script, type, keys, args);
    }

    /** The rows a script answered: key, xml, order key 1, order key 2, received, attempts, error, due, token. */
    private static List<InboxEvent> events(List<Object> rows) {
        List<InboxEvent> out = new ArrayList<>(rows.size());
        for (Object row : rows) {
            List<?> f = (List<?>) row;
            List<String> orderKeys = new ArrayList<>(2);
            if (!text(f.get(2)).isEmpty()) orderKeys.add(text(f.get(2)));
            if (!text(f.get(3)).isEmpty()) orderKeys.add(text(f.get(3)));
            out.add(new InboxEvent(text(f.get(0)), text(f.get(1)), orderKeys, Instant.ofEpochMilli(number(f.get(4))),
                    (int) number(f.get(5)), text(f.get(6)), Instant.ofEpochMilli(number(f.get(7))), text(f.get(8))));
        }
        return out;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static long number(Object value) {
        String s = text(value);
        return s.isEmpty() ? 0 : Long.parseLong(s);
    }

    private static boolean done(Long result) {
        return result != null && result == 1;
    }

    private static String millis(Instant instant) {
        return Long.toString(requireNonNull(instant, "instant == null").toEpochMilli());
    }

    private static String orderKey(List<String> keys, int i) {
        return keys.size() > i ? requireNonNull(keys.get(i), "order key == null") : "";
    }

    /** Closes the connection to Redis (and the client, when this inbox created it). */
    @Override
    public void close() {
        link.close();
    }

    @Override
    public String toString() {
        return "RedisEventInbox[keys=" + keyPattern + ", retention=" + retention + "]";
    }

    /** Configures a {@link RedisEventInbox}; only where Redis is is required. */
    public static final class Builder extends RedisStoreBuilder<Builder> {
        private Duration retention = DEFAULT_RETENTION;

        private Builder() {}

        /**
         * How long an applied event is remembered (key only), so that a late WeCom retry is not
         * applied again; default 1 hour. Keep it over twice the handler's {@code maxAge}.
         */
        public Builder retention(Duration retention) {
            this.retention = Durations.millis(retention, "retention");
            return this;
        }

        /**
         * Builds the inbox; it connects to Redis on its first call, not here.
         *
         * @throws IllegalStateException when Redis's address is missing
         */
        public RedisEventInbox build() {
            return new RedisEventInbox(this);
        }
    }
}
