package dev.wecomsync.client;

import dev.wecomsync.client.internal.InMemoryTokenStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Where a {@link WeComClient} keeps its access tokens. The default keeps them in memory; implement
 * this to share one token between the instances of a cluster (in Redis, a database, ...), so that
 * they do not each call {@code gettoken} and invalidate each other's tokens.
 *
 * <p>Tokens are keyed by {@link Key}: the corpid and a fingerprint of the secret, never the secret
 * itself.
 *
 * <h2>How the client refreshes</h2>
 * When its cached token is due, the client calls {@link #getOrRefresh} with a test for a usable token
 * and the {@code gettoken} call. The default runs {@link #get}, the test, the call and {@link #put}, in
 * that order; a store shared by a cluster overrides it so that one instance calls {@code gettoken} at
 * a time and the others use its token, and so that when that call fails, the next instance that asks
 * calls at once instead of waiting for a lease to run out.
 *
 * <h2>Contract</h2>
 * Implementations must be thread-safe. {@link #get} may return an expired token: the client checks
 * {@link Token#expiresAt()} itself. A store that throws fails the call that needed the token with
 * that exception.
 */
public interface TokenStore {

    /** The token stored under {@code key}, if any. */
    Optional<Token> get(Key key);

    /** Stores {@code token} under {@code key}, replacing what was there. */
    void put(Key key, Token token);

    /**
     * Forgets the token under {@code key}, but only if it is still {@code token}: WeCom rejected it.
     * A newer token that another instance stored in the meantime must stay.
     */
    void invalidate(Key key, Token token);

    /**
     * The stored token if {@code usable} accepts it; otherwise the token {@code fetch} returns (it calls
     * {@code gettoken}), stored for the others. When {@code fetch} throws, nothing is stored, any claim
     * this store made to refresh is given up at once, and the exception is thrown. The client calls
     * this from one thread at a time per key; {@code usable} is cheap and has no side effects.
     */
    default Token getOrRefresh(Key key, Predicate<Token> usable, Supplier<Token> fetch) {
        Optional<Token> stored = get(key);
        if (stored.isPresent() && usable.test(stored.get())) {
            return stored.get();
        }
        Token token = fetch.get();
        put(key, token);
        return token;
    }

    /** A store that keeps tokens in this JVM's memory; the default. */
    static TokenStore inMemory() {
        return new InMemoryTokenStore();
    }

    /**
     * What a token belongs to: a corpid and a fingerprint of the secret (the first 16 hex digits of
     * its SHA-256). {@link #toString()} is {@code "corpId/fingerprint"}, safe to use as a storage key.
     */
    record Key(String corpId, String secretFingerprint) {
        public Key {
            Objects.requireNonNull(corpId, "corpId == null");
            Objects.requireNonNull(secretFingerprint, "secretFingerprint == null");
        }

        @Override
        public String toString() {
            return corpId + "/" + secretFingerprint;
        }
    }

    /**
     * An access token and the instant WeCom said it expires. {@link #toString()} hides the value.
     */
    record Token(String value, Instant expiresAt) {
        public Token {
            Objects.requireNonNull(value, "value == null");
            Objects.requireNonNull(expiresAt, "expiresAt == null");
        }

        @Override
        public String toString() {
            return "Token{value=██, expiresAt=" + expiresAt + "}";
        }
    }
}
