package dev.wecomsync.callback;

import static dev.wecomsync.callback.internal.Refusals.required;
import static java.util.Objects.requireNonNull;

import dev.wecomsync.callback.internal.EventDelivery;
import dev.wecomsync.callback.internal.EventParser;
import dev.wecomsync.callback.internal.InboxWorkers;
import dev.wecomsync.callback.internal.MalformedMessageException;
import dev.wecomsync.callback.internal.QueryString;
import dev.wecomsync.callback.internal.Refusals;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.crypto.CallbackCryptoException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers WeCom's callback requests, framework-neutral: give it the method, the raw query string
 * and the body; write back the {@link CallbackResponse}.
 *
 * <pre>{@code
 * CallbackHandler handler = CallbackHandler.builder()
 *     .crypto(CallbackCrypto.of(token, encodingAesKey, corpId))
 *     .onEvent(sync::apply)
 *     .build();
 * CallbackResponse r = handler.handle(request.getMethod(), request.getQueryString(), body);
 * }</pre>
 *
 * <h2>What it does</h2>
 * {@code GET} is WeCom's URL verification: the query is percent-decoded once, the echostr is
 * verified and decrypted, and the plaintext is the 200 body, exactly. {@code POST} is an event:
 * the body is verified, decrypted, parsed into a {@link ContactEvent}, and then either stored in
 * an {@link EventInbox} (inbox mode) or de-duplicated by an {@link EventDeduplicator} and handed
 * to the listener (direct mode); 200 with an empty body acknowledges it.
 *
 * <h2>Statuses</h2>
 * WeCom retries every answer but 200, so each failure maps to a status by whether a retry can
 * succeed: 400 malformed query or body; 403 bad signature, timestamp outside {@code maxAge},
 * or a message for another corp; 405 a method other than GET or POST; 413 a body over
 * {@code maxBodyBytes}; 500 the listener threw (the event stays undelivered, so the retry runs
 * the listener again); 503 the same event is being handled right now, the listener is still
 * running after {@code answerWithin}, or the inbox is full or unavailable. {@code handle} never
 * throws.
 *
 * <h2>Inbox or direct</h2>
 * With {@link Builder#inbox}, the handler answers 200 as soon as the event is stored, in
 * milliseconds whatever WeCom's API is doing, and its workers run the listener: failed attempts
 * are retried with backoff ({@code retryDelay}) up to {@code maxAttempts}, then parked until
 * {@link #retryParked()}; events about one user or department run in arrival order, others in
 * parallel ({@code workers}). Without an inbox the listener's outcome is the answer (500 when it
 * threw, so WeCom resends), and a request waits at most {@code answerWithin} (4 s, under WeCom's
 * 5) for it: a listener still running then answers 503 and finishes in the background, keeping
 * the event's claim, so WeCom's retry sees its outcome.
 *
 * <h2>Thread safety and lifecycle</h2>
 * Thread-safe; share one instance. {@link #close()} stops the workers. Logs name events by type
 * and ids, never their XML, and never the token or key.
 */
public final class CallbackHandler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackHandler.class);

    /** Default replay window: timestamps more than this far from now are refused. */
    public static final Duration DEFAULT_MAX_AGE = CallbackCrypto.DEFAULT_MAX_AGE;
    /** Default limit on a POST body, in bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** Default time a delivery holds its claim on an event before another may take over. */
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(1);
    /** Size bound of the default in-memory deduplicator. */
    public static final int DEFAULT_DEDUPLICATOR_ENTRIES = 100_000;
    /** Default longest wait of a request for the listener, without an inbox: under WeCom's 5 s. */
    public static final Duration DEFAULT_ANSWER_WITHIN = Duration.ofSeconds(4);
    /** Default number of inbox workers: events applied at once. */
    public static final int DEFAULT_WORKERS = 4;
    /** Default attempts at an inbox event before it is parked. */
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    /** Default wait after an inbox event's first failed attempt; each later wait doubles. */
    public static final Duration DEFAULT_FIRST_RETRY_DELAY = Duration.ofSeconds(10);
    /** Default cap on the wait between two attempts at an inbox event. */
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofMinutes(10);

    private final CallbackCrypto crypto;
    private final int maxBodyBytes;
    private final EventDelivery delivery; // null in inbox mode
    private final InboxWorkers workers; // null in direct mode

    private CallbackHandler(Builder builder, EventDeduplicator deduplicator) {
        this.crypto = builder.crypto.withMaxAge(builder.maxAge, builder.clock)
                .withMaxInputLength(Math.max(64, builder.maxBodyBytes));
        this.maxBodyBytes = builder.maxBodyBytes;
        this.delivery = deduplicator == null ? null : new EventDelivery(builder.listener, deduplicator,
                builder.claimLease, builder.executor, builder.maxPending, builder.answerWithin);
        this.workers = builder.inbox == null ? null : new InboxWorkers(builder.inbox, builder.listener,
                builder.inboxListener, builder.clock, new InboxWorkers.Settings(builder.workers,
                        builder.maxAttempts, builder.firstRetryDelay, builder.maxRetryDelay, builder.claimLease,
                        builder.pollInterval, builder.purgeInterval, builder.closeTimeout));
    }

    /** A builder; {@code crypto} and {@code onEvent} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Answers one request. {@code rawQueryString} is the query as received, still percent-encoded
     * (Servlet {@code getQueryString()}, JDK {@code URI.getRawQuery()}); {@code body} may be null
     * for GET. Never throws.
     */
    public CallbackResponse handle(String method, String rawQueryString, String body) {
        try {
            if ("GET".equalsIgnoreCase(method)) return verifyUrl(rawQueryString);
            if ("POST".equalsIgnoreCase(method)) return receive(rawQueryString, body);
            return Refusals.NOT_ALLOWED;
        } catch (RuntimeException e) {
            log.error("Callback handling failed unexpectedly", e);
            return Refusals.INTERNAL;
        }
    }

    /** The POST body limit; adapters should stop reading a body beyond it and answer 413. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The inbox's depth, oldest pending age and worker counts; empty without an inbox. */
    public Optional<InboxStats> inboxStats() {
        return Optional.ofNullable(workers).map(InboxWorkers::stats);
    }

    /** Up to {@code limit} parked events, oldest first. Fails with IllegalStateException without an inbox. */
    public List<InboxEvent> parkedEvents(int limit) {
        return inboxWorkers().parked(limit);
    }

    /** Makes every parked event pending again with a fresh attempt count; returns how many. */
    public int retryParked() {
        return inboxWorkers().retryParked();
    }

    /** Makes the parked event with this key pending again; false when no such event is parked. */
    public boolean retry(String eventKey) {
        return inboxWorkers().retry(eventKey);
    }

    /**
     * Stops the inbox workers, letting running events finish within {@code closeTimeout} (events
     * still running then are interrupted and, their leases run out, claimed again later). Requests
     * after this answer 503. Without an inbox, listener runs still in progress finish in the
     * background. The inbox itself is not closed.
     */
    @Override
    public void close() {
        if (workers != null) workers.close();
        if (delivery != null) delivery.close();
    }

    private InboxWorkers inboxWorkers() {
        if (workers == null) throw new IllegalStateException("no inbox configured (CallbackHandler.Builder.inbox)");
        return workers;
    }

    private CallbackResponse verifyUrl(String rawQuery) {
        try {
            Map<String, String> query = QueryString.parse(rawQuery);
            String plaintext = crypto.verifyUrl(required(query, "msg_signature"),
                    required(query, "timestamp"), required(query, "nonce"), required(query, "echostr"));
            return CallbackResponse.text(200, plaintext);
        } catch (MalformedMessageException e) {
            log.warn("Refused URL verification: {}", e.getMessage());
            return Refusals.MALFORMED;
        } catch (CallbackCryptoException e) {
            return Refusals.of("URL verification", e);
        }
    }

    private CallbackResponse receive(String rawQuery, String body) {
        if (body == null) body = "";
        if (Refusals.exceeds(body, maxBodyBytes)) {
            log.warn("Refused event: body over {} bytes", maxBodyBytes);
            return Refusals.TOO_LARGE;
        }
        String plaintext;
        ContactEvent event;
        try {
            Map<String, String> query = QueryString.parse(rawQuery);
            plaintext = crypto.decryptMessage(required(query, "msg_signature"),
                    required(query, "timestamp"), required(query, "nonce"), body);
            event = EventParser.parse(plaintext);
        } catch (MalformedMessageException e) {
            log.warn("Refused event: {}", e.getMessage());
            return Refusals.MALFORMED;
        } catch (CallbackCryptoException e) {
            return Refusals.of("event", e);
        }
        return workers != null ? workers.store(event, plaintext) : delivery.deliver(event, plaintext);
    }

    /** Configures a {@link CallbackHandler}; {@code crypto} and {@code onEvent} are required. */
    public static final class Builder {
        private CallbackCrypto crypto;
        private ContactEventListener listener;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private Clock clock = Clock.systemUTC();
        private EventDeduplicator deduplicator;
        private Duration claimLease = DEFAULT_CLAIM_LEASE;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Executor executor;
        private int maxPending;
        private Duration answerWithin = DEFAULT_ANSWER_WITHIN;
        private EventInbox inbox;
        private InboxListener inboxListener = new InboxListener() { };
        private int workers = DEFAULT_WORKERS;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration firstRetryDelay = DEFAULT_FIRST_RETRY_DELAY;
        private Duration maxRetryDelay = DEFAULT_MAX_RETRY_DELAY;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration purgeInterval = Duration.ofMinutes(5);
        private Duration closeTimeout = Duration.ofSeconds(10);

        private Builder() {}

        /**
         * The corp's callback token and EncodingAESKey, with the corpid as receiveId. The handler
         * applies its own replay window ({@link #maxAge}, {@link #clock}) in place of the one
         * {@code crypto} was configured with, even {@link CallbackCrypto#withoutReplayWindow()}.
         */
        public Builder crypto(CallbackCrypto crypto) {
            this.crypto = requireNonNull(crypto, "crypto == null");
            return this;
        }

        /** Receives every event; see {@link ContactEventListener} for its contract. */
        public Builder onEvent(ContactEventListener listener) {
            this.listener = requireNonNull(listener, "listener == null");
            return this;
        }

        /** Replay window: refuse timestamps further than this from now. Default 5 minutes. */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = positive(maxAge, "maxAge");
            return this;
        }

        /** Time source for the replay window and the default deduplicator. Default: system UTC. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock == null");
            return this;
        }

        /**
         * Where delivered events are remembered. Default: in memory, keeping each event for twice
         * {@code maxAge} plus the claim lease, at most 100,000 events. Use a shared one in a cluster.
         */
        public Builder deduplicator(EventDeduplicator deduplicator) {
            this.deduplicator = requireNonNull(deduplicator, "deduplicator == null");
            return this;
        }

        /**
         * How long one delivery (or inbox worker) holds an event before another may take it over,
         * should it neither finish nor fail (a crashed process). Default 1 minute. Without an inbox
         * make it longer than the slowest listener call; inbox workers renew it every third of it.
         */
        public Builder claimLease(Duration claimLease) {
            this.claimLease = positive(claimLease, "claimLease");
            return this;
        }

        /** Larger POST bodies are refused with 413. Default 1 MiB. */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes < 1: " + maxBodyBytes);
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * Async mode: acknowledge an event once it is verified, parsed and claimed, and run the
         * listener on {@code executor}. At most {@code maxPending} events may be queued or running;
         * beyond that, and when the executor rejects a task, the handler answers 503 so that WeCom
         * retries. The caller owns the executor and shuts it down. A listener failure in async mode
         * is logged and the event released, but WeCom does not resend it: rely on the next full sync.
         *
         * @deprecated use {@link #inbox(EventInbox)}, which answers as fast and retries a failed
         *     listener instead of dropping the event; async mode goes in a later version.
         */
        @Deprecated
        public Builder async(Executor executor, int maxPending) {
            requireNonNull(executor, "executor == null");
            if (maxPending < 1) throw new IllegalArgumentException("maxPending < 1: " + maxPending);
            this.executor = executor;
            this.maxPending = maxPending;
            return this;
        }

        /**
         * Without an inbox: the longest a request waits for the listener before answering 503 (the
         * run goes on in the background). Default 4 seconds, under WeCom's 5.
         */
        public Builder answerWithin(Duration answerWithin) {
            this.answerWithin = positive(answerWithin, "answerWithin");
            return this;
        }

        /**
         * Inbox mode: store each event in {@code inbox} and answer at once; workers run the listener
         * and retry it. Excludes {@link #deduplicator} (the inbox de-duplicates) and {@code async}.
         */
        public Builder inbox(EventInbox inbox) {
            this.inbox = requireNonNull(inbox, "inbox == null");
            return this;
        }

        /** Hears each applied, retried and parked inbox event. Default: none. */
        public Builder inboxListener(InboxListener inboxListener) {
            this.inboxListener = requireNonNull(inboxListener, "inboxListener == null");
            return this;
        }

        /** Inbox events applied at once (worker threads). Default 4. */
        public Builder workers(int workers) {
            if (workers < 1) throw new IllegalArgumentException("workers < 1: " + workers);
            this.workers = workers;
            return this;
        }

        /** Attempts at an inbox event, the first included, before it is parked. Default 10. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * The wait after an inbox event's first failed attempt, doubling after each further one up
         * to {@code max}, each spread by ±10 %. Default 10 seconds and 10 minutes.
         */
        public Builder retryDelay(Duration first, Duration max) {
            positive(first, "first");
            if (positive(max, "max").compareTo(first) < 0) {
                throw new IllegalArgumentException("max < first: " + max + " < " + first);
            }
            this.firstRetryDelay = first;
            this.maxRetryDelay = max;
            return this;
        }

        /**
         * How often idle inbox workers look for due events (retries, and events other instances
         * stored); a new event of this handler wakes them at once. Default 1 second.
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = positive(pollInterval, "pollInterval");
            return this;
        }

        /** How often the inbox's applied events past their retention are purged. Default 5 minutes. */
        public Builder purgeInterval(Duration purgeInterval) {
            this.purgeInterval = positive(purgeInterval, "purgeInterval");
            return this;
        }

        /** How long {@link CallbackHandler#close()} waits for running inbox events. Default 10 seconds. */
        public Builder closeTimeout(Duration closeTimeout) {
            requireNonNull(closeTimeout, "closeTimeout == null");
            if (closeTimeout.isNegative()) throw new IllegalArgumentException("closeTimeout < 0: " + closeTimeout);
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** Builds the handler; in inbox mode, starts its workers. */
        public CallbackHandler build() {
            if (crypto == null) throw new IllegalStateException("crypto == null");
            if (listener == null) throw new IllegalStateException("listener == null (call onEvent)");
            if (inbox != null) {
                if (deduplicator != null) {
                    throw new IllegalStateException("an inbox de-duplicates events itself: drop deduplicator(...)");
                }
                if (executor != null) {
                    throw new IllegalStateException("inbox(...) and async(...) exclude each other: drop async(...)");
                }
                return new CallbackHandler(this, null);
            }
            EventDeduplicator dedup = deduplicator != null
                    ? deduplicator
                    : EventDeduplicator.inMemory(
                            maxAge.multipliedBy(2).plus(claimLease), DEFAULT_DEDUPLICATOR_ENTRIES, clock);
            return new CallbackHandler(this, dedup);
        }

        private static Duration positive(Duration d, String name) {
            requireNonNull(d, name + " == null");
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
            return d;
        }
    }
}
