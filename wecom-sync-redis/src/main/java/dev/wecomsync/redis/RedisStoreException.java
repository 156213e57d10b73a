package dev.wecomsync.redis;

import dev.wecomsync.client.WeComException;

/**
 * A Redis store could not do its work: Redis could not be reached, a command timed out, or Redis
 * refused it. The cause is Lettuce's exception.
 *
 * <p>The message names the store, the operation and the key, never a token or a secret.
 */
public final class RedisStoreException extends WeComException {

    private static final long serialVersionUID = 1L;

    public RedisStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
