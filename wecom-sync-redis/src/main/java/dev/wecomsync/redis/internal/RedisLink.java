package dev.wecomsync.redis.internal;

import dev.wecomsync.redis.RedisStoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One store's connection to Redis: opened on first use (so a store can be built while Redis is
 * down), shared by all the store's threads (Lettuce connections are thread-safe), and closed with
 * the store. Every failure comes out as a {@link RedisStoreException} naming the store and what it
 * was doing.
 */
public final class RedisLink implements AutoCloseable {

    private final RedisClient client;
    private final boolean ownsClient;
    private final Duration timeout;
    private final String store;
    private volatile StatefulRedisConnection<String, String> connection;
    private boolean closed;

    private RedisLink(RedisClient client, boolean ownsClient, Duration timeout, String store) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.timeout = timeout;
        this.store = store;
    }

    /**
     * A link on a client of its own: commands fail at once while the connection is down (rather than
     * wait for it to come back), connecting and commands time out after {@code timeout}.
     */
    public static RedisLink own(RedisURI uri, Duration timeout, String store) {
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        return new RedisLink(client, true, timeout, store);
    }

    /** A link with a connection of its own on the host's client; the client's options apply. */
    public static RedisLink shared(RedisClient client, Duration timeout, String store) {
        return new RedisLink(client, false, timeout, store);
    }

    /** Runs {@code command} on the connection, opening it first if need be. */
    public <T> T call(String what, Function<RedisCommands<String, String>, T> command) {
        try {
            return command.apply(connection().sync());
        } catch (RedisCommandInterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisStoreException(store + ": interrupted while trying to " + what, e);
        } catch (RedisException e) {
            throw new RedisStoreException(store + ": " + what + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code script} by its digest, sending its text only when Redis does not know it yet. */
    public <T> T eval(String what, Script script, ScriptOutputType type, String[] keys, String... args) {
        return call(what, c -> {
            try {
                return c.evalsha(script.sha1(), type, keys, args);
            } catch (RedisNoScriptException e) {
                return c.eval(script.text(), type, keys, args);
            }
        });
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) return c;
        synchronized (this) {
            if (closed) throw new IllegalStateException(store + " is closed");
            if (connection == null) {
                StatefulRedisConnection<String, String> opened = client.connect();
                opened.setTimeout(timeout);
                connection = opened;
            }
            return connection;
        }
    }

    /** Closes the connection, and the client if this link created it. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            if (connection != null) connection.close();
        } finally {
            connection = null;
            if (ownsClient) client.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
