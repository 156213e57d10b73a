package dev.wecomsync.client;

import dev.wecomsync.client.internal.InMemoryTokenStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link WeComClient} keeps its access tokens. The default keeps them in memory; implement
 * this to share one token between the instances of a cluster (in Redis, a database, ...), so that
 * they do not each call {@code gettoken} and invalidate each other's tokens.
 *
 * <p>Tokens are keyed by {@link Key}: the corpid and a fingerprint of the secret, never the secret
 * itself.
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
