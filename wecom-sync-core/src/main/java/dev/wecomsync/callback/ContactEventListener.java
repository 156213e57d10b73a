package dev.wecomsync.callback;

/**
 * Receives each verified, parsed, de-duplicated callback event.
 *
 * <p>Return normally once the event is handled: only then is it recorded as delivered. Throw to
 * have it redelivered: with an inbox the event stays in it and a worker tries again later (see
 * {@link EventInbox}); in direct mode the handler answers 500 and WeCom retries; in the deprecated
 * async mode the failure is logged and the next full sync repairs the gap.
 * Called from many threads at once; make it idempotent, because a rare crash between handling
 * and recording can deliver an event twice.
 *
 * <p>Any method that takes a {@code ContactEvent} fits, whatever it returns:
 * {@code CallbackHandler.builder().onEvent(sync::apply)}.
 */
@FunctionalInterface
public interface ContactEventListener {
    /** Handles one event. Throwing leaves it unrecorded, so it is delivered again (WeCom's retry, or the inbox's next attempt). */
    void onEvent(ContactEvent event) throws Exception;
}
