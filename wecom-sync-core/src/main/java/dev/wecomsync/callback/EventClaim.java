package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

/**
 * The answer of {@link EventDeduplicator#claim}: whether this delivery may run the listener.
 *
 * <p>Only a {@link State#CLAIMED} claim has a {@code token}; pass the claim back to
 * {@link EventDeduplicator#commit} or {@link EventDeduplicator#release} so that the
 * deduplicator can tell this holder from a later one that took over an expired lease.
 */
public record EventClaim(String eventKey, State state, String token) {

    /** What the deduplicator knows about the event. */
    public enum State {
        /** Nobody delivered it yet; this caller holds the lease and must commit or release. */
        CLAIMED,
        /** Another delivery holds an unexpired lease: it is being handled right now. */
        IN_PROGRESS,
        /** It was delivered and committed within the retention period. */
        DELIVERED
    }

    public EventClaim {
        requireNonNull(eventKey, "eventKey == null");
        requireNonNull(state, "state == null");
        requireNonNull(token, "token == null");
        if (state == State.CLAIMED && token.isEmpty()) {
            throw new IllegalArgumentException("a CLAIMED claim needs a token");
        }
    }

    /** A claim held by this caller under {@code token}. */
    public static EventClaim claimed(String eventKey, String token) {
        return new EventClaim(eventKey, State.CLAIMED, token);
    }

    /** Another delivery of the event is running. */
    public static EventClaim inProgress(String eventKey) {
        return new EventClaim(eventKey, State.IN_PROGRESS, "");
    }

    /** The event was delivered already. */
    public static EventClaim delivered(String eventKey) {
        return new EventClaim(eventKey, State.DELIVERED, "");
    }
}
