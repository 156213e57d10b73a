package dev.wecomsync.callback;

import java.time.Instant;

/**
 * Hears what a handler's inbox workers do with each event: for logs, a console, metrics. Every
 * method is a no-op by default; they are called from the worker threads, after the inbox recorded
 * the outcome. An exception thrown here is logged and otherwise ignored.
 */
public interface InboxListener {

    /** The listener returned for {@code event}; the inbox recorded it as applied. */
    default void onApplied(ContactEvent event, InboxEvent entry) {
    }

    /** Attempt {@code entry.attempts()} failed with {@code error}; the event is due again at {@code nextAttempt}. */
    default void onRetry(ContactEvent event, InboxEvent entry, Throwable error, Instant nextAttempt) {
    }

    /** The last allowed attempt failed with {@code error}; the event is parked until retried by a call. */
    default void onParked(ContactEvent event, InboxEvent entry, Throwable error) {
    }
}
