package dev.wecomsync.client.internal;

import dev.wecomsync.client.TokenStore;
import dev.wecomsync.client.TokenStore.Key;
import dev.wecomsync.client.TokenStore.Token;
import dev.wecomsync.client.WeComIoException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Predicate;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The access token of one (corpid, secret) pair: cached, refreshed ahead of expiry, and fetched by
 * one thread at a time however many need it (single flight: the others wait and then use the
 * token it fetched, or get the exception its fetch ended with).
 */
final class TokenSource {

    /** How long before expiry a token is replaced; at most half its lifetime. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final TokenStore store;
    private final Key key;
    private final Clock clock;
    private final Supplier<Token> fetch;
    private final ReentrantLock lock = new ReentrantLock();

    /** The token in use and when to replace it; null when there is none. */
    private volatile Cached cached;
    /** How many fetches have ended; guarded by {@code lock} for writes. */
    private volatile long fetches;
    /** The failure of the last fetch, if it failed; guarded by {@code lock}. */
    private Failure lastFailure;
    /** The last token WeCom rejected, never to be taken from the store again; guarded by {@code lock}. */
    private String rejected;

    TokenSource(TokenStore store, Key key, Clock clock, Supplier<Token> fetch) {
        this.store = store;
        this.key = key;
        this.clock = clock;
        this.fetch = fetch;
    }

    /** The store key for {@code corpId} and {@code secret}: the first 16 hex digits of SHA-256(secret). */
    static Key key(String corpId, String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return new Key(corpId, HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is always available", e);
        }
    }

    Key key() {
        return key;
    }

    /** A token that is not about to expire. */
    String get(String api) {
        Cached current = cached;
        if (current != null && current.fresh(clock.instant())) {
            return current.token.value();
        }
        long fetchesSeen = fetches;
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeComIoException(api, -1, api + ": interrupted while waiting for an access token", e);
        }
        try {
            Instant now = clock.instant();
            current = cached;
            if (current != null && current.fresh(now)) {
                return current.token.value();
            }
            Cached stale = current;
            String refused = rejected;
            Predicate<Token> usable = t -> new Cached(t, t.expiresAt().minus(REFRESH_MARGIN)).fresh(now)
                    && !(stale != null && t.equals(stale.token)) && !t.value().equals(refused);
            boolean[] fetched = {false};
            Token token = store.getOrRefresh(key, usable, () -> {
                if (lastFailure != null && lastFailure.fetch > fetchesSeen) {
                    // A fetch failed while this thread waited for it: share that failure rather than ask
                    // again (a wrong secret asked for many times gets the caller's IP banned).
                    throw lastFailure.exception;
                }
                Token fresh;
                try {
                    fresh = fetch.get();
                } catch (RuntimeException e) {
                    lastFailure = new Failure(++fetches, e);
                    throw e;
                }
                fetches++;
                lastFailure = null;
                fetched[0] = true;
                return fresh;
            });
            if (fetched[0]) {
                Duration lifetime = Duration.between(now, token.expiresAt());
                Duration margin = lifetime.dividedBy(2).compareTo(REFRESH_MARGIN) < 0 ? lifetime.dividedBy(2) : REFRESH_MARGIN;
                cached = new Cached(token, token.expiresAt().minus(margin));
            } else {
                cached = new Cached(token, token.expiresAt().minus(REFRESH_MARGIN));
            }
            return token.value();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets {@code value} if it is the token in use, here and in the store; WeCom rejected it. */
    void invalidate(String value) {
        lock.lock();
        try {
            rejected = value;
            Cached current = cached;
            if (current != null && current.token.value().equals(value)) {
                cached = null;
                store.invalidate(key, current.token);
            } else {
                store.get(key).filter(t -> t.value().equals(value)).ifPresent(t -> store.invalidate(key, t));
            }
        } finally {
            lock.unlock();
        }
    }

    private record Failure(long fetch, RuntimeException exception) {
    }

    private record Cached(Token token, Instant refreshAt) {
        boolean fresh(Instant now) {
            return now.isBefore(refreshAt);
        }
    }
}
