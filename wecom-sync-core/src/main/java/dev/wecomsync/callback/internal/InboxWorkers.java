package dev.wecomsync.callback.internal;

import dev.wecomsync.callback.CallbackResponse;
import dev.wecomsync.callback.ContactEvent;
import dev.wecomsync.callback.ContactEventListener;
import dev.wecomsync.callback.EventInbox;
import dev.wecomsync.callback.InboxEvent;
import dev.wecomsync.callback.InboxListener;
import dev.wecomsync.callback.InboxStats;
import dev.wecomsync.callback.UnknownEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox side of a handler: stores each verified event and answers, and runs the listener on
 * a fixed pool of workers fed by one dispatcher thread. The dispatcher claims due events whenever
 * a worker is free and it is woken (an event stored, a worker done, a retry asked for) or its poll
 * interval passed (events stored by other instances, retries come due); it also renews the leases
 * of running events every third of the lease and purges applied events. Times of the inbox come
 * from the handler's clock; waiting is real time.
 */
public final class InboxWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.wecomsync.callback.CallbackHandler");

    static final CallbackResponse FULL = CallbackResponse.text(503, "inbox full; retry later");
    static final CallbackResponse STORE_FAILED = CallbackResponse.text(503, "inbox unavailable; retry later");
    static final CallbackResponse CLOSED = CallbackResponse.text(503, "shutting down; retry later");
    private static final int MAX_ERROR_LENGTH = 500;

    /** How the workers run; see {@code CallbackHandler.Builder} for each setting. */
    public record Settings(int workers, int maxAttempts, Duration firstRetryDelay, Duration maxRetryDelay,
            Duration lease, Duration pollInterval, Duration purgeInterval, Duration closeTimeout) {}

    private final EventInbox inbox;
    private final ContactEventListener listener;
    private final InboxListener observer;
    private final Clock clock;
    private final Settings settings;
    private final ExecutorService pool;
    private final Thread dispatcher;
    private final Map<String, InboxEvent> running = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean closing;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();

    public InboxWorkers(EventInbox inbox, ContactEventListener listener, InboxListener observer, Clock clock,
            Settings settings) {
        this.inbox = inbox;
        this.listener = listener;
        this.observer = observer;
        this.clock = clock;
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.workers(),
                r -> daemon(r, "wecom-sync-inbox-worker-" + n.incrementAndGet()));
        this.dispatcher = daemon(this::dispatch, "wecom-sync-inbox-dispatcher");
        dispatcher.start();
    }

    /** Stores {@code event} (decrypted XML {@code plaintext}) once and answers. */
    public CallbackResponse store(ContactEvent event, String plaintext) {
        if (closing) return CLOSED;
        String key = EventDelivery.key(plaintext);
        EventInbox.Offer offer;
        try {
            offer = inbox.offer(key, plaintext, OrderKeys.of(event), clock.instant());
        } catch (RuntimeException e) {
            log.warn("Inbox failed to store {} (key {}); answering 503", event, shortKey(key), e);
            return STORE_FAILED;
        }
        switch (offer) {
            case STORED:
                log.debug("Stored {} (key {})", event, shortKey(key));
                wake();
                return EventDelivery.OK;
            case DUPLICATE:
                log.debug("Duplicate of stored {} (key {}); acknowledged", event, shortKey(key));
                return EventDelivery.OK;
            default:
                log.warn("Inbox full; refused {} (key {}) with 503 so that WeCom retries", event, shortKey(key));
                return FULL;
        }
    }

    public InboxStats stats() {
        EventInbox.Backlog backlog = inbox.backlog();
        Instant now = clock.instant();
        Duration age = backlog.oldestPending().map(t -> Duration.between(t, now))
                .filter(d -> !d.isNegative()).orElse(Duration.ZERO);
        return new InboxStats(backlog.pending(), backlog.parked(), age, applied.get(), retried.get(), parked.get());
    }

    public List<InboxEvent> parked(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit < 1: " + limit);
        return inbox.parked(limit);
    }

    public int retryParked() {
        int n = inbox.retryParked(clock.instant());
        if (n > 0) wake();
        return n;
    }

    public boolean retry(String key) {
        boolean done = inbox.retry(java.util.Objects.requireNonNull(key, "key == null"), clock.instant());
        if (done) wake();
        return done;
    }

    /** Stops claiming; lets running events finish within the close timeout, then interrupts them. */
    @Override
    public void close() {
        closing = true;
        wake();
        try {
            dispatcher.join(settings.closeTimeout().toMillis());
            pool.shutdown();
            if (!pool.awaitTermination(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} inbox events still running after {}; interrupting them (their leases run out and"
                        + " they are claimed again)", running.size(), settings.closeTimeout());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch() {
        Instant lastRenewal = clock.instant();
        long nextPurge = 0;
        while (!closing) {
            try {
                Instant now = clock.instant();
                if (!Duration.between(lastRenewal, now).minus(settings.lease().dividedBy(3)).isNegative()) {
                    renewAll(now);
                    lastRenewal = now;
                }
                int free = settings.workers() - running.size();
                if (free > 0) {
                    for (InboxEvent e : inbox.claim(free, now, settings.lease())) {
                        running.put(e.key(), e);
                        pool.execute(() -> work(e));
                    }
                }
                if (System.nanoTime() - nextPurge >= 0) {
                    nextPurge = System.nanoTime() + settings.purgeInterval().toNanos();
                    int purged = inbox.purge(now);
                    if (purged > 0) log.debug("Purged {} applied events from the inbox", purged);
                }
            } catch (RuntimeException e) {
                log.warn("Inbox dispatch failed; trying again in {}", settings.pollInterval(), e);
            }
            await();
        }
    }

    private void renewAll(Instant now) {
        Instant until = now.plus(settings.lease());
        for (InboxEvent e : running.values()) {
            if (!inbox.renew(e, until)) log.warn("Lost the lease of running inbox event {}", e.shortKey());
        }
    }

    private void work(InboxEvent entry) {
        try {
            ContactEvent event;
            try {
                event = EventParser.parse(entry.xml());
            } catch (MalformedMessageException e) {
                fail(entry, new UnknownEvent("", entry.receivedAt(), entry.xml(), "", "", ""), e, true);
                return;
            }
            Throwable failure = null;
            try {
                listener.onEvent(event);
            } catch (Throwable t) {
                if (t instanceof InterruptedException) Thread.currentThread().interrupt();
                failure = t;
            }
            if (failure == null) {
                succeed(entry, event);
            } else {
                fail(entry, event, failure, entry.attempts() >= settings.maxAttempts());
                if (failure instanceof VirtualMachineError vme) throw vme;
            }
        } catch (RuntimeException e) {
            log.warn("Inbox failed to record the outcome of {}; it runs again when its lease is over",
                    entry.shortKey(), e);
        } finally {
            running.remove(entry.key());
            wake();
        }
    }

    private void succeed(InboxEvent entry, ContactEvent event) {
        if (!inbox.applied(entry, clock.instant())) {
            log.warn("Applied {} (key {}), but its lease had run out: it may run again", event, entry.shortKey());
            return;
        }
        applied.incrementAndGet();
        log.debug("Applied {} (key {}, attempt {})", event, entry.shortKey(), entry.attempts());
        notify(() -> observer.onApplied(event, entry));
    }

    private void fail(InboxEvent entry, ContactEvent event, Throwable error, boolean park) {
        Instant now = clock.instant();
        Instant next = park ? now : now.plus(delay(entry.attempts()));
        if (!inbox.failed(entry, describe(error), next, park)) {
            log.warn("Attempt {} on {} (key {}) failed after its lease had run out", entry.attempts(), event,
                    entry.shortKey(), error);
            return;
        }
        if (park) {
            parked.incrementAndGet();
            log.warn("Parked {} (key {}) after {} attempts; retry it with retryParked()", event, entry.shortKey(),
                    entry.attempts(), error);
            notify(() -> observer.onParked(event, entry, error));
        } else {
            retried.incrementAndGet();
            log.warn("Attempt {} on {} (key {}) failed; next attempt at {}: {}", entry.attempts(), event,
                    entry.shortKey(), next, describe(error));
            notify(() -> observer.onRetry(event, entry, error, next));
        }
    }

    /** The wait after attempt {@code attempts} failed: doubling from the first delay, capped, ±10 %. */
    Duration delay(int attempts) {
        Duration base = settings.firstRetryDelay();
        for (int i = 1; i < attempts && base.compareTo(settings.maxRetryDelay()) < 0; i++) base = base.multipliedBy(2);
        if (base.compareTo(settings.maxRetryDelay()) > 0) base = settings.maxRetryDelay();
        double spread = 0.9 + 0.2 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(base.toMillis() * spread));
    }

    /** Class and message of a failure, cut to a length fit for a column and a log line. */
    static String describe(Throwable t) {
        String text = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("InboxListener threw; ignored", e);
        }
    }

    private void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void await() {
        synchronized (signal) {
            try {
                if (!woken && !closing) signal.wait(Math.max(1, settings.pollInterval().toMillis()));
            } catch (InterruptedException e) {
                closing = true;
                Thread.currentThread().interrupt();
            }
            woken = false;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String shortKey(String key) {
        return key.substring(0, Math.min(12, key.length()));
    }
}
