package dev.wecomsync.callback;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.callback.internal.EventDelivery;
import dev.wecomsync.callback.internal.EventParser;
import dev.wecomsync.callback.internal.MalformedMessageException;
import dev.wecomsync.callback.internal.QueryString;
import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.crypto.CallbackCryptoException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
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
 * the body is verified, decrypted, parsed into a {@link ContactEvent}, de-duplicated by an
 * {@link EventDeduplicator}, and handed to the listener; 200 with an empty body acknowledges it.
 *
 * <h2>Statuses</h2>
 * WeCom retries every answer but 200, so each failure maps to a status by whether a retry can
 * succeed: 400 malformed query or body; 403 bad signature, timestamp outside {@code maxAge},
 * or a message for another corp; 405 a method other than GET or POST; 413 a body over
 * {@code maxBodyBytes}; 500 the listener threw (the event stays undelivered, so the retry runs
 * the listener again); 503 the same event is being handled right now, or the async queue is
 * full. {@code handle} never throws.
 *
 * <h2>Sync and async</h2>
 * By default the listener runs in the request thread and its outcome is the answer. WeCom waits
 * 5 seconds; when the listener may take longer, use {@link Builder#async}: the handler answers
 * 200 once the event is verified, parsed and claimed, and runs the listener on the executor.
 *
 * <h2>Thread safety</h2>
 * Immutable and thread-safe; share one instance. Logs name events by type and ids, never their
 * XML, and never the token or key.
 */
public final class CallbackHandler {
    private static final Logger log = LoggerFactory.getLogger(CallbackHandler.class);

    /** Default replay window: timestamps more than this far from now are refused. */
    public static final Duration DEFAULT_MAX_AGE = CallbackCrypto.DEFAULT_MAX_AGE;
    /** Default limit on a POST body, in bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** Default time a delivery holds its claim on an event before another may take over. */
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(1);
    /** Size bound of the default in-memory deduplicator. */
    public static final int DEFAULT_DEDUPLICATOR_ENTRIES = 100_000;

    private static final CallbackResponse MALFORMED = CallbackResponse.text(400, "malformed request");
    private static final CallbackResponse FORBIDDEN = CallbackResponse.text(403, "verification failed");
    private static final CallbackResponse NOT_ALLOWED = CallbackResponse.text(405, "use GET or POST");
    private static final CallbackResponse TOO_LARGE = CallbackResponse.text(413, "body too large");
    private static final CallbackResponse INTERNAL = CallbackResponse.text(500, "internal error");

    private final CallbackCrypto crypto;
    private final int maxBodyBytes;
    private final EventDelivery delivery;

    private CallbackHandler(Builder builder, EventDeduplicator deduplicator) {
        this.crypto = builder.crypto.withMaxAge(builder.maxAge, builder.clock)
                .withMaxInputLength(Math.max(64, builder.maxBodyBytes));
        this.maxBodyBytes = builder.maxBodyBytes;
        this.delivery = new EventDelivery(builder.listener, deduplicator, builder.claimLease,
                builder.executor, builder.maxPending);
    }

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
            return NOT_ALLOWED;
        } catch (RuntimeException e) {
            log.error("Callback handling failed unexpectedly", e);
            return INTERNAL;
        }
    }

    /** The POST body limit; adapters should stop reading a body beyond it and answer 413. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    private CallbackResponse verifyUrl(String rawQuery) {
        try {
            Map<String, String> query = QueryString.parse(rawQuery);
            String plaintext = crypto.verifyUrl(required(query, "msg_signature"),
                    required(query, "timestamp"), required(query, "nonce"), required(query, "echostr"));
            return CallbackResponse.text(200, plaintext);
        } catch (MalformedMessageException e) {
            log.warn("Refused URL verification: {}", e.getMessage());
            return MALFORMED;
        } catch (CallbackCryptoException e) {
            return refused("URL verification", e);
        }
    }

    private CallbackResponse receive(String rawQuery, String body) {
        if (body == null) body = "";
        if (exceedsLimit(body)) {
            log.warn("Refused event: body over {} bytes", maxBodyBytes);
            return TOO_LARGE;
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
            return MALFORMED;
        } catch (CallbackCryptoException e) {
            return refused("event", e);
        }
        return delivery.deliver(event, plaintext);
    }

    private static CallbackResponse refused(String what, CallbackCryptoException e) {
        log.warn("Refused {}: {} ({})", what, e.reason(), e.code());
        switch (e.reason()) {
            case SIGNATURE_INVALID:
            case TIMESTAMP_INVALID:
            case RECEIVE_ID_MISMATCH:
                return FORBIDDEN;
            case TOO_LARGE:
                return TOO_LARGE;
            default:
                return MALFORMED;
        }
    }

    private static String required(Map<String, String> query, String name)
            throws MalformedMessageException {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw new MalformedMessageException("query lacks " + name);
        }
        return value;
    }

    private boolean exceedsLimit(String body) {
        if (body.length() > maxBodyBytes) return true; // every char is at least one byte
        if ((long) body.length() * 3 <= maxBodyBytes) return false; // and at most three
        long bytes = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a pair is 4
        }
        return bytes > maxBodyBytes;
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
            requireNonNull(maxAge, "maxAge == null");
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
            }
            this.maxAge = maxAge;
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
         * How long one delivery holds an event before a redelivery may take it over, should the
         * delivery neither finish nor fail (a crashed process). Default 1 minute; make it longer
         * than the slowest listener call.
         */
        public Builder claimLease(Duration claimLease) {
            requireNonNull(claimLease, "claimLease == null");
            if (claimLease.isNegative() || claimLease.isZero()) {
                throw new IllegalArgumentException("claimLease must be positive: " + claimLease);
            }
            this.claimLease = claimLease;
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
         */
        public Builder async(Executor executor, int maxPending) {
            requireNonNull(executor, "executor == null");
            if (maxPending < 1) throw new IllegalArgumentException("maxPending < 1: " + maxPending);
            this.executor = executor;
            this.maxPending = maxPending;
            return this;
        }

        public CallbackHandler build() {
            if (crypto == null) throw new IllegalStateException("crypto == null");
            if (listener == null) throw new IllegalStateException("listener == null (call onEvent)");
            EventDeduplicator dedup = deduplicator != null
                    ? deduplicator
                    : EventDeduplicator.inMemory(
                            maxAge.multipliedBy(2).plus(claimLease), DEFAULT_DEDUPLICATOR_ENTRIES, clock);
            return new CallbackHandler(this, dedup);
        }
    }
}
