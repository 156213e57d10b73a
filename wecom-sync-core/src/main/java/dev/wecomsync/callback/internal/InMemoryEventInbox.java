package dev.wecomsync.callback.internal;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.callback.EventInbox;
import dev.wecomsync.callback.InboxEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@link EventInbox} in two maps under one lock: unapplied events in arrival order (at most
 * {@code capacity}), and the keys of applied events with the time they were applied, oldest first
 * (their XML is dropped when they are applied). Applied keys are kept for the retention, and at
 * most ten times the capacity of them, dropping the oldest first: that can only let a very late
 * WeCom retry run once more, never lose an event.
 */
public final class InMemoryEventInbox implements EventInbox {

    private final int capacity;
    private final int maxAppliedKeys;
    private final Duration retention;
    private final Map<String, Entry> unapplied = new LinkedHashMap<>();
    private final Map<String, Instant> applied = new LinkedHashMap<>();

    public InMemoryEventInbox(int capacity, Duration retention) {
        if (capacity < 1) throw new IllegalArgumentException("capacity < 1: " + capacity);
        requireNonNull(retention, "retention == null");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        this.capacity = capacity;
        this.maxAppliedKeys = (int) Math.min(Integer.MAX_VALUE, capacity * 10L);
        this.retention = retention;
    }

    @Override
    public synchronized Offer offer(String key, String xml, List<String> orderKeys, Instant receivedAt) {
        requireNonNull(key, "key == null");
        requireNonNull(xml, "xml == null");
        if (unapplied.containsKey(key) || applied.containsKey(key)) return Offer.DUPLICATE;
        if (unapplied.size() >= capacity) return Offer.FULL;
        unapplied.put(key, new Entry(key, xml, List.copyOf(orderKeys), receivedAt));
        return Offer.STORED;
    }

    @Override
    public synchronized List<InboxEvent> claim(int max, Instant now, Duration lease) {
        List<InboxEvent> out = new ArrayList<>();
        Set<String> blocked = new HashSet<>();
        for (Entry e : unapplied.values()) {
            if (out.size() >= max) break;
            if (e.parked) continue;
            boolean free = e.orderKeys.stream().noneMatch(blocked::contains);
            blocked.addAll(e.orderKeys);
            if (!free || e.nextAttemptAt.isAfter(now)) continue;
            if (e.leaseToken != null && now.isBefore(e.leaseUntil)) continue;
            e.leaseToken = UUID.randomUUID().toString();
            e.leaseUntil = now.plus(lease);
            e.attempts++;
            out.add(e.view());
        }
        return out;
    }

    @Override
    public synchronized boolean renew(InboxEvent event, Instant leaseUntil) {
        Entry e = held(event);
        if (e == null) return false;
        e.leaseUntil = leaseUntil;
        return true;
    }

    @Override
    public synchronized boolean applied(InboxEvent event, Instant now) {
        Entry e = held(event);
        if (e == null) return false;
        unapplied.remove(e.key);
        applied.put(e.key, now);
        while (applied.size() > maxAppliedKeys) {
            Iterator<Instant> oldest = applied.values().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    @Override
    public synchronized boolean failed(InboxEvent event, String error, Instant nextAttempt, boolean park) {
        Entry e = held(event);
        if (e == null) return false;
        e.lastError = requireNonNull(error, "error == null");
        e.nextAttemptAt = nextAttempt;
        e.parked = park;
        e.leaseToken = null;
        e.leaseUntil = null;
        return true;
    }

    @Override
    public synchronized List<InboxEvent> parked(int limit) {
        return unapplied.values().stream().filter(e -> e.parked).limit(limit).map(Entry::view).toList();
    }

    @Override
    public synchronized int retryParked(Instant now) {
        int n = 0;
        for (Entry e : unapplied.values()) {
            if (e.parked) {
                e.unpark(now);
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized boolean retry(String key, Instant now) {
        Entry e = unapplied.get(key);
        if (e == null || !e.parked) return false;
        e.unpark(now);
        return true;
    }

    @Override
    public synchronized Backlog backlog() {
        long parked = unapplied.values().stream().filter(e -> e.parked).count();
        Optional<Instant> oldest = unapplied.values().stream().filter(e -> !e.parked)
                .map(e -> e.receivedAt).findFirst();
        return new Backlog(unapplied.size() - parked, parked, oldest);
    }

    @Override
    public synchronized int purge(Instant now) {
        Instant limit = now.minus(retention);
        int n = 0;
        Iterator<Instant> it = applied.values().iterator();
        while (it.hasNext() && it.next().isBefore(limit)) {
            it.remove();
            n++;
        }
        return n;
    }

    private Entry held(InboxEvent event) {
        Entry e = unapplied.get(event.key());
        return e != null && e.leaseToken != null && e.leaseToken.equals(event.leaseToken()) ? e : null;
    }

    @Override
    public String toString() {
        return "InMemoryEventInbox[capacity=" + capacity + ", retention=" + retention + "]";
    }

    private static final class Entry {
        final String key;
        final String xml;
        final List<String> orderKeys;
        final Instant receivedAt;
        int attempts;
        String lastError = "";
        Instant nextAttemptAt;
        boolean parked;
        String leaseToken;
        Instant leaseUntil;

        Entry(String key, String xml, List<String> orderKeys, Instant receivedAt) {
            this.key = key;
            this.xml = xml;
            this.orderKeys = orderKeys;
            this.receivedAt = receivedAt;
            this.nextAttemptAt = receivedAt;
        }

        void unpark(Instant now) {
            parked = false;
            attempts = 0;
            nextAttemptAt = now;
        }

        InboxEvent view() {
            return new InboxEvent(key, xml, orderKeys, receivedAt, attempts, lastError, nextAttemptAt,
                    leaseToken == null ? "" : leaseToken);
        }
    }
}
