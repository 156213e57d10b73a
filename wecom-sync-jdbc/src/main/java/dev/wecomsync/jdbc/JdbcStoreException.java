package dev.wecomsync.jdbc;

import dev.wecomsync.client.WeComException;

/**
 * A JDBC store could not do its work: the database refused a statement, a connection failed, or
 * the tables are missing. The cause is the driver's {@link java.sql.SQLException}.
 *
 * <p>The message names the store, the operation and the table, never a token or a secret.
 */
public final class JdbcStoreException extends WeComException {

    private static final long serialVersionUID = 1L;

    /** An exception with that message and its cause, usually the {@link java.sql.SQLException}. */
    public JdbcStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
