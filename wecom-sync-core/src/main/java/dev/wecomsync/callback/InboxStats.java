package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A handler's inbox at one moment ({@link CallbackHandler#inboxStats()}).
 *
 * @param depth events waiting to be applied, parked ones not included
 * @param parked events parked after too many attempts, waiting for {@link CallbackHandler#retryParked()}
 * @param oldestPendingAge how long the oldest waiting event has waited; zero when none waits
 * @param applied events this handler's workers applied since it was built
 * @param retried failed attempts this handler's workers scheduled again
 * @param parkedTotal events this handler's workers parked
 */
public record InboxStats(long depth, long parked, Duration oldestPendingAge, long applied, long retried,
        long parkedTotal) {

    public InboxStats {
        requireNonNull(oldestPendingAge, "oldestPendingAge == null");
    }
}
