package dev.wecomsync.examples.jdbc;

/**
 * A database call of {@link JdbcSyncTarget} failed; its transaction was rolled back, so neither
 * the data nor the sync state changed. The cause is the driver's {@link java.sql.SQLException}.
 */
public final class JdbcTargetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JdbcTargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
