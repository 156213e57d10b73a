package dev.wecomsync.client.internal;

import dev.wecomsync.client.TokenStore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The default {@link TokenStore}: a map in this JVM. */
public final class InMemoryTokenStore implements TokenStore {

    private final ConcurrentMap<Key, Token> tokens = new ConcurrentHashMap<>();

    @Override
    public Optional<Token> get(Key key) {
        return Optional.ofNullable(tokens.get(key));
    }

    @Override
    public void put(Key key, Token token) {
        tokens.put(key, token);
    }

    @Override
    public void invalidate(Key key, Token token) {
        tokens.remove(key, token);
    }

    @Override
    public String toString() {
        return "TokenStore.inMemory()";
    }
}
