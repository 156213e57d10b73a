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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * De-duplicates a parsed event and hands it to the listener: in sync mode on a bounded pool of
 * its own, waiting at most {@code answerWithin} for it (a listener still running then keeps its
 * claim and commits or releases it when it ends, while the request is answered 503); in async
 * mode on an executor with a bound on pending events. Logs name the event by its
 * type, ids and key prefix (the events' {@code toString()} leaves out personal data), never by
 * its XML.
 */
public final class EventDelivery {
    private static final Logger log = LoggerFactory.getLogger("dev.wecomsync.callback.CallbackHandler");

    static final CallbackResponse OK = CallbackResponse.text(200, "");
    static final CallbackResponse IN_PROGRESS =
            CallbackResponse.text(503, "event is being handled; retry later");
    static final CallbackResponse BUSY = CallbackResponse.text(503, "too many pending events; retry later");
    static final CallbackResponse LISTENER_FAILED = CallbackResponse.text(500, "event handling failed");
    static final CallbackResponse STILL_RUNNING =
            CallbackResponse.text(503, "event still being handled; retry later");
    /** Listener runs of sync mode at once; more get 503 at once. */
    static final int MAX_SYNC_RUNS = 64;

    private final ContactEventListener listener;
    private final EventDeduplicator deduplicator;
    private final Duration lease;
    private final Executor executor; // null in sync mode
    private final Semaphore pending;
    private final Duration answerWithin;
    private final ExecutorService syncRuns; // null in async mode

    public EventDelivery(ContactEventListener listener, EventDeduplicator deduplicator,
            Duration lease, Executor executor, int maxPending, Duration answerWithin) {
        this.listener = listener;
        this.deduplicator = deduplicator;
        this.lease = lease;
        this.executor = executor;
        this.pending = executor == null ? null : new Semaphore(maxPending);
        this.answerWithin = answerWithin;
        AtomicInteger threads = new AtomicInteger();
        this.syncRuns = executor != null ? null : new ThreadPoolExecutor(0, MAX_SYNC_RUNS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "wecom-sync-callback-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Stops taking sync-mode runs; runs in progress finish in the background. */
    public void close() {
        if (syncRuns != null) syncRuns.shutdown();
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
                return executor == null ? runWithinDeadline(event, claim) : enqueue(event, claim);
        }
    }

    private CallbackResponse runWithinDeadline(ContactEvent event, EventClaim claim) {
        Future<CallbackResponse> run;
        try {
            run = syncRuns.submit(() -> runNow(event, claim));
        } catch (RejectedExecutionException e) {
            release(event, claim);
            log.warn("{} listener runs in progress already; refused {} (key {}) with 503", MAX_SYNC_RUNS,
                    event, shortKey(claim.eventKey()));
            return BUSY;
        }
        try {
            return run.get(answerWithin.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.warn("Listener still running on {} (key {}) after {}; answering 503, the run goes on and"
                    + " WeCom's retry finds its outcome", event, shortKey(claim.eventKey()), answerWithin);
            return STILL_RUNNING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return STILL_RUNNING;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof VirtualMachineError vme) throw vme;
            return LISTENER_FAILED;
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
