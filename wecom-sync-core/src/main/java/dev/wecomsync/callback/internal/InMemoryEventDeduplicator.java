package dev.wecomsync.callback.internal;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.callback.EventClaim;
import dev.wecomsync.callback.EventDeduplicator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link EventDeduplicator} in one map under one lock. Entries are kept in the order they were
 * claimed or committed, which is close to the order they expire in: each call drops expired
 * entries from the head, and the oldest entries when the map is over its size bound.
 */
public final class InMemoryEventDeduplicator implements EventDeduplicator {
    private final Duration retention;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final AtomicLong tokens = new AtomicLong();

    public InMemoryEventDeduplicator(Duration retention, int maxEntries, Clock clock) {
        requireNonNull(retention, "retention == null");
        requireNonNull(clock, "clock == null");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries < 1: " + maxEntries);
        this.retention = retention;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public EventClaim claim(String eventKey, Duration lease) {
        requireNonNull(eventKey, "eventKey == null");
        requireNonNull(lease, "lease == null");
        Instant now = clock.instant();
        synchronized (entries) {
            dropExpired(now);
            Entry entry = entries.get(eventKey);
            if (entry != null && now.isBefore(entry.until)) {
                return entry.delivered ? EventClaim.delivered(eventKey) : EventClaim.inProgress(eventKey);
            }
            String token = Long.toString(tokens.incrementAndGet());
            entries.remove(eventKey);
            entries.put(eventKey, new Entry(token, now.plus(lease), false));
            while (entries.size() > maxEntries) {
                Iterator<Entry> oldest = entries.values().iterator();
                oldest.next();
                oldest.remove();
            }
            return EventClaim.claimed(eventKey, token);
        }
    }

    @Override
    public void commit(EventClaim claim) {
        Instant now = clock.instant();
        synchronized (entries) {
            Entry entry = entries.get(claim.eventKey());
            if (entry == null || entry.delivered || !entry.token.equals(claim.token())) return;
            entries.remove(claim.eventKey());
            entries.put(claim.eventKey(), new Entry(entry.token, now.plus(retention), true));
        }
    }

    @Override
    public void release(EventClaim claim) {
        synchronized (entries) {
            Entry entry = entries.get(claim.eventKey());
            if (entry != null && !entry.delivered && entry.token.equals(claim.token())) {
                entries.remove(claim.eventKey());
            }
        }
    }

    /** Number of keys held, expired or not; for tests. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void dropExpired(Instant now) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            if (now.isBefore(it.next().until)) return;
            it.remove();
        }
    }

    private record Entry(String token, Instant until, boolean delivered) {}

    @Override
    public String toString() {
        return "InMemoryEventDeduplicator[retention=" + retention + ", maxEntries=" + maxEntries + "]";
    }
}
