package dev.wecomsync.callback;

import dev.wecomsync.callback.internal.InMemoryEventInbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link CallbackHandler} keeps verified events between WeCom's request and the listener:
 * the handler stores each event once and answers 200 at once; the handler's workers take events
 * from here and run the listener, as often and as long as it takes.
 *
 * <pre>{@code
 * CallbackHandler handler = CallbackHandler.builder()
 *     .crypto(crypto).inbox(EventInbox.inMemory()).onEvent(sync::apply).build();
 * }</pre>
 *
 * <h2>Lifecycle of an event</h2>
 * {@link #offer} stores a new event as <em>pending</em> (or says it is a duplicate: the store is
 * the de-duplication). {@link #claim} leases due pending events to one worker; the worker ends the
 * lease with {@link #applied} (the listener returned) or {@link #failed} (it threw: pending again
 * with a next attempt time, or <em>parked</em> after too many attempts). A lease that is neither
 * (the process died) runs out, and the event is claimed again: delivery is at least once. Applied
 * events are remembered, without their XML, until {@link #purge} drops them after the inbox's
 * retention, so that WeCom's retries of them are still recognised.
 *
 * <h2>Order</h2>
 * Each event carries its order keys ({@code user:<userid>}, {@code department:<id>}; a rename
 * carries the old and the new userid). {@code claim} never hands out an event while an earlier
 * pending event (parked ones excepted) shares one of its keys, so events about one record run one
 * after another in arrival order, and events about different records run in parallel.
 *
 * <h2>Implementing it</h2>
 * Every method may be called from many threads (and, for a shared store, many processes) at once.
 * {@code applied}, {@code failed} and {@code renew} act only while the event's lease token is
 * still the current one, and say whether it was. Times are passed in by the handler, from its
 * clock. A method that throws makes the handler answer 503 ({@code offer}) or try again later.
 */
public interface EventInbox {

    /** Capacity of {@link #inMemory()}: events not yet applied. */
    int DEFAULT_CAPACITY = 10_000;
    /** How long {@link #inMemory()} remembers applied events (as keys only). */
    Duration DEFAULT_RETENTION = Duration.ofHours(1);

    /** What {@link #offer} did. */
    enum Offer {
        /** A new event, now pending. */
        STORED,
        /** The key is already stored (pending, parked, or applied within the retention). */
        DUPLICATE,
        /** The inbox holds as many unapplied events as it may: answer 503 so that WeCom retries. */
        FULL
    }

    /** Events not yet applied: pending and parked counts, and when the oldest pending one arrived. */
    record Backlog(long pending, long parked, Optional<Instant> oldestPending) {
        public Backlog {
            if (pending < 0 || parked < 0) throw new IllegalArgumentException("negative count");
            java.util.Objects.requireNonNull(oldestPending, "oldestPending == null");
        }
    }

    /**
     * An inbox in this process's memory holding at most {@value #DEFAULT_CAPACITY} unapplied events
     * (a full inbox makes the handler answer 503). Its events are lost with the process.
     */
    static EventInbox inMemory() {
        return inMemory(DEFAULT_CAPACITY);
    }

    /** {@link #inMemory()} with another capacity. */
    static EventInbox inMemory(int capacity) {
        return new InMemoryEventInbox(capacity, DEFAULT_RETENTION);
    }

    /**
     * Stores the event with key {@code key} (64 hex digits), decrypted XML {@code xml} and order
     * keys {@code orderKeys} (at most two), received at {@code receivedAt}; due at once.
     */
    Offer offer(String key, String xml, List<String> orderKeys, Instant receivedAt);

    /**
     * Leases up to {@code max} pending events that are due at {@code now}, not leased, and not
     * behind an earlier pending event with a shared order key, oldest first, for {@code lease}.
     * Each comes back with its attempt count already raised for the attempt that starts now.
     */
    List<InboxEvent> claim(int max, Instant now, Duration lease);

    /** Extends the lease of a claimed event to {@code leaseUntil}; false when it is no longer held. */
    boolean renew(InboxEvent event, Instant leaseUntil);

    /** Marks a claimed event applied at {@code now} and drops its XML; false when the lease was lost. */
    boolean applied(InboxEvent event, Instant now);

    /**
     * Ends a failed attempt: records {@code error} and makes the event due again at
     * {@code nextAttempt}, or parks it when {@code park}; false when the lease was lost.
     */
    boolean failed(InboxEvent event, String error, Instant nextAttempt, boolean park);

    /** Up to {@code limit} parked events, oldest first. */
    List<InboxEvent> parked(int limit);

    /** Makes every parked event pending again, due at {@code now}, with its attempt count reset. */
    int retryParked(Instant now);

    /** Makes the parked event {@code key} pending again, due at {@code now}; false if none is parked. */
    boolean retry(String key, Instant now);

    /** How many events wait, and since when. */
    Backlog backlog();

    /** Forgets events applied longer than the retention before {@code now}; returns how many. */
    int purge(Instant now);
}
