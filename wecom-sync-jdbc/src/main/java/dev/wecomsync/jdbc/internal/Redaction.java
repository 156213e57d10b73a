package dev.wecomsync.jdbc.internal;

import dev.wecomsync.jdbc.JdbcStoreException;
import java.sql.SQLException;

/**
 * Keeps a secret out of a failure of a statement that bound it. Some drivers quote bound values
 * in their messages, whole or cut short (H2's "value too long" does), so replacing the secret is
 * not enough: this rebuilds the cause chain without the drivers' messages, keeping each cause's
 * SQLState, error code, type name and stack trace.
 */
public final class Redaction {

    private Redaction() {}

    /** {@code failure}, whose own message is ours, with every cause's message withheld. */
    public static JdbcStoreException withholdCauseMessages(JdbcStoreException failure) {
        JdbcStoreException clean = new JdbcStoreException(failure.getMessage(), copy(failure.getCause(), 0));
        clean.setStackTrace(failure.getStackTrace());
        return clean;
    }

    private static Throwable copy(Throwable t, int depth) {
        if (t == null || depth > 10) return null;
        Throwable cause = copy(t.getCause(), depth + 1);
        Throwable clean;
        if (t instanceof SQLException sql) {
            clean = new SQLException(t.getClass().getName() + " (message withheld: it may quote a token), SQLState "
                    + sql.getSQLState() + ", error code " + sql.getErrorCode(), sql.getSQLState(), sql.getErrorCode(), cause);
        } else {
            clean = new RuntimeException(t.getClass().getName() + " (message withheld: it may quote a token)", cause);
        }
        clean.setStackTrace(t.getStackTrace());
        return clean;
    }
}
