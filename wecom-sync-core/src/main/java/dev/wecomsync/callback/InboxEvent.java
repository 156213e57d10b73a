package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One event in an {@link EventInbox}, as a worker or an operator sees it.
 *
 * @param key lowercase hex SHA-256 of the decrypted message (WeCom's retries have the same key)
 * @param xml the decrypted message; it holds personal data, so {@link #toString()} leaves it out
 * @param orderKeys {@code user:<userid>} (lowercase) or {@code department:<id>}; two for a rename;
 *     empty for events about no record
 * @param receivedAt when the handler stored it
 * @param attempts attempts started so far (a claimed event counts the one now running)
 * @param lastError class and message of the last failure, empty before any
 * @param nextAttemptAt when it is due
 * @param leaseToken the current claim's token; empty when not claimed
 */
public record InboxEvent(String key, String xml, List<String> orderKeys, Instant receivedAt, int attempts,
        String lastError, Instant nextAttemptAt, String leaseToken) {

    public InboxEvent {
        requireNonNull(key, "key == null");
        requireNonNull(xml, "xml == null");
        orderKeys = List.copyOf(orderKeys);
        requireNonNull(receivedAt, "receivedAt == null");
        requireNonNull(lastError, "lastError == null");
        requireNonNull(nextAttemptAt, "nextAttemptAt == null");
        requireNonNull(leaseToken, "leaseToken == null");
    }

    /** The first 12 hex digits of the key, as logs show it. */
    public String shortKey() {
        return key.substring(0, Math.min(12, key.length()));
    }

    @Override
    public String toString() {
        return "InboxEvent[key=" + shortKey() + ", orderKeys=" + orderKeys + ", receivedAt=" + receivedAt
                + ", attempts=" + attempts + (lastError.isEmpty() ? "" : ", lastError=" + lastError) + "]";
    }
}
