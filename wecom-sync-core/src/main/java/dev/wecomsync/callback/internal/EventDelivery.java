package dev.wecomsync.callback.internal;

import dev.wecomsync.callback.CallbackResponse;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.ContactEventListener;
import dev.wecomsync.callback.EventClaim;
import dev.wecomsync.callback.EventDeduplicator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * De-duplicates a parsed event and hands it to the listener, in the caller's thread (sync mode)
 * or on an executor with a bound on pending events (async mode). Logs name the event by its
 * type, ids and key prefix ({@link ContactEvent#toString()} leaves out personal data), never by
 * its XML.
 */
public final class EventDelivery {
    private static final Logger log = LoggerFactory.getLogger("dev.wecomsync.callback.CallbackHandler");

    static final CallbackResponse OK = CallbackResponse.text(200, "");
    static final CallbackResponse IN_PROGRESS =
            CallbackResponse.text(503, "event is being handled; retry later");
    static final CallbackResponse BUSY = CallbackResponse.text(503, "too many pending events; retry later");
    static final CallbackResponse LISTENER_FAILED = CallbackResponse.text(500, "event handling failed");

    private final ContactEventListener listener;
    private final EventDeduplicator deduplicator;
    private final Duration lease;
    private final Executor executor; // null in sync mode
    private final Semaphore pending;

    public EventDelivery(ContactEventListener listener, EventDeduplicator deduplicator,
            Duration lease, Executor executor, int maxPending) {
        this.listener = listener;
        this.deduplicator = deduplicator;
        this.lease = lease;
        this.executor = executor;
        this.pending = executor == null ? null : new Semaphore(maxPending);
    }

    /** De-duplicates and delivers {@code event}, whose decrypted XML is {@code plaintext}. */
    public CallbackResponse deliver(ContactEvent event, String plaintext) {
        String key = key(plaintext);
        EventClaim claim;
        try {
            claim = deduplicator.claim(key, lease);
        } catch (RuntimeException e) {
            log.warn("Deduplicator failed to claim {} (key {}); answering 503", event, shortKey(key), e);
            return BUSY;
        }
        switch (claim.state()) {
            case DELIVERED:
                log.debug("Duplicate of delivered {} (key {}); acknowledged", event, shortKey(key));
                return OK;
            case IN_PROGRESS:
                log.info("{} (key {}) is being handled by another delivery; answering 503",
                        event, shortKey(key));
                return IN_PROGRESS;
            default:
                return executor == null ? runNow(event, claim) : enqueue(event, claim);
        }
    }

    private CallbackResponse enqueue(ContactEvent event, EventClaim claim) {
        if (!pending.tryAcquire()) {
            release(event, claim);
            log.warn("Async queue full; refused {} (key {}) with 503 so that WeCom retries",
                    event, shortKey(claim.eventKey()));
            return BUSY;
        }
        try {
            executor.execute(() -> {
                try {
                    runNow(event, claim);
                } finally {
                    pending.release();
                }
            });
            return OK;
        } catch (RejectedExecutionException e) {
            pending.release();
            release(event, claim);
            log.warn("Executor rejected {} (key {}); answering 503", event, shortKey(claim.eventKey()));
            return BUSY;
        }
    }

    private CallbackResponse runNow(ContactEvent event, EventClaim claim) {
        try {
            listener.onEvent(event);
        } catch (Throwable t) {
            release(event, claim);
            if (t instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("Listener failed on {} (key {}); event not recorded as delivered",
                    event, shortKey(claim.eventKey()), t);
            if (t instanceof VirtualMachineError) throw (VirtualMachineError) t;
            return LISTENER_FAILED;
        }
        try {
            deduplicator.commit(claim);
        } catch (RuntimeException e) {
            log.warn("Deduplicator failed to commit delivered {} (key {}); a retry may deliver it again",
                    event, shortKey(claim.eventKey()), e);
        }
        return OK;
    }

    private void release(ContactEvent event, EventClaim claim) {
        try {
            deduplicator.release(claim);
        } catch (RuntimeException e) {
            log.warn("Deduplicator failed to release {} (key {}); redelivery waits for the lease",
                    event, shortKey(claim.eventKey()), e);
        }
    }

    /** Lowercase hex SHA-256 of the UTF-8 message: equal for retries, distinct for distinct events. */
    public static String key(String plaintext) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    private static String shortKey(String key) {
        return key.substring(0, Math.min(12, key.length()));
    }
}
