package dev.wecomsync.redis;

import static java.util.Objects.requireNonNull;

import dev.wecomsync.redis.internal.Durations;
import dev.wecomsync.redis.internal.RedisLink;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What every store of this package is configured with: where Redis is (a URI, or the host's own
 * {@link RedisClient}), the key prefix and the command timeout. Each store's {@code Builder}
 * extends it and adds its own settings.
 *
 * <h2>Who closes what</h2>
 * A store built from {@link #uri} creates its own {@code RedisClient} and shuts it down in
 * {@code close()}. A store built from {@link #client} opens one connection of its own on the
 * host's client and closes only that connection; the host shuts its client down, after the stores.
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 */
public abstract class RedisStoreBuilder<B extends RedisStoreBuilder<B>> {

    /** How long one Redis command may take before the store counts Redis as unreachable. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.:-]{0,64}");

    private RedisURI uri;
    private RedisClient client;
    private String keyPrefix = "";
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;

    RedisStoreBuilder() {
    }

    /**
     * Where Redis is, as {@code redis://host:port[/database]} (or {@code rediss://} for TLS, with
     * {@code user:password@} for ACLs). The store creates its own client and shuts it down when
     * closed. Either this or {@link #client} is required.
     *
     * @throws IllegalArgumentException when {@code uri} is not a Redis URI
     */
    public B uri(String uri) {
        requireNonNull(uri, "uri == null");
        try {
            this.uri = RedisURI.create(uri);
        } catch (RuntimeException e) {
            // The URI may carry a password: do not quote it.
            throw new IllegalArgumentException("not a Redis URI (expected redis://host:port): " + e.getClass().getSimpleName());
        }
        this.client = null;
        return self();
    }

    /**
     * The host's Lettuce client: the store opens one connection on it and closes that connection
     * when closed, never the client. The client's own options apply (with Lettuce's defaults,
     * commands wait while Redis is unreachable, up to {@link #commandTimeout}).
     */
    public B client(RedisClient client) {
        this.client = requireNonNull(client, "client == null");
        this.uri = null;
        return self();
    }

    /**
     * Put between {@code wecomsync:} and the store's own key names ({@code rate:}, {@code token:},
     * {@code lock:}, {@code event:}): letters, digits and {@code _ . : -}, at most 64; empty by
     * default. Instances that share a limit, token or lock must use the same prefix.
     */
    public B keyPrefix(String keyPrefix) {
        requireNonNull(keyPrefix, "keyPrefix == null");
        if (!PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("keyPrefix must be at most 64 letters, digits or _ . : - : \""
                    + keyPrefix + "\"");
        }
        this.keyPrefix = keyPrefix;
        return self();
    }

    /** How long one command may take; default 2 s. */
    public B commandTimeout(Duration commandTimeout) {
        this.commandTimeout = Durations.positive(commandTimeout, "commandTimeout");
        return self();
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** For {@code build()}: the link to Redis; it connects on first use. */
    final RedisLink link(String store) {
        if (uri == null && client == null) {
            throw new IllegalStateException("uri == null and client == null: say where Redis is");
        }
        return uri != null ? RedisLink.own(uri, commandTimeout, store) : RedisLink.shared(client, commandTimeout, store);
    }

    /** {@code wecomsync:<prefix><name>}: the start of a store's keys. */
    final String namespace(String name) {
        return "wecomsync:" + keyPrefix + name;
    }
}
