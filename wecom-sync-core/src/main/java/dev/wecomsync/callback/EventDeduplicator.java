package dev.wecomsync.callback;

import dev.wecomsync.callback.internal.InMemoryEventDeduplicator;
import java.time.Clock;
import java.time.Duration;

/**
 * Remembers which callback events were delivered, so that WeCom's retries reach the listener
 * once, without ever losing an event whose listener failed.
 *
 * <h2>Protocol</h2>
 * For each verified message the handler calls {@link #claim} with a key (the lowercase hex
 * SHA-256 of the whole decrypted message, so a retry has the same key and two distinct events of
 * the same second do not) and a lease. Then:
 * <ul>
 *   <li>{@link EventClaim.State#CLAIMED}: the handler runs the listener, then calls
 *       {@link #commit} when it returned, or {@link #release} when it threw. An event counts as
 *       delivered only after {@code commit}.</li>
 *   <li>{@link EventClaim.State#IN_PROGRESS}: another delivery holds the lease; the handler
 *       answers 503 so that WeCom retries later.</li>
 *   <li>{@link EventClaim.State#DELIVERED}: the handler answers 200 without calling the
 *       listener.</li>
 * </ul>
 * A lease that was neither committed nor released (the process died) expires after its
 * duration, and the next delivery may claim the event again. Delivery is therefore at least
 * once: a listener must tolerate seeing an event twice in rare cases.
 *
 * <h2>Implementing it</h2>
 * Methods are called from many threads at once and must be atomic per key; in a cluster, from
 * many processes: a shared store implements {@code claim} as an insert-or-take-over-if-expired
 * of a row {@code (key, token, lease_until, delivered)}, and {@code commit} / {@code release}
 * as an update / delete guarded by the token, so that a holder whose lease expired cannot
 * commit or release a newer holder's claim. Keep delivered keys at least twice the replay window
 * ({@code maxAge}) of the handler: a timestamp is accepted from {@code maxAge} before to
 * {@code maxAge} after now. If a method throws, the handler answers 503 (claim) or logs and
 * carries on (commit, release).
 */
public interface EventDeduplicator {

    /** Claims {@code eventKey} for {@code lease}, or says why it cannot. Never null. */
    EventClaim claim(String eventKey, Duration lease);

    /** Records the claimed event as delivered. Ignored if the claim is no longer held. */
    void commit(EventClaim claim);

    /** Gives the claim up so that a redelivery can claim it. Ignored if no longer held. */
    void release(EventClaim claim);

    /**
     * An in-process deduplicator: keeps a delivered key for {@code retention}, and at most
     * {@code maxEntries} keys (dropping the oldest first, which can only cause a duplicate
     * delivery, never a lost one). Fine for a single instance; a cluster needs a shared store.
     */
    static EventDeduplicator inMemory(Duration retention, int maxEntries, Clock clock) {
        return new InMemoryEventDeduplicator(retention, maxEntries, clock);
    }
}
